"""The prefilters of the hot paths never change a result.

Each check does the same work with and without the prefilter on real log lines: the repository's example
logs and fixtures, and the BugSwarm logs and tool outputs of the shared data folder when it is beside the
checkout (CI has it; the checks still run on the repository's own lines without it).
"""

from __future__ import annotations

import dataclasses
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from ahocorasick_rs import AhoCorasick

from classifier.extract import runners
from classifier.extract.runners import LineMatch, lint
from classifier.extract.runners.base import BUILD_FILE, build_file
from classifier.extract.runners.native import location_line
from classifier.extract.runners.scripting import ruby_exception
from classifier.extract.runners.system import infra_hint, infra_only
from classifier.extract.runners.table import M
from classifier.extract.runners.toolchains import _WIN_PLACE
from classifier.link import ignored
from classifier.model import ErrorRecord, Role, Severity, SourceKind
from classifier.normalize import NORMALIZERS
from classifier.normalize.engine import Normalizer
from tests.extract.helpers import data_dir

REPO = Path(__file__).resolve().parents[2]
MAX_LINES = 60_000  # lines of the shared data read (every nth line of its logs, so all of them are sampled)


def _text_files() -> Iterator[Path]:
    for root in (REPO / "examples", REPO / "tests" / "fixtures"):
        yield from (path for path in sorted(root.rglob("*")) if path.suffix in {".log", ".txt", ".out"})


def _shared_lines() -> list[str]:
    root = data_dir()
    if root is None:
        return []
    logs = sorted((root / "ci_logs" / "bugswarm_dev" / "logs").glob("*.log.gz"))[::8]
    lines = [
        line for path in logs for line in gzip.decompress(path.read_bytes()).decode("utf-8", "replace").split("\n")
    ]
    return lines[:: max(1, len(lines) // MAX_LINES)]


def _corpus() -> list[str]:
    lines = [line for path in _text_files() for line in path.read_text("utf-8", "replace").splitlines()]
    return [line.rstrip("\r")[:2000] for line in (*lines, *_shared_lines()) if line.strip()]


CORPUS = _corpus()


NEEDLELESS = [index for index, entry in enumerate(M) if not entry[0]]
_NEEDLE_FINDER = AhoCorasick(sorted({entry[0] for entry in M if entry[0]}), store_patterns=True)  # the table's own


def _unfiltered_match(text: str) -> LineMatch | None:
    """`runners._match_line` trying, in table order, every entry whose needle the line holds (and every
    needle-less one): no guard words."""
    text = text[:2000]
    lowered, stripped = text.lower(), text.lstrip()
    held = set(_NEEDLE_FINDER.find_matches_as_strings(lowered, overlapping=True))
    entries = sorted([*NEEDLELESS, *(i for needle in held for i in runners._BY_NEEDLE.get(needle, ()))])
    found = None
    for index in entries:
        _needle, pattern, builder, search = M[index]
        m = pattern.search(text) if search else pattern.match(text) or pattern.match(stripped)
        if m is not None and (found := builder(m, ())) is not None:
            break
    if found is None:
        return infra_only(text, lowered)
    hint = infra_hint(text, lowered)
    return (
        dataclasses.replace(found, tool_hint=hint)
        if hint and found.tool_hint not in ("oom", "timeout", "retry")
        else found
    )


def test_the_corpus_holds_real_lines() -> None:
    assert len(CORPUS) > 500


def test_line_prefilters_never_hide_a_match() -> None:
    """The matchers' guard words (one set of which every match of an entry holds) only skip entries that cannot
    match: `_line_plan`'s bits give what trying every entry of the line's needles gives."""
    matched = 0
    for line in CORPUS:
        expected = _unfiltered_match(line)
        assert runners._match_line(line, ()) == expected, line
        matched += expected is not None
    assert matched > 50  # the corpus exercises the matchers


def test_a_guard_keeps_an_entry_s_ignorecase() -> None:
    """Docker's daemon error, matched without regard to case by its entry, holds its entry's guard words too."""
    line = "ERROR RESPONSE FROM DAEMON: pull access denied for x, repository does not exist"
    assert _unfiltered_match(line) is not None
    assert runners._match_line(line, ()) == _unfiltered_match(line)


def _widely_gated(normalizer: Normalizer) -> Normalizer:
    """The normaliser with the gates it had before they were narrowed: no `placeholder` flag, any digit for
    epoch stamps, a colon for syslog stamps (a gate on an ASCII digit keeps v1's reading of other digits)."""
    wider = {"timestamp_epoch": tuple("0123456789"), "timestamp_syslog": (":",)}
    masks = tuple(
        dataclasses.replace(mask, needs=wider.get(mask.name, mask.needs), placeholder=False)
        for mask in normalizer.masks
    )
    return Normalizer(normalizer.version, masks, normalizer.description)


def test_narrowed_normaliser_gates_never_change_a_message() -> None:
    """A mask's narrowed `needs` words and its `placeholder` flag only skip masks whose pattern cannot match."""
    changed = 0
    for version, normalizer in NORMALIZERS.items():
        wider = _widely_gated(normalizer)
        for line in CORPUS[:: 5 if version == "v8" else 40]:
            result = normalizer(line)
            assert result == wider(line), (version, line)
            changed += result.text != line
    assert changed > 100


def test_the_placeholder_gate_sees_a_slot_parked_by_an_earlier_mask() -> None:
    """`repeats` runs once a mask has parked a placeholder: three block ids in a row are one."""
    result = NORMALIZERS["v8"]("deleting blk_123 blk_456 blk_789 now")
    assert (result.text, result.masks_applied) == ("deleting <ID> now", ("token", "repeats"))


def _record(message: str, context: tuple[str, ...] = (), test_id: str = "") -> ErrorRecord:
    return ErrorRecord(
        source="x.log",
        kind=SourceKind.GHA_LOG,
        message=message,
        context=context or (message,),
        role=Role.CAUSE,
        severity=Severity.ERROR,
        test_id=test_id,
    )


def _ignored_unfiltered(record: ErrorRecord) -> bool:
    prefilter = ignored._may_hold_notice
    try:
        ignored._may_hold_notice = lambda _record: True  # type: ignore[assignment]
        return ignored.ignored_by_tool(record)
    finally:
        ignored._may_hold_notice = prefilter


def test_ignored_notice_prefilter_never_hides_a_notice() -> None:
    """Each record made of a corpus line and the lines around it: the notice words' prefilter agrees."""
    hits = 0
    for index in range(0, len(CORPUS), 3):
        context = tuple(CORPUS[max(0, index - 3) : index + 4])
        record = _record(CORPUS[index].strip() or "x", context)
        expected = _ignored_unfiltered(record)
        assert ignored.ignored_by_tool(record) is expected, context
        hits += expected
    samples = (
        # GNU make's notice below a recipe line whose failure it ignored (make manual, "Errors in Recipes")
        _record(
            "rm: cannot remove 'x': No such file",
            ("rm: cannot remove 'x': No such file", "make: [clean] Error 1 (ignored)"),
        ),
        # debconf's fallback, its `i` a dotless one: IGNORECASE matches it, lower() does not make it ASCII
        _record(
            "debconf: unable to initialize frontend: Dialog",
            ("debconf: unable to initialize frontend: Dialog", "debconf: fallıng back to frontend: Readline"),
        ),
        # the other letters IGNORECASE matches to ASCII ones: a capital dotted I, a long s, a Kelvin sign
        _record(
            "debconf: unable to initialize frontend: Dialog",
            ("debconf: unable to initialize frontend: Dialog", "debconf: FALLİNG BACK TO frontend: Readline"),
        ),
        _record("Warning: x failed", ("Warning: x failed", "debconf: falling bac\u212a to frontend: Teletype")),
    )
    for record in samples:
        assert _ignored_unfiltered(record) is True
        assert ignored.ignored_by_tool(record) is True


def test_an_inputs_notice_pass_agrees_with_each_records_own() -> None:
    """`not_causes` finds whether any text holds a notice word once per input: the same answers as `warned_by_action`
    and `not_a_cause` per record, for inputs of corpus records (most without a notice word, some with one), of the
    samples above and of an action's warning."""
    samples = [
        _record(
            "rm: cannot remove 'x': No such file",
            ("rm: cannot remove 'x': No such file", "make: [c] Error 1 (ignored)"),
        ),
        _record("debconf: unable to initialize frontend: Dialog", ("x", "debconf: fallıng back to frontend: Readline")),
        _record("Warning: x failed", ("Warning: x failed", "debconf: falling bac\u212a to frontend: Teletype")),
    ]
    records = [
        _record(CORPUS[index].strip() or "x", tuple(CORPUS[max(0, index - 3) : index + 4]))
        for index in range(0, len(CORPUS), 3)
    ]
    inputs = [records[start : start + 40] for start in range(0, len(records), 40)]
    inputs += [[*records[:5], sample, *records[5:10]] for sample in samples]
    # a process's output just above an action's warning that it failed (actions/cache's save)
    output = dataclasses.replace(_record("zstd: error 25 : Write error : No space left on device"), line_start=10)
    warning = dataclasses.replace(
        _record('Warning: Failed to save: "/usr/bin/tar" failed with error: The process failed with exit code 2'),
        line_start=12,
    )
    inputs.append([*records[:5], output, warning])
    assert ignored.warned_by_action(inputs[-1]) == {5}  # the warning itself is not_a_cause
    held = ignored_records = 0
    for records_of_input in inputs:
        warned = ignored.warned_by_action(records_of_input)
        expected = [index in warned or ignored.not_a_cause(record) for index, record in enumerate(records_of_input)]
        assert ignored.not_causes(records_of_input) == expected
        held += ignored._any_notice(records_of_input)
        ignored_records += sum(expected)
    assert 3 <= held < len(inputs) and ignored_records >= 3


def test_notice_words_are_lower_case() -> None:
    """The prefilter looks its words up in lower-cased text: a word with a capital would never be found."""
    assert all(word == word.lower() for word in ignored.NOTICE_WORDS)


# Windows places as MSVC, MSBuild and the .NET SDK print them (the forms of toolchains.py's entries), and near misses
WINDOWS_PLACES = [
    r"C:\Program Files (x86)\Microsoft SDKs\x.cpp(12): error C2065: 'y': undeclared identifier [C:\a\b.vcxproj]",
    r"src\Foo.cs(10,5): error CS0246: The type or namespace name 'Bar' could not be found [C:\x\y.csproj]",
    r"D:\a\x.cs(3,7,3,9): warning CS0168: The variable 'e' is declared but never used",
    'x.cpp(12): error : in "suite/test": check a == b has failed [1 != 2]',
    r"C:\a (x86)\b(c)\d.cpp(3) : fatal error C1083: Cannot open include file: 'e.h'",
    r"C:\Program Files (x86)(2): error C1: a (x86) drive",
    "  main.cpp(7): warning C4100: 'argc': unreferenced formal parameter",
    "an (x86) build had an error(s) in (12): error C1: no",
    "error: C:(1): error X1: drive only",
]


def test_the_windows_place_lookahead_keeps_every_match() -> None:
    """The lookahead in front of the Windows-place entries (toolchains.py `_WIN_PLACE`) fails only lines their
    pattern without it fails: the same matches, spans and groups on the real lines holding a `(` and on samples."""
    entries = [pattern for _n, pattern, _b, _s in M if _WIN_PLACE in pattern.pattern]
    assert len(entries) == 4
    matched = 0
    for lazy in entries:
        with_it = re.compile(lazy.pattern, lazy.flags)
        without = re.compile(lazy.pattern.replace(_WIN_PLACE, "", 1), lazy.flags)
        for line in (*(line for line in CORPUS if "(" in line), *WINDOWS_PLACES):
            for text in {line, line.lstrip()}:
                found, plain = with_it.match(text), without.match(text)
                assert (found and (found.span(), found.groupdict())) == (plain and (plain.span(), plain.groupdict()))
                matched += found is not None
    assert matched >= 8


PATHS = [
    "src/a.py",
    r"C:\src\x.cpp",
    "/home/u/CMakeLists.txt",
    "cmake/Find.cmake",
    "meson.build",
    "sub/meson_options.txt",
    ".eslintrc",
    "Makefile",
    "docker/Dockerfile",
    "a.b/c",
    "x.cmake/y",
    "/",
    "",
    r"a\b/c.rs",
    "notCMakeLists.txt",
]


def _paths() -> list[str]:
    """Path-like words of the real lines (a diagnostic's path holds no space or line break) and samples."""
    words = {word for line in CORPUS[::3] for word in re.findall(r"[^\s:()\[\]'\"<>=,|*]+", line)}
    return [*sorted(words), *PATHS]


def test_path_tests_give_their_regex_s_verdicts() -> None:
    """lint.py's `_extension` and base.py's `build_file` (a literal test before the regex) are `_EXT.search` and
    `BUILD_FILE.search`."""
    paths = _paths()
    assert len(paths) > 10_000
    for path in paths:
        found, searched = lint._extension(path), lint._EXT.search(path)
        assert (found and (found.span(), found.groupdict())) == (searched and (searched.span(), searched.groupdict()))
        assert build_file(path) == (BUILD_FILE.search(path) is not None), path
    assert sum(build_file(path) for path in paths) >= 4


def test_the_needles_of_ruby_s_exceptions_and_of_location_lines_are_in_every_line_they_match() -> None:
    """Ruby's `A::B: msg` (outcomes.py) and a linter's `path.ext:12: msg (rule)` (toolchains.py) are tried only
    on lines holding their needle (`::`, `:`): every real line their regex matches holds it."""
    entries = [(needle, pattern) for needle, pattern, builder, _s in M if builder in (ruby_exception, location_line)]
    assert [needle for needle, _pattern in entries] == ["::", ":"]
    samples = ["ActiveRecord::RecordNotFound: Couldn't find User", "src/a.js:3:7 Missing semicolon (semi)"]
    matched = 0
    for needle, pattern in entries:
        for line in (*CORPUS, *samples):
            for text in {line, line.lstrip()}:
                if pattern.match(text) is not None:
                    matched += 1
                    assert needle in text, text
    assert matched > 100
