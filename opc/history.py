"""How pages show OPC's change log rows: settings changes (bands, scoring parts, stage
dates) on the round page, entries and scores on the application's page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changelog.display import EMPTY, ActionDisplay, ChangeEntry, ChangeLine, entries
from changelog.selectors import change_list
from opc import rules
from opc.models import EventAction
from opc.services import ROUND_OPC_SETTINGS
from selection.history import be_date_text


def _timeline_lines(before: dict | None, after: dict | None) -> list[ChangeLine]:
    before, after = before or {}, after or {}
    lines = []
    for key, label in rules.STAGES:
        old, new = before.get(key) or {}, after.get(key) or {}
        for end, end_label in (("start", _("วันเริ่ม")), ("end", _("วันสิ้นสุด"))):
            if old.get(end) != new.get(end):
                lines.append(
                    ChangeLine(
                        f"{label}: {end_label}",
                        be_date_text(old.get(end)),
                        be_date_text(new.get(end)),
                    )
                )
    return lines


def _band_text(band: dict | None) -> str:
    if not band:
        return EMPTY
    return f"{band.get('min')}–{band.get('max')}"


def _bands_lines(before: list | None, after: list | None) -> list[ChangeLine]:
    old = {b.get("stars"): b for b in before or []}
    new = {b.get("stars"): b for b in after or []}
    return [
        ChangeLine(
            _("ช่วงคะแนน %(stars)s ดาว") % {"stars": stars},
            _band_text(old.get(stars)),
            _band_text(new.get(stars)),
        )
        for stars in sorted(old.keys() | new.keys(), reverse=True)
        if old.get(stars) != new.get(stars)
    ]


def _part_text(part: dict | None) -> str:
    if not part:
        return EMPTY
    return _("%(name)s (เต็ม %(points)s)") % {"name": part.get("name"), "points": part.get("max")}


def _parts_lines(before: list | None, after: list | None) -> list[ChangeLine]:
    old = {p.get("key"): p for p in before or []}
    new = {p.get("key"): p for p in after or []}
    return [
        ChangeLine(_("ส่วนการให้คะแนน"), _part_text(old.get(key)), _part_text(new.get(key)))
        for key in dict.fromkeys([*old, *new])
        if old.get(key) != new.get(key)
    ]


def _settings_lines(change) -> list[ChangeLine]:
    before, after = change.before, change.after
    lines = []
    if "timeline" in before or "timeline" in after:
        lines += _timeline_lines(before.get("timeline"), after.get("timeline"))
    if "score_bands" in before or "score_bands" in after:
        lines += _bands_lines(before.get("score_bands"), after.get("score_bands"))
    if "scoring_parts" in before or "scoring_parts" in after:
        lines += _parts_lines(before.get("scoring_parts"), after.get("scoring_parts"))
    if "scoring_parts_by_province" in before or "scoring_parts_by_province" in after:
        yes, no = _("จังหวัดกำหนดแล้ว"), _("ค่าเริ่มต้นของระบบ")
        lines.append(
            ChangeLine(
                _("คะแนนเต็มของส่วนการให้คะแนน"),
                yes if before.get("scoring_parts_by_province") else no,
                yes if after.get("scoring_parts_by_province") else no,
            )
        )
    return lines


CHANGE_ACTIONS = {
    ROUND_OPC_SETTINGS: ActionDisplay(gettext_lazy("แก้ไขช่วงคะแนนและกำหนดการ OPC"), _settings_lines),
    **{action.value: ActionDisplay(action.label) for action in EventAction},
}


def application_history(application) -> list[ChangeEntry]:
    """The application's change log (entered, scored, withdrawn), oldest first, one
    entry per row (every score correction keeps its own line)."""
    changes = change_list(obj=application).order_by("created_at", "pk")
    return entries(changes, CHANGE_ACTIONS, group=False)
