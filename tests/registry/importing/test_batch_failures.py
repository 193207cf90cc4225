"""An import batch never stays "validating" or "running": whatever fails, in whichever
phase, the batch ends failed (or rejected) with a reason its page shows, and nothing is
half written. Failures are simulated by making one step raise."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from allocations.importing import QuotaImporter
from registry.importing import service
from registry.importing.kinds import get_importer
from registry.models import ImportBatch, ImportStatus, Producer
from tests.base import PASSWORD, BaseTestCase
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx
from tests.registry.importing.test_import_views import upload


class Boom(Exception):
    """The unexpected error (a bug, the database, storage)."""


def boom(*args, **kwargs):
    raise Boom("secret detail: SELECT * FROM somewhere")


class BatchFailureTestCase(TempMediaMixin, BaseTestCase):
    def setUp(self):
        self.client.force_login(self.admin)
        self.producers = Producer.objects.count()

    def post_upload(self, data=None):
        # The preview task runs when the upload commits (immediate backend in tests).
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("registry:import_upload"), {"kind": "registry", "file": upload(data=data)}
            )
        return ImportBatch.objects.latest("pk")

    def confirm(self, batch):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("registry:import_confirm", args=[batch.pk]))
        batch.refresh_from_db()
        return batch

    def assertFailedOnPage(self, batch, *fragments, status=ImportStatus.FAILED):
        page = self.client.get(reverse("registry:import_detail", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, status)
        self.assertEqual(batch.phase, "done")
        self.assertIsNotNone(batch.finished_at)
        self.assertNotContains(page, 'hx-trigger="every 1s"')  # no longer polling
        for fragment in fragments:
            self.assertContains(page, fragment)
        self.assertNotContains(page, "SELECT")  # the error's text stays in the log
        return page

    # -- preview (the task that validates an upload) ------------------------------------

    def test_an_unexpected_error_in_each_preview_stage_fails_the_batch_with_its_stage(self):
        importer = get_importer("registry")
        stages = {
            "เปิดและตรวจไฟล์": mock.patch.object(service, "open_workbook", boom),
            "อ่านแถวในชีต": mock.patch.object(service, "read_sheet", boom),
            "ตรวจข้อมูลกับฐานข้อมูล": mock.patch.object(importer, "plan", boom),
            "สรุปผลและไฟล์ข้อผิดพลาด": mock.patch.object(service, "summarize", boom),
            "อ่านไฟล์ที่อัปโหลดไว้": mock.patch.object(service, "_batch_data", boom),
        }
        for stage, patch in stages.items():
            with self.subTest(stage), patch, self.assertLogs(service.logger, "ERROR") as logs:
                batch = self.post_upload()
                self.assertFailedOnPage(batch, stage, "Boom", "ไม่ได้บันทึกข้อมูลใด ๆ")
                self.assertIn("SELECT", "\n".join(logs.output))  # the traceback is logged

    def test_an_error_outside_the_service_still_fails_the_batch(self):
        tasks = "registry.tasks.import_batch_preview"
        with mock.patch(tasks, boom), self.assertLogs(service.logger, "ERROR"):
            batch = self.post_upload()
        self.assertFailedOnPage(batch, "เริ่มงานนำเข้า", "Boom")

    # -- the real run (after confirm) -----------------------------------------------------

    def test_an_unexpected_error_in_each_run_stage_fails_the_batch_and_writes_nothing(self):
        importer = get_importer("registry")
        stages = {
            "เปิดและตรวจไฟล์": mock.patch.object(service, "open_workbook", boom),
            "ตรวจข้อมูลกับฐานข้อมูล": mock.patch.object(importer, "plan", boom),
            "บันทึกลงฐานข้อมูล": mock.patch.object(importer, "apply", boom),
        }
        for stage, patch in stages.items():
            with self.subTest(stage):
                batch = self.post_upload(xlsx([registry_row("P1", "X1")]))
                self.assertEqual(batch.status, ImportStatus.PREVIEWED)
                with patch, self.assertLogs(service.logger, "ERROR"):
                    batch = self.confirm(batch)
                self.assertFailedOnPage(batch, stage, "Boom", "ไม่ได้บันทึกข้อมูลใด ๆ")
                self.assertEqual(Producer.objects.count(), self.producers)

    def test_a_write_that_fails_half_way_leaves_nothing_written(self):
        importer = get_importer("registry")
        real_apply = importer.apply

        def apply_then_fail(plan, **kwargs):
            real_apply(plan, **kwargs)
            self.assertGreater(Producer.objects.count(), self.producers)  # rows were written
            raise Boom("after the rows")

        batch = self.post_upload(xlsx([registry_row("P1", "X1"), registry_row("P2", "X2")]))
        with (
            mock.patch.object(importer, "apply", apply_then_fail),
            self.assertLogs(service.logger, "ERROR"),
        ):
            batch = self.confirm(batch)
        self.assertFailedOnPage(batch, "บันทึกลงฐานข้อมูล", "ไม่ได้บันทึกข้อมูลใด ๆ")
        self.assertEqual(Producer.objects.count(), self.producers)

    def test_when_only_the_record_of_a_written_import_fails_it_says_it_was_written(self):
        batch = self.post_upload(xlsx([registry_row("P1", "X1")]))
        with (
            mock.patch.object(service, "_save_errors", boom),
            self.assertLogs(service.logger, "ERROR"),
        ):
            batch = self.confirm(batch)
        self.assertFailedOnPage(batch, "บันทึกข้อมูลแล้ว", status=ImportStatus.SUCCEEDED)
        self.assertEqual(Producer.objects.count(), self.producers + 1)

    def test_an_error_outside_the_run_service_still_fails_the_batch(self):
        batch = self.post_upload(xlsx([registry_row("P1", "X1")]))
        with mock.patch("registry.tasks.import_batch_run", boom), self.assertLogs(service.logger):
            batch = self.confirm(batch)
        self.assertFailedOnPage(batch, "เริ่มงานนำเข้า", "Boom")

    # -- a worker that died ---------------------------------------------------------------

    def test_a_batch_whose_worker_died_is_failed_when_seen_and_no_other(self):
        batch = self.post_upload(xlsx([registry_row("P1", "X1")]))
        long_ago = timezone.now() - dt.timedelta(minutes=31)
        alive_or_waiting = [
            (ImportStatus.RUNNING, "read", timezone.now() - dt.timedelta(minutes=5)),
            (ImportStatus.VALIDATING, "", long_ago),  # queued: no worker has begun it
            (ImportStatus.QUEUED, "", long_ago),
        ]
        for status, phase, started in alive_or_waiting:
            with self.subTest(status=status, phase=phase):
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=status, phase=phase, started_at=started
                )
                self.client.get(reverse("registry:import_progress", args=[batch.pk]))
                self.client.get(reverse("registry:import_list"))
                batch.refresh_from_db()
                self.assertEqual(batch.status, status)
        # Begun over half an hour ago and never finished: its worker died.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.RUNNING, phase="read", started_at=long_ago
        )
        self.assertFailedOnPage(batch, "หยุดกลางคัน", "30 นาที")


class QuotaUploadFailureTestCase(TempMediaMixin, BaseTestCase):
    """The allocation register runs preview and import in the request: an unexpected
    error there gives the page with the reason, not a 500, and a failed batch."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.selection.data import make_round

        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-fail")

    def setUp(self):
        self.client.login(username="staff", password=PASSWORD)

    def upload(self):
        from tests.allocations.test_import_quotas import SEED_001, register_xlsx

        url = reverse("allocations:quota_upload", args=[self.round.slug])
        data = register_xlsx(SEED_001)
        payload = {"file": upload("register.xlsx", data), "default_kind": "exact"}
        return self.client.post(url, payload, follow=True)

    def test_a_preview_that_fails_shows_its_reason(self):
        with mock.patch.object(QuotaImporter, "plan", boom), self.assertLogs(service.logger):
            response = self.upload()
        self.assertContains(response, "ตรวจข้อมูลกับฐานข้อมูล")
        batch = ImportBatch.objects.filter(kind="quota").latest("pk")
        self.assertEqual(batch.status, ImportStatus.FAILED)

    def test_a_confirm_that_fails_shows_its_reason_and_writes_no_quota(self):
        self.upload()
        batch = ImportBatch.objects.filter(kind="quota").latest("pk")
        self.assertEqual(batch.status, ImportStatus.PREVIEWED)
        url = reverse("allocations:quota_upload_confirm", args=[self.round.slug, batch.pk])
        with mock.patch.object(QuotaImporter, "apply", boom), self.assertLogs(service.logger):
            response = self.client.post(url, follow=True)
        self.assertEqual(response.status_code, 200)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.FAILED)
        self.assertIn("บันทึกลงฐานข้อมูล", batch.message)
        self.assertFalse(self.round.quotas.exists())
