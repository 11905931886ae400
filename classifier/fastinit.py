"""A faster `__init__` and `replace` for the frozen slotted dataclasses built once per candidate line.

Python 3.11's generated `__init__` of a frozen dataclass sets each field through `object.__setattr__`
(a lookup and a call per field: 12 us for an `ErrorRecord` of 22 fields). `fast_init` replaces it with one
of the same signature and defaults that sets each slot through its member descriptor (5 us); the class
stays frozen (`__setattr__` still raises), and equality, hashing and `repr` are the dataclass's own. It also
gives the class a `__replace__` (the name Python 3.13's `copy.replace` calls) that copies the slots, the
changed ones from its keywords: `replace` below uses it (`dataclasses.replace` walks the class's fields and
calls `__init__` with every one by keyword: 10 us for an `ErrorRecord`, 2 us so). Only plain fields are
taken: a class with a default factory, `__post_init__`, an `InitVar`, a keyword-only or a non-init field is
refused, so nothing `dataclasses` would do is skipped.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar

T = TypeVar("T")
_KEEP: Any = object()  # a `__replace__` keyword not given: the slot keeps its value


def fast_init(cls: type[T]) -> type[T]:
    """Give a frozen slotted dataclass an `__init__` that sets its slots directly (apply over @dataclass)."""
    params = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {}
    signature: list[str] = []
    body: list[str] = []
    keep: list[str] = []  # __replace__'s keywords and its body
    copy: list[str] = []
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
        keep.append(f"{field.name}=_KEEP")
        copy.append(f"    _set{number}(new, self.{field.name} if {field.name} is _KEEP else {field.name})")
    # the names are the class's own field names (identifiers); values come in through the namespace
    exec(f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"]), namespace)  # noqa: S102
    namespace.update(_KEEP=_KEEP, _new=object.__new__, _cls=cls)
    copier = [f"def __replace__(self, *, {', '.join(keep)}):" if keep else "def __replace__(self):"]
    exec("\n".join([*copier, "    new = _new(_cls)", *copy, "    return new"]), namespace)  # noqa: S102
    namespace["__init__"].sets_slots = True  # see `sets_slots`
    for name in ("__init__", "__replace__"):
        method = namespace[name]
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        method.__module__ = cls.__module__
        setattr(cls, name, method)  # a method set on the class
    return cls


def replace(obj: T, /, **changes: Any) -> T:
    """`dataclasses.replace`, through the class's `__replace__` when `fast_init` gave it one."""
    copier = getattr(type(obj), "__replace__", None)
    if copier is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    return copier(obj, **changes)  # type: ignore[no-any-return]


def sets_slots(cls: type) -> bool:
    """Whether `cls(*values)` is `fast_init`'s own `__init__`: each field's slot set from its value, in order."""
    return getattr(cls.__dict__.get("__init__"), "sets_slots", False) is True
