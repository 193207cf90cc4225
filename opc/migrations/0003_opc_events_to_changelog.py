"""Move OPC's own log (`opc.Event`) into the shared change log.

Entries, withdrawals and scores become rows on their application ("opc.application",
with its district); the committee, publishing and PSO picks rows on the round; settings
changes become the round's `round.opc_settings` rows (the changed keys the services log)
unless the service already logged that change there. Times, users and before/after are
kept; publishing has OPC as its source. Then the old table goes.
"""

import datetime as dt

from django.db import migrations

APPLICATION = "opc.application"
ROUND = "selection.round"
ROUND_OPC_SETTINGS = "round.opc_settings"
SETTINGS_LOGGED = ("score_bands", "scoring_parts", "scoring_parts_by_province", "timeline")
ON_APPLICATION = {"entered", "withdrawn", "scored"}
SAME_CHANGE = dt.timedelta(seconds=5)
BATCH = 2000


def _settings(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in SETTINGS_LOGGED if before.get(k) != after.get(k)]
    return (
        {k: before[k] for k in keys if k in before},
        {k: after[k] for k in keys if k in after},
    )


def forwards(apps, schema_editor):
    Event = apps.get_model("opc", "Event")
    ChangeLog = apps.get_model("changelog", "ChangeLog")
    logged = {}
    for round_id, at in ChangeLog.objects.filter(action=ROUND_OPC_SETTINGS).values_list(
        "round_id", "created_at"
    ):
        logged.setdefault(round_id, []).append(at)
    rows = []
    events = Event.objects.select_related("round", "application").order_by("at", "pk")
    for event in events.iterator(chunk_size=BATCH):
        before, after = event.before or {}, event.after or {}
        action = f"opc.{event.action}"
        object_type, object_id, district = ROUND, event.round_id, ""
        if event.action == "settings":
            if any(abs(at - event.at) <= SAME_CHANGE for at in logged.get(event.round_id, [])):
                continue
            before, after = _settings(before, after)
            if not before and not after:
                continue
            action = ROUND_OPC_SETTINGS
        elif event.action in ON_APPLICATION and event.application_id:
            object_type, object_id = APPLICATION, event.application_id
            district = event.application.district_id
        published = event.action == "published"
        rows.append(
            ChangeLog(
                user_id=event.user_id,
                created_at=event.at,
                object_type=object_type,
                object_id=str(object_id),
                round_id=event.round_id,
                district_code=district,
                action=action,
                before=before,
                after=after,
                source="opc" if published else "web",
                source_ref=event.round.slug if published else "",
            )
        )
        if len(rows) >= BATCH:
            ChangeLog.objects.bulk_create(rows)
            rows = []
    ChangeLog.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    """The OPC rows back as events (settings rows stay the round's)."""
    Event = apps.get_model("opc", "Event")
    ChangeLog = apps.get_model("changelog", "ChangeLog")
    changes = ChangeLog.objects.filter(action__startswith="opc.")
    for change in changes.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        on_application = change.object_type == APPLICATION
        event = Event.objects.create(
            round_id=change.round_id,
            application_id=int(change.object_id) if on_application else None,
            action=change.action.removeprefix("opc."),
            user_id=change.user_id,
            before=change.before,
            after=change.after,
        )
        Event.objects.filter(pk=event.pk).update(at=change.created_at)
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opc", "0002_opc_event"),
        ("changelog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Event"),
    ]
