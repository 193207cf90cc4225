import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from registry.importing.service import import_batch_create
from registry.models import ImportBatch, ImportStatus, Producer
from tests.base import BaseTestCase
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx


def upload(name="reg.xlsx", data=None):
    data = data if data is not None else xlsx([registry_row("P1", "X1")])
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class ImportViewsTestCase(TempMediaMixin, BaseTestCase):
    def confirm(self, batch):
        # The task is enqueued on commit; the immediate backend then runs it inline.
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("registry:import_confirm", args=[batch.pk]))

    def post_upload(self, data=None, **extra):
        self.client.force_login(self.admin)
        # The preview task is enqueued on commit; the immediate backend runs it inline.
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("registry:import_upload"),
                {"kind": "registry", "file": upload(data=data), **extra},
            )

    def test_non_admins_are_refused(self):
        batch = import_batch_create(
            kind="registry", user=self.admin, file_name="a.xlsx", data=xlsx([registry_row()])
        )
        for user in (self.officer, self.staff):
            self.client.force_login(user)
            for name, args in (
                ("registry:import_list", ()),
                ("registry:import_upload", ()),
                ("registry:import_detail", (batch.pk,)),
                ("registry:import_progress", (batch.pk,)),
            ):
                with self.subTest(user=user.username, url=name):
                    response = self.client.get(reverse(name, args=args))
                    self.assertEqual(response.status_code, 403)
            response = self.client.post(reverse("registry:import_confirm", args=[batch.pk]))
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Producer.objects.count(), 0)

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(reverse("registry:import_list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_upload_shows_a_preview_and_writes_nothing(self):
        response = self.post_upload()
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, reverse("registry:import_detail", args=[batch.pk]))
        self.assertEqual(batch.status, ImportStatus.PREVIEWED)
        self.assertEqual(batch.created_by, self.admin)
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn("ยืนยันการนำเข้า", page)
        self.assertIn("สร้างใหม่", page)
        self.assertEqual(Producer.objects.count(), 0)

    def test_confirm_runs_the_import_and_records_it(self):
        self.post_upload()
        batch = ImportBatch.objects.get()
        response = self.confirm(batch)
        self.assertRedirects(response, reverse("registry:import_detail", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.SUCCEEDED)
        self.assertEqual(Producer.objects.count(), 1)
        self.assertEqual(batch.summary["counts"]["ผู้ผลิต"]["create"], 1)
        history = self.client.get(reverse("registry:import_list")).content.decode()
        self.assertIn("reg.xlsx", history)
        self.assertIn(batch.sha256[:12], history)

    def test_a_confirmed_batch_cannot_run_twice(self):
        self.post_upload()
        batch = ImportBatch.objects.get()
        self.confirm(batch)
        self.confirm(batch)
        self.assertEqual(Producer.objects.count(), 1)

    def test_cancel_writes_nothing_and_drops_the_file(self):
        self.post_upload()
        batch = ImportBatch.objects.get()
        self.client.post(reverse("registry:import_cancel", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.CANCELLED)
        self.assertFalse(batch.stored_file)
        self.assertEqual(Producer.objects.count(), 0)

    def test_errors_block_confirm_and_are_listed_with_row_column_value(self):
        self.post_upload(data=xlsx([registry_row("P1", "X1", stars="เจ็ด")]))
        batch = ImportBatch.objects.get()
        page = self.client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
        self.assertIn("เจ็ด", page)
        self.assertIn("ระดับดาว", page)
        self.assertIn("ยืนยันไม่ได้", page)
        self.confirm(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.PREVIEWED)
        download = self.client.get(reverse("registry:import_errors", args=[batch.pk]))
        self.assertEqual(download.status_code, 200)

    def test_skip_invalid_imports_the_good_rows(self):
        rows = [registry_row("P1", "X1"), registry_row("P2", "X2", stars="เจ็ด")]
        self.post_upload(data=xlsx(rows), skip_invalid="on")
        batch = ImportBatch.objects.get()
        self.confirm(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.PARTIAL)
        self.assertEqual(list(Producer.objects.values_list("code", flat=True)), ["P1"])

    def test_an_unreadable_file_is_rejected_with_a_thai_message(self):
        self.post_upload(data=b"%PDF-1.4 fake")
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportStatus.REJECTED)
        page = self.client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
        self.assertIn("PDF", page)

    @override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
    def test_an_oversized_upload_is_refused_by_the_form(self):
        response = self.post_upload()
        self.assertEqual(response.status_code, 200)
        self.assertIn("ใหญ่เกินกำหนด", response.content.decode())
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_a_tampered_stored_file_is_not_imported(self):
        self.post_upload()
        batch = ImportBatch.objects.get()
        with open(batch.stored_file.path, "wb") as handle:
            handle.write(xlsx([registry_row("P9", "X9")]))
        self.confirm(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.FAILED)
        self.assertIn("checksum", batch.message)
        self.assertEqual(Producer.objects.count(), 0)

    def test_progress_polls_while_running_and_refreshes_when_done(self):
        self.post_upload()
        batch = ImportBatch.objects.get()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.RUNNING, rows_total=200, rows_done=50, phase="read"
        )
        url = reverse("registry:import_progress", args=[batch.pk])
        running = self.client.get(url, headers={"HX-Request": "true"})
        self.assertIn('hx-trigger="every 1s"', running.content.decode())
        self.assertIn("25%", running.content.decode())
        self.assertNotIn("HX-Refresh", running.headers)
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.SUCCEEDED)
        done = self.client.get(url, headers={"HX-Request": "true"})
        self.assertEqual(done.headers["HX-Refresh"], "true")
        self.assertNotIn("hx-trigger", done.content.decode())

    def test_the_nav_shows_the_import_link_to_admins_only(self):
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/"), reverse("registry:import_list"))
        self.client.force_login(self.officer)
        self.assertNotContains(self.client.get("/"), reverse("registry:import_list"))


@pytest.mark.django_db(transaction=True)
def test_preview_and_import_wait_in_the_queue_until_the_worker_runs_them(
    transactional_db, client, settings, tmp_path
):
    """The real queue (django_tasks_db) and its worker, run in-process; transactional because
    the worker closes database connections as it goes. (Naming `transactional_db` lets the
    suite's fixture put back the geography an earlier transactional test flushed.)"""
    from django.core.management import call_command

    from accounts.models import Role
    from tests.base import make_user

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client.force_login(make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True))
    client.post(reverse("registry:import_upload"), {"kind": "registry", "file": upload()})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.VALIDATING
    page = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED

    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED
    assert Producer.objects.count() == 0
    page = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED
    assert Producer.objects.count() == 1
