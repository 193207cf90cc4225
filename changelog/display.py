"""How pages show change log rows: a title per action and "label: old → new" lines.

The bottom app cannot know the labels and value formats of the apps above it, so each
app declares its own actions in a table (`CHANGE_ACTIONS` of its `history` module: action
→ `ActionDisplay`) and a page passes the tables of the actions it shows to `entries()`,
by name (the round page: lifecycle.history). An action missing from the table still
shows, with raw keys and values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from changelog.models import ChangeLog

EMPTY = "—"


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    change: ChangeLog
    title: str
    lines: list[ChangeLine]


Formatter = Callable[[ChangeLog], list[ChangeLine]]


@dataclass(frozen=True)
class ActionDisplay:
    """How rows of one action show: a title (lazy text) and their lines."""

    title: object
    lines: Formatter | None = None


def text(value) -> str:
    """A stored value as plain text; empty values as a dash."""
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {text(v)}" for k, v in value.items())
    return str(value)


def raw_lines(change: ChangeLog) -> list[ChangeLine]:
    keys = dict.fromkeys([*change.before, *change.after])
    return [ChangeLine(str(k), text(change.before.get(k)), text(change.after.get(k))) for k in keys]


def field_lines(change: ChangeLog, labels: dict, formats: dict | None = None) -> list[ChangeLine]:
    """One line per changed key: its label (or the key) and the values through the
    key's format function (or `text`)."""
    formats = formats or {}
    lines = []
    for key in dict.fromkeys([*change.before, *change.after]):
        show = formats.get(key, text)
        lines.append(
            ChangeLine(
                str(labels.get(key, key)),
                show(change.before.get(key)) if key in change.before else EMPTY,
                show(change.after.get(key)) if key in change.after else EMPTY,
            )
        )
    return lines


# Rows of one save (a quota grid of nine districts, one import) are written together:
# shown as one entry when they follow each other within this many seconds.
SAME_SAVE_SECONDS = 2


def _same_save(a: ChangeLog, b: ChangeLog) -> bool:
    def key(c):
        return (c.action, c.user_id, c.source, c.source_ref, c.object_type, c.object_id)

    close = abs((a.created_at - b.created_at).total_seconds()) <= SAME_SAVE_SECONDS
    return close and key(a) == key(b)


def entries(
    changes: Iterable[ChangeLog],
    actions: Mapping[str, ActionDisplay] | None = None,
    *,
    group: bool = True,
) -> list[ChangeEntry]:
    """The rows ready for a template, in the order given (newest first), each shown as
    `actions` says (raw keys and values for an action it lacks). With `group`,
    consecutive rows of one save become one entry, their lines in the order written."""
    actions = actions or {}
    result: list[ChangeEntry] = []
    for change in changes:
        display = actions.get(change.action)
        title = display.title if display else change.action
        lines = (display.lines if display else None) or raw_lines
        if group and result and _same_save(result[-1].change, change):
            last = result[-1]
            result[-1] = ChangeEntry(last.change, last.title, lines(change) + last.lines)
            continue
        result.append(ChangeEntry(change, str(title), lines(change)))
    return result
