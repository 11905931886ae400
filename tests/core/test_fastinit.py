"""fast_init: the same objects as the dataclass's own __init__, still frozen; unsupported shapes refused."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import InitVar, dataclass, field

import pytest

from classifier.extract.gha_log import _WordLine
from classifier.extract.linematch import Verdict
from classifier.extract.prefix import Stripped
from classifier.extract.runners.base import LineMatch
from classifier.extract.steps import WindowLine, _State
from classifier.fastinit import fast_init, replace, sets_slots
from classifier.model import ErrorRecord, Fingerprint, Location, Normalized, Occurrence, Role, SourceKind
from classifier.spill import dumps


@dataclass(frozen=True, slots=True)
class _Plain:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class _Fast:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("args", "kwargs"), [(("a",), {}), (("a", 5), {}), ((), {"name": "b", "tags": ("x",)}), (("c",), {"count": 0})]
)
def test_fast_init_builds_what_the_dataclass_builds(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    plain, fast = _Plain(*args, **kwargs), _Fast(*args, **kwargs)  # type: ignore[arg-type]
    assert dataclasses.astuple(plain) == dataclasses.astuple(fast)
    assert fast == _Fast(*args, **kwargs) and hash(fast) == hash(_Fast(*args, **kwargs))  # type: ignore[arg-type]
    assert dataclasses.replace(fast, count=9).count == 9


def test_fast_init_keeps_the_class_frozen_and_its_argument_errors() -> None:
    fast = _Fast("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        _Fast()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Fast("a", nope=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "cls",
    [Stripped, ErrorRecord, Location, Normalized, Fingerprint, Occurrence, Verdict, _WordLine, _State, WindowLine,
     LineMatch],
)  # fmt: skip
def test_product_classes_keep_the_dataclass_signature(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default) for p in params] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(cls)
    ]


def test_an_error_record_by_keywords_and_by_replace() -> None:
    record = ErrorRecord(source="a.log", kind=SourceKind.RUNNER, message="boom", line_start=3, step="make")
    assert (record.source, record.message, record.line_start, record.line_end, record.step) == (
        "a.log", "boom", 3, None, "make"
    )  # fmt: skip
    moved = dataclasses.replace(record, line_end=4)
    assert moved.line_end == 4 and moved.message == "boom" and moved != record


def test_replace_gives_what_dataclasses_replace_gives() -> None:
    record = ErrorRecord(source="a.log", kind=SourceKind.RUNNER, message="boom", line_start=3, context=("x", "y"))
    changes: dict[str, object] = {
        "step": "make", "line_end": 4, "context": ("z",), "role": Role.SYMPTOM, "location": Location("a.py", 2),
    }  # fmt: skip
    for name, value in changes.items():
        fast, plain = replace(record, **{name: value}), dataclasses.replace(record, **{name: value})  # type: ignore[arg-type]
        assert fast == plain and dataclasses.astuple(fast) == dataclasses.astuple(plain)
        assert type(fast) is ErrorRecord and fast is not record
    both = replace(record, step="make", message="bang")
    assert (both.step, both.message, both.line_start, record.step) == ("make", "bang", 3, "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        both.step = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        replace(record, nope=1)
    assert replace(_Plain("a"), count=5) == _Plain("a", 5)  # a dataclass without fast_init: dataclasses.replace


def test_shapes_fast_init_cannot_copy_are_refused() -> None:
    @dataclass(frozen=True, slots=True)
    class Factory:
        items: list[str] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class PostInit:
        name: str

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class KeywordOnly:
        name: str = field(kw_only=True)

    @dataclass(frozen=True, slots=True)
    class WithInitVar:
        name: str
        extra: InitVar[int] = 0

    @dataclass(frozen=True)
    class NoSlots:
        name: str

    for cls in (Factory, PostInit, KeywordOnly, WithInitVar, NoSlots):
        with pytest.raises(TypeError, match="fast_init"):
            fast_init(cls)


def test_sets_slots_names_only_a_class_with_its_own_fast_init() -> None:
    @dataclass(frozen=True, slots=True)
    class Inherited(_Fast):
        more: str = ""

    assert sets_slots(_Fast) and sets_slots(ErrorRecord) and sets_slots(Occurrence)
    assert not sets_slots(_Plain) and not sets_slots(Inherited) and not sets_slots(str)


def test_spilled_objects_come_back_equal_with_or_without_fast_init() -> None:
    record = ErrorRecord(source="a.log", kind=SourceKind.RUNNER, message="boom", context=("x", "boom"), line_start=3)
    fingerprint = Fingerprint("abc", "v1", (("message", "boom"),))
    occurrence = Occurrence(record, fingerprint, Normalized("boom", "v8"))
    items = [occurrence, occurrence, _Fast("a", 5, ("t",)), _Plain("b", 0), Location("x.py", 2)]
    back = pickle.loads(dumps(items))
    assert back == items and back[0] is back[1] and back[0].record.context == ("x", "boom")
    assert [type(item) for item in back] == [type(item) for item in items]
    with pytest.raises(dataclasses.FrozenInstanceError):
        back[2].name = "b"
