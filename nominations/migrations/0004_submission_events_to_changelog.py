"""Move the district timelines (`SubmissionEvent`) into the shared change log.

Every event becomes one `changelog.ChangeLog` row on its submission ("nominations
.submission"), with its time, user and round/district; the event's detail is split into
`before`/`after` as the services now write them (the nomination it names on the side
where it exists, the values that changed on both). Edits from a filled return form get
the import as their source. Then the old table goes.
"""

from django.db import migrations

SUBMISSION = "nominations.submission"
FORM_LOAD_REF = "แบบรายงานที่กรอกแล้ว"
IDENTITY = ("code", "name", "tier", "nomination")
# Where a reopen leaves a list (nominations.rules.TRANSITIONS[REOPEN]).
REOPENED = {
    "draft": "draft",
    "returned": "returned",
    "submitted": "returned",
    "approved": "returned",
}
BATCH = 2000


def split(action: str, detail: dict) -> tuple[dict, dict]:
    """An event's detail as the (before, after) of its change log row."""
    ident = {k: detail[k] for k in IDENTITY if k in detail}
    if action == "nominate":
        return {}, {**ident, "position": detail.get("position")}
    if action == "remove":
        return ident, {}
    if action == "move":
        return (
            {**ident, "position": detail.get("from_position")},
            {**ident, "position": detail.get("to_position")},
        )
    if action == "justify":
        return (
            {**ident, "justification": detail.get("old", "")},
            {**ident, "justification": detail.get("new", "")},
        )
    if action == "keep":
        extra = {k: detail.get(k, "") for k in ("kind", "problem", "reason")}
        return ident, {**ident, **extra}
    if action == "submit":
        return {}, {"status": "submitted", "count": detail.get("count", 0)}
    if action == "return":
        return {}, {"status": "returned", "comment": detail.get("comment", "")}
    if action == "approve":
        return {}, {"status": "approved"}
    if action == "reopen":
        old = detail.get("from_status")
        before = {"status": old} if old else {}
        return before, {
            "status": REOPENED.get(old, "returned"),
            "reopened_until": detail.get("until"),
        }
    if action == "load_form":
        return {}, {k: detail.get(k, 0) for k in ("added", "removed", "kept", "refused")}
    return {}, dict(detail)


def forwards(apps, schema_editor):
    SubmissionEvent = apps.get_model("nominations", "SubmissionEvent")
    ChangeLog = apps.get_model("changelog", "ChangeLog")
    rows = []
    events = SubmissionEvent.objects.select_related("submission").order_by("at", "pk")
    for event in events.iterator(chunk_size=BATCH):
        detail = event.detail or {}
        before, after = split(event.action, detail)
        from_form = event.action == "load_form" or detail.get("via") == "load_form"
        rows.append(
            ChangeLog(
                user_id=event.actor_id,
                created_at=event.at,
                object_type=SUBMISSION,
                object_id=str(event.submission_id),
                round_id=event.submission.round_id,
                district_code=event.submission.district_id,
                action=f"submission.{event.action}",
                before=before,
                after=after,
                source="import" if from_form else "web",
                source_ref=FORM_LOAD_REF if from_form else "",
            )
        )
        if len(rows) >= BATCH:
            ChangeLog.objects.bulk_create(rows)
            rows = []
    ChangeLog.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    """The rows back as events (their before/after merged into the detail)."""
    SubmissionEvent = apps.get_model("nominations", "SubmissionEvent")
    ChangeLog = apps.get_model("changelog", "ChangeLog")
    changes = ChangeLog.objects.filter(object_type=SUBMISSION)
    events = []
    for change in changes.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        action = change.action.removeprefix("submission.")
        detail = {**(change.before or {}), **(change.after or {})}
        if change.source == "import" and action != "load_form":
            detail["via"] = "load_form"
        events.append(
            SubmissionEvent(
                submission_id=int(change.object_id),
                actor_id=change.user_id,
                at=change.created_at,
                action=action[:10],
                detail=detail,
            )
        )
    SubmissionEvent.objects.bulk_create(events, batch_size=BATCH)
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0003_keep_action_and_kept_nomination"),
        ("changelog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="SubmissionEvent"),
    ]
