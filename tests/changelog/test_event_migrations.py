"""The data migrations that moved the nominations timeline (`SubmissionEvent`) and OPC's
log (`opc.Event`) into `ChangeLog`: every old event becomes one row with its time, user,
action, round and district, its detail split into before/after as the services now
write them. The old models are gone, so their rows are stand-ins served to the
migration's own function; the rows it writes are real."""

import datetime as dt
import importlib
from types import SimpleNamespace

from django.apps import apps as real_apps
from django.test import TestCase
from django.utils import timezone

from changelog.models import ChangeLog
from tests.base import BaseTestCase

nominations_move = importlib.import_module(
    "nominations.migrations.0004_submission_events_to_changelog"
)
opc_move = importlib.import_module("opc.migrations.0003_opc_events_to_changelog")

AT = timezone.make_aware(dt.datetime(2024, 12, 5, 9, 30))
IDENT = {"code": "M1", "name": "กลุ่ม M1", "tier": 2, "nomination": 7}


class _Rows:
    """What the migration asks of an old model's manager, over stand-in rows."""

    def __init__(self, rows):
        self.rows = rows

    def select_related(self, *names):
        return self

    def order_by(self, *names):
        return self

    def iterator(self, chunk_size=None):
        return iter(self.rows)


def _apps(name: str, rows: list):
    model = SimpleNamespace(objects=_Rows(rows))
    return SimpleNamespace(
        get_model=lambda app, model_name: (
            model if model_name == name else real_apps.get_model(app, model_name)
        )
    )


class SubmissionEventSplitTestCase(TestCase):
    def test_it_splits_every_action_into_what_the_services_write(self):
        cases = [
            ("nominate", {**IDENT, "position": 2}, {}, {**IDENT, "position": 2}),
            ("remove", {**IDENT, "via": "load_form"}, IDENT, {}),
            (
                "move",
                {**IDENT, "from_position": 2, "to_position": 1},
                {**IDENT, "position": 2},
                {**IDENT, "position": 1},
            ),
            (
                "justify",
                {**IDENT, "old": "", "new": "ตลาดดี"},
                {**IDENT, "justification": ""},
                {**IDENT, "justification": "ตลาดดี"},
            ),
            (
                "keep",
                {**IDENT, "kind": "ineligible", "problem": "ไม่ผ่าน", "reason": "รอประกาศ"},
                IDENT,
                {**IDENT, "kind": "ineligible", "problem": "ไม่ผ่าน", "reason": "รอประกาศ"},
            ),
            ("submit", {"count": 3}, {}, {"status": "submitted", "count": 3}),
            ("return", {"comment": "แก้"}, {}, {"status": "returned", "comment": "แก้"}),
            ("approve", {}, {}, {"status": "approved"}),
            (
                "reopen",
                {"until": "2024-12-20", "until_th": "20 ธ.ค. 2567", "from_status": "approved"},
                {"status": "approved"},
                {"status": "returned", "reopened_until": "2024-12-20"},
            ),
            (
                "load_form",
                {"added": 1, "removed": 2, "kept": 3, "refused": 4},
                {},
                {"added": 1, "removed": 2, "kept": 3, "refused": 4},
            ),
        ]
        for action, detail, before, after in cases:
            with self.subTest(action):
                self.assertEqual(nominations_move.split(action, detail), (before, after))


class SubmissionEventMoveTestCase(BaseTestCase):
    def test_each_event_becomes_one_row_with_its_time_user_round_and_district(self):
        submission = SimpleNamespace(round_id=11, district_id="5601")

        def event(pk, action, detail):
            return SimpleNamespace(
                pk=pk,
                submission_id=3,
                submission=submission,
                actor_id=self.officer.pk,
                at=AT,
                action=action,
                detail=detail,
            )

        events = [
            event(1, "nominate", {**IDENT, "position": 1, "via": "load_form"}),
            event(2, "submit", {"count": 1}),
        ]
        nominations_move.forwards(_apps("SubmissionEvent", events), None)
        rows = list(ChangeLog.objects.order_by("pk"))
        self.assertEqual(
            [
                (r.action, r.user, r.created_at, r.object_type, r.object_id, r.round_id)
                for r in rows
            ],
            [
                ("submission.nominate", self.officer, AT, "nominations.submission", "3", 11),
                ("submission.submit", self.officer, AT, "nominations.submission", "3", 11),
            ],
        )
        self.assertEqual([r.district_code for r in rows], ["5601", "5601"])
        self.assertEqual([r.source for r in rows], ["import", "web"])
        self.assertEqual(rows[0].after, {**IDENT, "position": 1})


class OpcEventMoveTestCase(BaseTestCase):
    def event(self, pk, action, *, application=None, before=None, after=None, at=AT):
        return SimpleNamespace(
            pk=pk,
            round_id=21,
            round=SimpleNamespace(slug="opc-2565"),
            application_id=application.pk if application else None,
            application=application,
            user_id=self.staff.pk,
            at=at,
            action=action,
            before=before or {},
            after=after or {},
        )

    def test_application_rows_go_on_the_application_round_rows_on_the_round(self):
        application = SimpleNamespace(pk=5, district_id="5607")
        events = [
            self.event(1, "entered", application=application, after={"slot": 1}),
            self.event(2, "scored", application=application, after={"total": "80.00"}),
            self.event(3, "published", after={"created": 1}),
            self.event(4, "committee_added", after={"user": "staff", "role": "chair"}),
        ]
        opc_move.forwards(_apps("Event", events), None)
        rows = list(ChangeLog.objects.order_by("pk"))
        self.assertEqual(
            [(r.action, r.object_type, r.object_id, r.district_code) for r in rows],
            [
                ("opc.entered", "opc.application", "5", "5607"),
                ("opc.scored", "opc.application", "5", "5607"),
                ("opc.published", "selection.round", "21", ""),
                ("opc.committee_added", "selection.round", "21", ""),
            ],
        )
        self.assertEqual({(r.user, r.created_at, r.round_id) for r in rows}, {(self.staff, AT, 21)})
        self.assertEqual([r.source for r in rows], ["web", "web", "opc", "web"])
        self.assertEqual(rows[2].source_ref, "opc-2565")

    def test_a_settings_change_the_round_log_already_has_is_not_copied_twice(self):
        ChangeLog.objects.create(
            object_type="selection.round",
            object_id="21",
            round_id=21,
            action="round.opc_settings",
            source="web",
            created_at=AT + dt.timedelta(seconds=1),
        )
        bands = {"score_bands": [{"stars": 5, "min": 90}]}
        events = [
            self.event(1, "settings", before={}, after=bands),
            self.event(2, "settings", before=bands, after={}, at=AT + dt.timedelta(days=1)),
        ]
        opc_move.forwards(_apps("Event", events), None)
        copied = ChangeLog.objects.exclude(created_at=AT + dt.timedelta(seconds=1))
        self.assertEqual(
            [(c.action, c.before, c.after) for c in copied],
            [("round.opc_settings", bands, {})],
        )
