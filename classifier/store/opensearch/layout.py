"""Index set-up under the store: templates, the versioned index behind each alias, migration, and mapping
conflicts (field types as in the OpenSearch mapping reference, "Field data types").

Each alias `<alias>` points at `<alias>-v<N>` (see `mappings`). At start the live mapping
(`GET <index>/_mapping`) of whatever the alias, or a plain index with its name, points at is compared with
ours field by field. Fields it lacks are added (`PUT <index>/_mapping`: the cluster would otherwise map
them dynamically, a keyword as `text`). A field mapped with another type (`text` where we write
`keyword`, `keyword` where we write `long` or `date`, ...) is a conflict: the cluster would refuse our
documents or our aggregations on every run. The run names index, field and both types, creates the first
free (or compatible) versioned index above, copies the documents across (values that cannot take the new
type are left out of the copy) and moves the alias there, so readers and dashboards of the alias see every
document. A plain index cannot become an alias: the store then reads and writes the versioned index
directly and says so on every run (docs/opensearch.md, "Mapping conflicts").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError

from classifier.errors import StoreError
from classifier.store import mappings
from classifier.store.mappings import IndexKind
from classifier.store.spool import SpoolAction

CHUNK = 500
MAX_VERSIONS = 20  # versioned indexes tried above the current one before giving up
# Live types that behave as ours for what the store writes and aggregates.
_SAME: Mapping[str, frozenset[str]] = {
    "keyword": frozenset({"keyword"}),
    "long": frozenset({"long"}),
    "date": frozenset({"date", "date_nanos"}),
    "float": frozenset({"float", "double"}),
    "boolean": frozenset({"boolean"}),
    "text": frozenset({"text", "match_only_text"}),
}
_INTEGER = re.compile(r"-?\d{1,18}")

Scan = Callable[[str, Mapping[str, Any]], Iterator[dict[str, Any]]]
Send = Callable[[Sequence[SpoolAction]], list[SpoolAction]]


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """A field of a live index whose type is not the one the store writes (`found` "missing": not addable)."""

    index: str
    field: str
    found: str
    expected: str

    def describe(self) -> str:
        return f"{self.index} maps {self.field} as {self.found} (ci-classify writes {self.expected})"


def field_conflicts(index: str, properties: Mapping[str, Any], kind: IndexKind) -> list[FieldConflict]:
    """Our fields that `properties` (a live mapping's) types differently; absent fields are not conflicts."""
    found: list[FieldConflict] = []
    for name in mappings.FIELDS[kind]:
        spec = properties.get(name)
        if not isinstance(spec, Mapping):
            continue
        live = str(spec.get("type", "object"))  # no type: an object with sub-fields
        expected = mappings.field_type(name)
        if live not in _SAME[expected]:
            found.append(FieldConflict(index, name, live, expected))
    return found


def coerce(value: Any, expected: str) -> Any:
    """`value` as a field of type `expected` takes it, or None when it cannot (left out of a copy)."""
    if isinstance(value, list):
        items = [coerce(item, expected) for item in value]
        return items if items and None not in items else None
    if value is None or isinstance(value, dict):
        return None
    if expected in ("keyword", "text"):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if expected == "boolean":
        return value if isinstance(value, bool) else {"true": True, "false": False}.get(str(value))
    if isinstance(value, bool):
        return None
    if expected == "long":
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return int(value)
        return int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else None
    if expected == "float":
        return _as_float(value)
    return _as_date(value)


def coerce_doc(doc: Mapping[str, Any], kind: IndexKind) -> dict[str, Any]:
    """The part of a stored document our mapping of `kind` takes."""
    out: dict[str, Any] = {}
    for name, value in doc.items():
        if name in mappings.FIELDS[kind]:
            fitted = coerce(value, mappings.field_type(name))
            if fitted is not None:
                out[name] = fitted
    return out


def _as_float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _as_date(value: Any) -> Any:
    if isinstance(value, int):
        return value  # epoch milliseconds
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None


def _version(alias: str, index: str) -> int:
    """N of `<alias>-v<N>`, or -1 for any other name."""
    prefix = f"{alias}-v"
    tail = index[len(prefix) :] if index.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else -1


class IndexLayout:
    """Sets up every logical index; `names` is where each is read and written after `ensure`."""

    def __init__(self, client: OpenSearch, aliases: Mapping[IndexKind, str], *, scan: Scan, send: Send) -> None:
        self.client = client
        self.aliases = dict(aliases)
        self.names: dict[IndexKind, str] = dict(aliases)
        self.scan = scan
        self.send = send
        self.notes: list[str] = []
        self.conflicts: list[FieldConflict] = []

    def ensure(self) -> dict[IndexKind, str]:
        for kind, alias in self.aliases.items():
            self.client.indices.put_index_template(name=f"{alias}-template", body=mappings.template_body(alias, kind))
            self.names[kind] = self._ensure(kind, alias)
        return self.names

    def _ensure(self, kind: IndexKind, alias: str) -> str:
        if self.client.indices.exists_alias(name=alias):
            current = sorted(self.client.indices.get_alias(name=alias))
            found = [conflict for name in current for conflict in self.check(kind, name)]
            if not found and len(current) == 1 and _version(alias, current[0]) >= mappings.VERSIONS[kind]:
                return alias
            self._move(kind, alias, current, self._usable(kind, alias), found)
            return alias
        if self.client.indices.exists(index=alias):
            return self._plain(kind, alias)
        target = self._usable(kind, alias)
        if not self._create(target, mappings.index_body(alias, kind)):  # left by a plain-index run: attach
            actions = [{"add": {"index": target, "alias": alias, "is_write_index": True}}]
            self.client.indices.update_aliases(body={"actions": actions})
        return alias

    def _plain(self, kind: IndexKind, alias: str) -> str:
        found = self.check(kind, alias)
        if not found:
            self.notes.append(f"OpenSearch: {alias} is a plain index (no alias); used as it is")
            return alias
        self.conflicts.extend(found)
        target = self._usable(kind, alias)
        copied = self._copy(kind, [alias], target) if self._create(target, _without_alias(alias, kind)) else 0
        self.notes.append(
            f"OpenSearch: mapping conflict: {_describe(found)}. {alias} is a plain index, not an alias, so this "
            f"run reads and writes {target} instead ({copied} document(s) copied now); see docs/opensearch.md"
        )
        return target

    def check(self, kind: IndexKind, index: str) -> list[FieldConflict]:
        """Conflicts of a live index with our mapping; fields it lacks are added to it."""
        found: list[FieldConflict] = []
        for name, body in self.client.indices.get_mapping(index=index).items():
            properties = dict(body.get("mappings", {}).get("properties", {}))
            conflicts = field_conflicts(name, properties, kind)
            missing = {k: v for k, v in mappings.properties(kind).items() if k not in properties}
            if not conflicts and missing:
                try:
                    self.client.indices.put_mapping(index=name, body={"properties": missing})
                except RequestError:
                    conflicts = [FieldConflict(name, field, "missing", spec["type"]) for field, spec in missing.items()]
            found.extend(conflicts)
        return found

    def _usable(self, kind: IndexKind, alias: str) -> str:
        """The first versioned index from the current version up that is absent or fits our mapping."""
        first = mappings.VERSIONS[kind]
        for version in range(first, first + MAX_VERSIONS):
            name = mappings.versioned_name(alias, kind, version)
            if not self.client.indices.exists(index=name) or not self.check(kind, name):
                return name
        raise StoreError(f"OpenSearch: {alias}-v{first} to -v{first + MAX_VERSIONS - 1} all conflict with our mapping")

    def _move(self, kind: IndexKind, alias: str, old: list[str], target: str, found: list[FieldConflict]) -> None:
        self._create(target, _without_alias(alias, kind))
        copied = self._copy(kind, [name for name in old if name != target], target)
        actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": target, "alias": alias, "is_write_index": True}})
        try:
            self.client.indices.update_aliases(body={"actions": actions})
        except (NotFoundError, RequestError):  # a concurrent writer (a matrix shard) moved it first
            if sorted(self.client.indices.get_alias(name=alias)) != [target]:
                raise
        moved = f"moved {alias} from {', '.join(old)} to {target} ({copied} documents)"
        if found:
            self.conflicts.extend(found)
            self.notes.append(f"OpenSearch: mapping conflict: {_describe(found)}; {moved}")
        else:
            self.notes.append(f"OpenSearch: {moved}")

    def _copy(self, kind: IndexKind, sources: Sequence[str], target: str) -> int:
        copied = 0
        for name in sources:
            batch: list[SpoolAction] = []
            for hit in self.scan(name, {"match_all": {}}):
                batch.append(SpoolAction(target, hit["_id"], coerce_doc(hit["_source"], kind)))
                if len(batch) >= CHUNK:
                    copied += len(batch) - len(self.send(batch))
                    batch = []
            copied += len(batch) - len(self.send(batch))
        return copied

    def _create(self, index: str, body: dict[str, Any]) -> bool:
        """Create an index; False when it already exists (another writer, or an earlier run, was first)."""
        try:
            self.client.indices.create(index=index, body=body)
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
            return False
        return True


def _without_alias(alias: str, kind: IndexKind) -> dict[str, Any]:
    body = mappings.index_body(alias, kind)
    body.pop("aliases")
    return body


def _describe(found: Sequence[FieldConflict], most: int = 5) -> str:
    text = "; ".join(conflict.describe() for conflict in found[:most])
    return text + (f"; and {len(found) - most} more" if len(found) > most else "")
