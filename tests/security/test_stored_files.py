"""Uploaded and generated files (import spreadsheets, error workbooks) are only handed out
by views that check who may see them: nothing is served under MEDIA_URL (DEBUG or not),
stored names cannot be guessed or counted, and downloads are attachments with nosniff.
"""

import importlib
import re
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import otop_site.urls
from registry.importing.service import import_batch_create
from registry.models import ImportBatch
from tests.allocations.test_import_quotas import SEED_001, register_xlsx
from tests.base import BaseTestCase
from tests.registry.importing.corpus import registry_row, xlsx
from tests.selection.data import make_round

RANDOM_NAME = re.compile(r"imports/(errors/)?[0-9a-f]{32}\.xlsx")
BAD_REGISTER = [*SEED_001[:-1], ("๙", "ภูซาง", "สอง")]


class StoredFilesTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._media = tempfile.mkdtemp(prefix="stored-files-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_round("KBO", 2568, cls.phayao, slug="kbo-files")

    def quota_batch_with_errors(self) -> ImportBatch:
        self.client.force_login(self.staff)
        url = reverse("allocations:quota_upload", args=["kbo-files"])
        upload = SimpleUploadedFile("register.xlsx", register_xlsx(BAD_REGISTER, total="๒๐"))
        self.client.post(url, {"file": upload, "default_kind": "exact"})
        batch = ImportBatch.objects.filter(kind="quota").latest("pk")
        self.assertTrue(batch.errors_file, batch.summary)
        return batch

    def registry_batch_with_errors(self) -> ImportBatch:
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile("reg.xlsx", xlsx([registry_row("P1", "X1", stars="เจ็ด")]))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("registry:import_upload"), {"kind": "registry", "file": upload}
            )
        batch = ImportBatch.objects.filter(kind="registry").latest("pk")
        self.assertTrue(batch.errors_file, batch.summary)
        return batch

    def errors_url(self, batch) -> str:
        return reverse("allocations:quota_upload_errors", args=["kbo-files", batch.pk])

    # -- names -----------------------------------------------------------------------------

    def test_it_stores_files_under_random_names_that_do_not_follow_the_batch_number(self):
        first = import_batch_create(kind="registry", user=self.admin, file_name="a.xlsx", data=b"1")
        second = import_batch_create(
            kind="registry", user=self.admin, file_name="a.xlsx", data=b"2"
        )
        for batch in (first, second):
            self.assertRegex(batch.stored_file.name, RANDOM_NAME)
            self.assertFalse(batch.stored_file.name.startswith(f"imports/{batch.pk}-"))
        self.assertNotEqual(first.stored_file.name, second.stored_file.name)
        self.assertEqual(second.file_name, "a.xlsx")  # the original name, for display

    def test_it_stores_error_workbooks_under_random_names(self):
        batch = self.quota_batch_with_errors()
        self.assertRegex(batch.errors_file.name, RANDOM_NAME)
        self.assertTrue(batch.errors_file.name.startswith("imports/errors/"))
        self.assertNotIn(f"{batch.pk}-errors", batch.errors_file.name)

    # -- nothing under /media/ -------------------------------------------------------------

    def test_media_urls_are_not_served_even_in_debug_mode(self):
        batch = self.quota_batch_with_errors()
        self.assertTrue(default_storage.exists(batch.errors_file.name))
        self.client.force_login(self.outsider)
        try:
            with override_settings(DEBUG=True):
                importlib.reload(otop_site.urls)  # the URLconf as bin/run-app builds it
                clear_url_caches()
                response = self.client.get(f"/media/{batch.errors_file.name}")
        finally:
            importlib.reload(otop_site.urls)
            clear_url_caches()
        self.assertEqual(response.status_code, 404)

    # -- quota error workbooks: the round's managers only ----------------------------------

    def test_the_rounds_staff_download_the_error_workbook_as_an_attachment(self):
        batch = self.quota_batch_with_errors()
        response = self.client.get(self.errors_url(batch))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", response["Cache-Control"])
        with default_storage.open(batch.errors_file.name, "rb") as handle:
            self.assertEqual(b"".join(response.streaming_content), handle.read())

    def test_the_preview_links_the_error_workbook(self):
        batch = self.quota_batch_with_errors()
        detail = reverse("allocations:quota_upload_detail", args=["kbo-files", batch.pk])
        self.assertContains(self.client.get(detail), self.errors_url(batch))

    def test_another_provinces_staff_and_officers_get_404_for_the_error_workbook(self):
        batch = self.quota_batch_with_errors()
        for user in (self.outsider, self.outsider_officer, self.officer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.errors_url(batch)).status_code, 404)

    def test_a_batch_is_only_downloadable_under_its_own_round(self):
        batch = self.quota_batch_with_errors()
        make_round("KBO", 2568, self.chiang_rai, slug="kbo-files-cr")
        self.client.force_login(self.admin)
        url = reverse("allocations:quota_upload_errors", args=["kbo-files-cr", batch.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    # -- registry error workbooks: admins only ---------------------------------------------

    def test_only_admins_download_a_registry_error_workbook(self):
        batch = self.registry_batch_with_errors()
        url = reverse("registry:import_errors", args=[batch.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        for user in (self.staff, self.officer, self.outsider):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertIn(self.client.get(url).status_code, (403, 404))

    def test_a_file_stored_under_an_old_sequential_name_is_still_downloadable(self):
        batch = self.registry_batch_with_errors()
        old_name = default_storage.save("imports/errors/7-errors.xlsx", ContentFile(b"old"))
        ImportBatch.objects.filter(pk=batch.pk).update(errors_file=old_name)
        response = self.client.get(reverse("registry:import_errors", args=[batch.pk]))
        self.assertEqual(b"".join(response.streaming_content), b"old")

    def test_a_missing_file_is_a_404_not_a_500(self):
        batch = self.registry_batch_with_errors()
        default_storage.delete(batch.errors_file.name)
        response = self.client.get(reverse("registry:import_errors", args=[batch.pk]))
        self.assertEqual(response.status_code, 404)
