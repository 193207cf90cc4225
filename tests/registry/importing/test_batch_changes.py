"""Every status change of an import record goes through the transition table and writes
one change log row (who, before, after), in the web flow, the commands and when a stale
batch is failed; a move the table refuses is refused in Thai and logs nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from changelog.models import ChangeLog
from registry.importing import service
from registry.importing.service import ImportOutcome, ImportResult
from registry.models import ImportBatch, ImportStatus
from tests.base import BaseTestCase, make_user
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx
from tests.registry.importing.test_import_views import upload


def moves(batch) -> list[tuple]:
    """The batch's status changes in the log, oldest first: (user, old, new)."""
    rows = ChangeLog.objects.filter(
        object_type="registry.importbatch", object_id=str(batch.pk)
    ).order_by("pk")
    return [(r.user, r.before.get("status", ""), r.after["status"]) for r in rows]


class ImportBatchChangesTestCase(TempMediaMixin, BaseTestCase):
    def setUp(self):
        self.client.force_login(self.admin)

    def post_upload(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("registry:import_upload"), {"kind": "registry", "file": upload()}
            )
        return ImportBatch.objects.latest("pk")

    def test_the_web_flow_logs_each_move_once(self):
        batch = self.post_upload()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("registry:import_confirm", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.SUCCEEDED)
        self.assertEqual(
            moves(batch),
            [
                (self.admin, "", "validating"),
                (self.admin, "validating", "previewed"),
                (self.admin, "previewed", "queued"),
                (self.admin, "queued", "running"),
                (self.admin, "running", "succeeded"),
            ],
        )
        change = ChangeLog.objects.filter(object_type="registry.importbatch").latest("pk")
        self.assertEqual(
            (change.action, change.source, change.source_ref),
            ("import.status", "import", f"#{batch.pk} reg.xlsx"),
        )

    def test_cancelling_is_logged_with_who_cancelled(self):
        batch = self.post_upload()
        other = make_user("admin2", Role.ADMIN, is_staff=True)
        self.client.force_login(other)
        self.client.post(reverse("registry:import_cancel", args=[batch.pk]))
        self.assertEqual(moves(batch)[-1], (other, "previewed", "cancelled"))

    def test_a_finished_batch_cannot_be_queued_again_and_nothing_is_logged(self):
        batch = self.post_upload()
        service.import_batch_cancel(batch=batch)
        logged = len(moves(batch))
        with self.assertRaisesMessage(ValidationError, "การนำเข้านี้สิ้นสุดแล้ว (ยกเลิก)"):
            service.import_batch_confirm(batch=batch)
        batch.refresh_from_db()
        self.assertEqual((batch.status, len(moves(batch))), (ImportStatus.CANCELLED, logged))

    def test_a_command_import_logs_its_start_and_its_end(self):
        data = xlsx([registry_row("P1", "X1")])
        batch = service.import_batch_begin(
            kind="registry", user=self.admin, file_name="a.xlsx", data=data
        )
        service.import_batch_record(
            kind="registry",
            user=self.admin,
            file_name="a.xlsx",
            data=data,
            result=ImportResult(ImportOutcome.OK, {"rows": 1}),
            batch=batch,
        )
        recorded = service.import_batch_record(
            kind="registry",
            user=self.admin,
            file_name="b.xlsx",
            data=data,
            result=ImportResult(ImportOutcome.INVALID, {"rows": 1, "errors": [{}]}),
        )
        self.assertEqual(
            moves(batch), [(self.admin, "", "running"), (self.admin, "running", "succeeded")]
        )
        self.assertEqual(moves(recorded), [(self.admin, "", "failed")])

    def test_a_stale_batch_failed_when_seen_is_logged_once(self):
        batch = self.post_upload()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.RUNNING,
            phase="read",
            started_at=timezone.now() - dt.timedelta(hours=2),
        )
        self.assertEqual(service.import_batch_fail_stale(), 1)
        self.assertEqual(service.import_batch_fail_stale(), 0)
        self.assertEqual(moves(batch)[-1], (self.admin, "running", "failed"))
        self.assertEqual([m[2] for m in moves(batch)].count("failed"), 1)
