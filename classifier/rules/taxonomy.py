"""Taxonomies: the category sets a failure is classified into, kept as versioned TOML data files.

A taxonomy file has `name`, `version`, `stream`, `default_category`, optional `description` and
`extends` (a built-in taxonomy whose categories and rules it reuses; its own categories replace
same-named ones and add new ones), and `[[category]]` tables with `name`,
`domain` (code, infrastructure, unknown), `rank` (lower = more likely the root cause of a job),
`description` and `examples`. Built-ins live in `classifier/rules/taxonomies/<name>.toml`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.errors import ConfigError
from classifier.model import Domain, Stream

BUILTIN_DIR = Path(__file__).resolve().parent / "taxonomies"
DEFAULT_RANK = 100
_TOP_KEYS = {"name", "version", "stream", "default_category", "description", "extends", "category"}
_CATEGORY_KEYS = {"name", "domain", "rank", "description", "examples"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(frozen=True, slots=True)
class Category:
    """One category of a taxonomy."""

    name: str
    domain: Domain
    description: str
    examples: tuple[str, ...] = ()
    rank: int = DEFAULT_RANK


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A named, versioned set of categories for one failure stream."""

    name: str
    version: str
    stream: Stream
    default_category: str
    categories: tuple[Category, ...]
    description: str = ""
    extends: str = ""
    source: str = ""  # the file it was read from

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(category.name for category in self.categories)

    def category(self, name: str) -> Category | None:
        for category in self.categories:
            if category.name == name:
                return category
        return None

    def domain_of(self, category: str) -> Domain:
        found = self.category(category)
        return found.domain if found is not None else Domain.UNKNOWN

    def rank_of(self, category: str) -> int:
        found = self.category(category)
        return found.rank if found is not None else DEFAULT_RANK

    def __contains__(self, category: object) -> bool:
        return isinstance(category, str) and self.category(category) is not None


def builtin_names() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in BUILTIN_DIR.glob("*.toml")))


def builtin_taxonomy(stream: Stream) -> Taxonomy:
    """The built-in taxonomy of a stream (`ci`, `llm_api`, `data_pipeline`)."""
    return load_taxonomy(str(stream.value))


def load_taxonomy(name_or_path: str) -> Taxonomy:
    """A built-in taxonomy by name, or a taxonomy TOML file by path."""
    if _NAME.match(name_or_path) and (BUILTIN_DIR / f"{name_or_path}.toml").is_file():
        return _load_cached(str(BUILTIN_DIR / f"{name_or_path}.toml"), builtin=True)
    path = Path(name_or_path)
    if not path.is_file():
        raise ConfigError(
            f"taxonomy {name_or_path!r}: not a built-in ({', '.join(builtin_names())}) nor a readable file"
        )
    return _load_cached(str(path), builtin=False)


_CACHE: dict[str, Taxonomy] = {}


def _load_cached(path: str, *, builtin: bool) -> Taxonomy:
    if builtin and path in _CACHE:
        return _CACHE[path]
    taxonomy = parse_taxonomy(Path(path).read_text(encoding="utf-8"), path)
    if builtin:
        _CACHE[path] = taxonomy
    return taxonomy


def parse_taxonomy(text: str, source: str) -> Taxonomy:
    """Parse and validate taxonomy TOML text; errors name `source` and the line."""
    data = load_toml(text, source, _TOP_KEYS)
    name = _required_str(data, "name", source)
    stream_value = _required_str(data, "stream", source)
    try:
        stream = Stream(stream_value)
    except ValueError:
        allowed = ", ".join(s.value for s in Stream)
        raise ConfigError(f"{source}: stream {stream_value!r} is not one of {allowed}") from None
    raw_categories = data.get("category", [])
    if not isinstance(raw_categories, list) or not raw_categories:
        raise ConfigError(f"{source}: a taxonomy needs at least one [[category]]")
    lines = table_lines(text, "category")
    categories = tuple(
        _category(raw, source, lines[i] if i < len(lines) else None) for i, raw in enumerate(raw_categories)
    )
    seen: set[str] = set()
    for i, category in enumerate(categories):
        if category.name in seen:
            raise ConfigError(f"{_where(source, lines, i)}: duplicate category {category.name!r}")
        seen.add(category.name)
    extends = str(data.get("extends", ""))
    if extends:
        categories = _merged(extends, categories, source)
        seen = {category.name for category in categories}
    default = _required_str(data, "default_category", source)
    if default not in seen:
        raise ConfigError(f"{source}: default_category {default!r} is not one of its categories")
    return Taxonomy(
        name=name,
        version=_required_str(data, "version", source),
        stream=stream,
        default_category=default,
        categories=categories,
        description=str(data.get("description", "")),
        extends=extends,
        source=source,
    )


def _merged(extends: str, own: tuple[Category, ...], source: str) -> tuple[Category, ...]:
    """The base taxonomy's categories, replaced by same-named ones of this file, then its new ones."""
    if extends not in builtin_names():
        raise ConfigError(f"{source}: extends {extends!r} is not a built-in taxonomy ({', '.join(builtin_names())})")
    base = load_taxonomy(extends)
    mine = {category.name: category for category in own}
    merged = [mine.pop(category.name, category) for category in base.categories]
    return (*merged, *mine.values())


def table_lines(text: str, table: str) -> list[int]:
    """1-based line numbers of each `[[table]]` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), 1) if header.match(line)]


def load_toml(text: str, source: str, allowed: set[str]) -> dict[str, Any]:
    """A TOML document whose top-level keys are all allowed; errors name `source` (and the line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error(source, exc)) from exc
    return check_keys(data, source, allowed)


def check_keys(data: dict[str, Any], source: str, allowed: set[str]) -> dict[str, Any]:
    """`data` when its top-level keys are all allowed (else a ConfigError naming `source`)."""
    unknown = set(data) - allowed
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    return data


def toml_error(source: str, exc: tomllib.TOMLDecodeError) -> str:
    """`file:line:col: invalid TOML: ...` from tomllib's "(at line L, column C)" message."""
    text = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if found is None:
        return f"{source}: invalid TOML: {text}"
    return f"{source}:{found.group(1)}:{found.group(2)}: invalid TOML: {text[: found.start()].strip()}"


def _where(source: str, lines: list[int], index: int) -> str:
    return f"{source}:{lines[index]}" if index < len(lines) else source


def _category(raw: Any, source: str, line: int | None) -> Category:
    where = f"{source}:{line}" if line is not None else source
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: [[category]] must be a table")
    unknown = set(raw) - _CATEGORY_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown category key(s) {sorted(unknown)}; allowed: {sorted(_CATEGORY_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: category needs a name (letters, digits, _ . -)")
    domain_value = raw.get("domain", "unknown")
    try:
        domain = Domain(domain_value)
    except ValueError:
        allowed = ", ".join(d.value for d in Domain)
        raise ConfigError(f"{where}: category {name!r}: domain {domain_value!r} is not one of {allowed}") from None
    rank = raw.get("rank", DEFAULT_RANK)
    if not isinstance(rank, int) or isinstance(rank, bool):
        raise ConfigError(f"{where}: category {name!r}: rank must be an integer")
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise ConfigError(f"{where}: category {name!r}: examples must be a list of strings")
    return Category(
        name=name,
        domain=domain,
        description=str(raw.get("description", "")),
        examples=tuple(examples),
        rank=rank,
    )


def _required_str(data: dict[str, Any], key: str, source: str) -> str:
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{source}: missing or empty {key!r}")
    return value
