"""The regex parses kept between runs (classifier/rules/parsecache.py): the same answers as parsing, read back from
the file, never from a file of another Python or needles.py, and a bad pattern still an error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from classifier.extract import runners
from classifier.extract.runners.table import M
from classifier.model import Stream
from classifier.rules import needles, parsecache, warm
from classifier.rules.loader import load_rules
from classifier.rules.parsecache import ParseCache
from classifier.rules.taxonomy import builtin_taxonomy

# Real patterns of the matcher table and the rules, with flags: an IGNORECASE alternation, inline flags, a VERBOSE one
SAMPLES = [
    (r"(?i)\b(?:npm ERR!|npm error) code (?P<code>E[A-Z0-9]+)", 0),
    (r"^(?P<file>[^:\s]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[EFWC]\d{3}) (?P<msg>.+)$", 0),
    (r"no space left on device|disk quota exceeded", re.IGNORECASE),
    (r"(?x) ^ \s* (?P<exc> [A-Z]\w+Error ) : \s (?P<msg> .+ )", 0),
]


def fresh(text: str, flags: int) -> parsecache.Parsed:
    parsed = needles.parse(text, flags)
    return int(parsed.state.flags), needles.parsed_needles(parsed)


def test_parses_as_the_parser_does_and_reads_them_back(tmp_path: Path) -> None:
    path = tmp_path / "guards.json"
    cache = ParseCache(path)
    first = [cache.parse(text, flags) for text, flags in SAMPLES]
    assert first == [fresh(text, flags) for text, flags in SAMPLES]
    cache.save(force=True)
    again = ParseCache(path)
    assert [again.parse(text, flags) for text, flags in SAMPLES] == first


def edited_file(tmp_path: Path, header: str | None, guard: list[list[str]]) -> Path:
    """A file kept for `connection refused`, its header (when given) and its guard words then edited."""
    path = tmp_path / "guards.json"
    cache = ParseCache(path)
    cache.parse("connection refused", 0)
    cache.save(force=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["header"] = header or data["header"]
    data["entries"][0][3] = guard
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_kept_parse_is_read_not_parsed_again(tmp_path: Path) -> None:
    path = edited_file(tmp_path, None, [["kept"]])  # what the file says is what a later run uses
    flags, _guard = fresh("connection refused", 0)
    assert ParseCache(path).parse("connection refused", 0) == (flags, (frozenset({"kept"}),))


def test_a_file_of_another_python_or_needles_version_is_ignored(tmp_path: Path) -> None:
    path = edited_file(tmp_path, "3.99.0|0000000000000000", [["stale"]])
    assert ParseCache(path).parse("connection refused", 0) == fresh("connection refused", 0)


@pytest.mark.parametrize("content", ["", "{not json", '{"header": 1}', '{"header": "x", "entries": [[1]]}'])
def test_an_unreadable_file_is_parsed_again(tmp_path: Path, content: str) -> None:
    path = tmp_path / "guards.json"
    path.write_text(content, encoding="utf-8")
    assert ParseCache(path).parse("timed out", 0) == fresh("timed out", 0)


def test_a_bad_pattern_is_an_error_and_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "guards.json"
    cache = ParseCache(path)
    with pytest.raises(re.error):
        cache.parse("unbalanced (", 0)
    cache.save(force=True)
    assert json.loads(path.read_text(encoding="utf-8"))["entries"] == []


def test_nothing_is_written_without_news_or_where_bytecode_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "guards.json"
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    cache = ParseCache(path)
    cache.parse("timed out", 0)
    cache.save()
    assert not path.exists()
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    cache.save()
    assert path.exists()
    path.unlink()
    ParseCache(path).save()  # learnt nothing
    assert not path.exists()


def test_a_read_only_place_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = ParseCache(blocker / "sub" / "guards.json")  # its folder cannot be made
    cache.parse("timed out", 0)
    cache.save(force=True)
    assert cache.parse("timed out", 0) == fresh("timed out", 0)


def test_a_file_that_cannot_take_its_place_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "guards.json"
    path.mkdir()  # a folder where the file goes: the finished temporary file cannot replace it
    cache = ParseCache(path)
    cache.parse("timed out", 0)
    cache.save(force=True)
    assert list(tmp_path.iterdir()) == [path] and not any(path.iterdir())


def test_the_matcher_table_guards_are_those_of_parsing() -> None:
    """Whatever the package's own file held when the table was imported, its guards are the parser's."""
    for (_needle, pattern, _build, _search), guard in zip(M, runners._GUARDS, strict=True):
        flags, found = fresh(pattern.pattern, pattern.flags)
        assert flags == re.compile(pattern.pattern, pattern.flags).flags
        verbose = pattern.flags & re.VERBOSE or "(?x" in pattern.pattern
        folded = pattern.flags & re.IGNORECASE or "(?i" in pattern.pattern
        unfoldable = found is not None and folded and not all(w.isascii() for words in found for w in words)
        assert guard == (None if verbose or unfoldable else found), pattern.pattern


def test_warm_keeps_the_table_and_the_built_in_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "guards.json"
    monkeypatch.setattr(parsecache.PARSED, "path", path)
    assert warm.warm() == path
    kept = {(text, flags) for text, flags, _parsed, _words in json.loads(path.read_text(encoding="utf-8"))["entries"]}
    assert {(pattern.pattern, pattern.flags) for _n, pattern, _b, _s in M} <= kept
    disk_full = "(?i)no space left on device|disk (?:is )?full|enospc|not enough (?:disk )?space|disk quota exceeded"
    assert (disk_full, 0) in kept  # a message regex of the built-in CI rules (rulesets/ci.toml)


def test_the_built_in_rules_guards_and_flags_are_those_of_parsing() -> None:
    """Whatever the package's own file held when the rules loaded, their guards and flags are the parser's."""
    for stream in Stream:
        for rule in load_rules([], builtin_taxonomy(stream)).rules:
            expected = []
            for condition in ("message", "any_line", "log_line", "unless"):
                pattern = getattr(rule, condition)
                words = fresh(pattern.pattern, 0)[1] if pattern is not None else None
                if words:
                    expected.append((condition, words))
            assert rule.guards == tuple(expected), rule.id
            for condition in ("message", "normalized", "any_line", "log_line", "unless", "exception_type", "code"):
                pattern = getattr(rule, condition)
                if pattern is not None:
                    assert pattern.flags == re.compile(pattern.pattern).flags, (rule.id, condition)
