"""Loading rule files: TOML text -> compiled `Rule`s, user files before the built-ins.

The file format is documented in `classifier/rules/engine.py` and docs/rules.md. A bad file raises
`ConfigError` naming the file and line.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from classifier.errors import ConfigError
from classifier.model import Role, Severity, SourceKind
from classifier.rules.engine import (
    _REGEX_KEYS,
    _RULE_KEYS,
    _SET_KEYS,
    _TOP_KEYS,
    BUILTIN_RULES_DIR,
    Rule,
    RuleFile,
    RuleSet,
)
from classifier.rules.needles import Guard
from classifier.rules.parsecache import PARSED
from classifier.rules.pattern import Pattern
from classifier.rules.taxonomy import Taxonomy, check_keys, load_toml, table_lines, toml_error


def load_rules(paths: Sequence[str], taxonomy: Taxonomy, *, include_builtin: bool = True) -> RuleSet:
    """User rule files (in the given order), then the built-in ones for the taxonomy.

    A user file written for another taxonomy (its `taxonomy` key) is skipped, so one list of rule
    files can serve every stream; an invalid file raises `ConfigError` whatever its taxonomy. Each file
    is read and parsed once (the built-ins of other taxonomies are skipped like such a user file).
    """
    files: list[Path] = [Path(p) for p in paths]
    if include_builtin:
        files += sorted(BUILTIN_RULES_DIR.glob("*.toml"))
    rules: list[Rule] = []
    metas: list[RuleFile] = []
    wanted = {taxonomy.name, taxonomy.extends} - {""}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read rule file: {exc.strerror or exc}") from exc
        shown = path.name if path.parent == BUILTIN_RULES_DIR else str(path)
        data = _toml(text, shown)
        if data.get("taxonomy") not in wanted:
            continue
        meta, file_rules = _parse_rules(text, check_keys(data, shown, _TOP_KEYS), shown, taxonomy)
        metas.append(meta)
        rules.extend(file_rules)
    PARSED.save()  # the rules' parses, for the next run (rules/parsecache.py)
    return RuleSet(rules, metas, taxonomy)


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error(source, exc)) from exc


def parse_rules(text: str, source: str, taxonomy: Taxonomy) -> tuple[RuleFile, list[Rule]]:
    """Parse and compile one rule file; every error names `source` and the rule's line."""
    return _parse_rules(text, load_toml(text, source, _TOP_KEYS), source, taxonomy)


def _parse_rules(text: str, data: dict[str, Any], source: str, taxonomy: Taxonomy) -> tuple[RuleFile, list[Rule]]:
    """`parse_rules` of the file's `text`, parsed as `data`."""
    for key in ("ruleset", "version", "taxonomy"):
        if not isinstance(data.get(key), str | int) or data.get(key) == "":
            raise ConfigError(f"{source}: missing or empty {key!r}")
    wanted = {taxonomy.name, taxonomy.extends} - {""}
    if data["taxonomy"] not in wanted:
        raise ConfigError(f"{source}: rules are for taxonomy {data['taxonomy']!r}, not {taxonomy.name!r}")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(f"{source}: 'rule' must be an array of tables ([[rule]])")
    lines = table_lines(text, "rule")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules):
        line = lines[i] if i < len(lines) else None
        rule = _compile_rule(raw, source, line, taxonomy)
        if rule.id in seen:
            raise ConfigError(f"{_at(source, line)}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        rules.append(rule)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return RuleFile(str(data["ruleset"]), str(data["version"]), str(data["taxonomy"]), source, digest), rules


def _compile_rule(raw: Any, source: str, line: int | None, taxonomy: Taxonomy) -> Rule:
    where = _at(source, line)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: [[rule]] must be a table")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown rule key(s) {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise ConfigError(f"{where}: rule needs an 'id'")
    where = f"{where}: rule {rule_id!r}"
    category = raw.get("category")
    if not isinstance(category, str) or category not in taxonomy:
        raise ConfigError(
            f"{where}: category {category!r} is not in taxonomy {taxonomy.name} ({', '.join(taxonomy.names)})"
        )
    confidence = raw.get("confidence", 0.8)
    if not isinstance(confidence, int | float) or isinstance(confidence, bool) or not 0 <= confidence <= 1:
        raise ConfigError(f"{where}: confidence must be a number from 0 to 1")
    rank = raw.get("rank")
    if rank is not None and (not isinstance(rank, int) or isinstance(rank, bool)):
        raise ConfigError(f"{where}: rank must be an integer")
    parsed = {key: _parsed(raw.get(key), key, where) for key in _REGEX_KEYS}
    regexes = {key: None if found is None else Pattern(found[0], found[1]) for key, found in parsed.items()}
    sets = {key: _strings(raw.get(key), key, where) for key in _SET_KEYS}
    _check_values(sets["kind"], {k.value for k in SourceKind}, "kind", where)
    _check_values(sets["role"], {r.value for r in Role}, "role", where)
    _check_values(sets["severity"], {s.value for s in Severity}, "severity", where)
    status = _statuses(raw.get("http_status"), where)
    if not any(regexes.values()) and not any(sets.values()) and not status:
        raise ConfigError(f"{where}: a rule needs at least one condition")
    return Rule(
        id=rule_id,
        category=category,
        confidence=float(confidence),
        description=str(raw.get("description", "")),
        source=source,
        line=line,
        message=regexes["message"],
        normalized=regexes["normalized"],
        any_line=regexes["any_line"],
        log_line=regexes["log_line"],
        unless=regexes["unless"],
        exception_type=regexes["exception_type"],
        code=regexes["code"],
        framework=sets["framework"],
        tool_hint=sets["tool_hint"],
        kind=sets["kind"],
        role=sets["role"],
        severity=sets["severity"],
        http_status=status,
        rank=rank,
        guards=_guards(parsed),
    )


def _guards(parsed: dict[str, tuple[str, int, Guard | None] | None]) -> tuple[tuple[str, Guard], ...]:
    guards = []
    for condition in ("message", "any_line", "log_line", "unless"):
        found = parsed[condition]
        words = found[2] if found is not None else None
        if words:
            guards.append((condition, words))
    return tuple(guards)


def _parsed(value: Any, key: str, where: str) -> tuple[str, int, Guard | None] | None:
    """(the regex, its flags, its guard words): checked here (or when the parse was cached: rules/parsecache.py),
    compiled at its first search (`engine.Pattern`)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: {key} must be a non-empty regex string")
    try:
        return value, *PARSED.parse(value)
    except re.error as exc:
        raise ConfigError(f"{where}: bad {key} regex {value!r}: {exc}") from None


def _strings(value: Any, key: str, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a string or a list of strings")
    return frozenset(value)


def _check_values(values: frozenset[str], allowed: set[str], key: str, where: str) -> None:
    bad = values - allowed
    if bad:
        raise ConfigError(f"{where}: {key} {sorted(bad)} not one of {sorted(allowed)}")


def _statuses(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    ranges: list[tuple[int, int]] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            ranges.append((item, item))
            continue
        found = re.fullmatch(r"\s*(\d{3})\s*-\s*(\d{3})\s*", item) if isinstance(item, str) else None
        if found is None or int(found.group(1)) > int(found.group(2)):
            raise ConfigError(f'{where}: http_status {item!r}: use an int, or a range like "500-599"')
        ranges.append((int(found.group(1)), int(found.group(2))))
    return tuple(ranges)


def _at(source: str, line: int | None) -> str:
    return f"{source}:{line}" if line is not None else source
