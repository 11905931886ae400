"""A faster `__init__` for the frozen slotted dataclasses built once per candidate line.

Python 3.11's generated `__init__` of a frozen dataclass sets each field through `object.__setattr__`
(a lookup and a call per field: 12 us for an `ErrorRecord` of 22 fields). `fast_init` replaces it with one
of the same signature and defaults that sets each slot through its member descriptor (5 us); the class
stays frozen (`__setattr__` still raises), and equality, hashing, `repr` and `dataclasses.replace` are the
dataclass's own. Only plain fields are taken: a class with a default factory, `__post_init__`, an
`InitVar`, a keyword-only or a non-init field is refused, so nothing `dataclasses` would do is skipped.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Give a frozen slotted dataclass an `__init__` that sets its slots directly (apply over @dataclass)."""
    params = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {}
    signature: list[str] = []
    body: list[str] = []
    pseudo = len(cls.__dataclass_fields__) != len(params)  # type: ignore[attr-defined]  # InitVar, ClassVar
    if pseudo or "__post_init__" in cls.__dict__ or any(field.name not in cls.__dict__ for field in params):
        raise TypeError(f"{cls.__name__}: fast_init takes frozen slotted dataclasses without __post_init__")
    for number, field in enumerate(params):
        slot = cls.__dict__[field.name]
        plain = field.init and not field.kw_only and field.default_factory is dataclasses.MISSING
        if not plain or not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{field.name}: fast_init takes plain positional slot fields only")
        namespace[f"_set{number}"] = slot.__set__
        if field.default is dataclasses.MISSING:
            signature.append(field.name)
        else:
            namespace[f"_default{number}"] = field.default
            signature.append(f"{field.name}=_default{number}")
        body.append(f"    _set{number}(self, {field.name})")
    # the names are the class's own field names (identifiers); values come in through the namespace
    exec(f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"]), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 - a method replaced on the class
    return cls
