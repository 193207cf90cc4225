"""The plan of an import (what would change), shared by every sheet type.

An importer turns a `ParsedSheet` into a `Plan`: counts per entity (create, update,
unchanged), per-field diffs of updates, warnings, errors, the set of invalid sheet rows,
and an opaque `payload` the same importer's `apply` writes. Building a plan never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.importing.errors import Issue

MAX_DIFFS_KEPT = 1000
# Above this many keys, reading the whole table beats hundreds of chunked IN queries.
FULL_SCAN_ABOVE = 5000


@dataclass
class Counts:
    create: int = 0
    update: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"create": self.create, "update": self.update, "unchanged": self.unchanged}


@dataclass
class Plan:
    counts: dict[str, Counts] = field(default_factory=dict)
    diffs: list[dict] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    rows_total: int = 0
    payload: dict = field(default_factory=dict)

    def count(self, entity: str) -> Counts:
        return self.counts.setdefault(entity, Counts())

    def error(self, issue: Issue) -> None:
        self.errors.append(issue)
        if issue.row:
            self.invalid_rows.add(issue.row)

    def diff(self, entity: str, code: str, changes: dict) -> None:
        if len(self.diffs) < MAX_DIFFS_KEPT:
            self.diffs.append(
                {
                    "entity": entity,
                    "code": code,
                    "changes": {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()},
                }
            )


def _plain(value):
    return value if value is None or isinstance(value, int | str) else str(value)


def diff_fields(old: dict, new: dict, labels: dict[str, str]) -> dict:
    """{label: (old, new)} for the fields of `labels` whose values differ."""
    return {
        labels[name]: (old.get(name), new.get(name))
        for name in labels
        if old.get(name) != new.get(name)
    }


def chunked(values: list, size: int = 900):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def existing_rows(queryset, field_name: str, keys: list, fields: list[str]) -> list[dict]:
    """Rows of `queryset` whose `field_name` is in `keys`, set-based.

    Small key sets use chunked IN lists (SQLite limits bound parameters); large ones read
    the whole table once and filter in memory, which is faster than hundreds of queries.
    """
    if not keys:
        return []
    if field_name not in fields:
        fields = [*fields, field_name]
    if len(keys) > FULL_SCAN_ABOVE:
        wanted = set(keys)
        return [r for r in queryset.values(*fields).iterator(2000) if r[field_name] in wanted]
    rows = []
    for chunk in chunked(keys):
        rows.extend(queryset.filter(**{f"{field_name}__in": chunk}).values(*fields))
    return rows
