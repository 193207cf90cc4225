"""UPLOAD_STORAGE=s3 against a real S3 HTTP server on 127.0.0.1 (moto's standalone server).

The storage configuration is built by otop_site.storage.upload_storage, the function the
production settings call, from the same S3_* variables an operator sets. Registry imports
then go through the web pages (upload → background preview → confirm → background import),
and every check looks in the bucket itself with boto3, and at MEDIA_ROOT, which must stay
empty: had the files gone to local disk, these tests would fail.
"""

import io
import shutil
import socket
import tempfile
import zipfile
from pathlib import Path

import boto3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from storages.backends.s3 import S3Storage

from otop_site.storage import upload_storage
from registry.models import ImportBatch, ImportStatus, Producer
from tests.base import BaseTestCase
from tests.registry.importing.corpus import registry_row, xlsx

try:
    from moto.server import ThreadedMotoServer
except ImportError as exc:  # CI installs requirements.txt: missing moto fails, never skips
    ThreadedMotoServer = None
    MOTO_MISSING = (
        f"moto[server] is not installed ({exc}): these tests need its S3 server; "
        "it is pinned in requirements.txt, run `bash bin/setup`"
    )

BUCKET = "otop-uploads"
PREFIX = "otop-select"  # the default S3_PREFIX


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3UploadsTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        if ThreadedMotoServer is None:
            raise ImportError(MOTO_MISSING)
        port = free_port()
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        cls.server.start()
        endpoint = f"http://127.0.0.1:{port}"
        env = {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "otop-test",
            "S3_SECRET_ACCESS_KEY": "otop-test-secret",
        }
        cls.storage_config = upload_storage("s3", env.get)
        cls.s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="otop-test",
            aws_secret_access_key="otop-test-secret",
        )
        cls.s3.create_bucket(Bucket=BUCKET)
        cls.media = tempfile.mkdtemp(prefix="otop-s3-test-media-")
        # Changing STORAGES resets django's storages handler (and so default_storage).
        cls.overrides = override_settings(
            STORAGES={**settings.STORAGES, "default": cls.storage_config}, MEDIA_ROOT=cls.media
        )
        cls.overrides.enable()
        try:
            super().setUpClass()
        except Exception:
            cls.overrides.disable()
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.overrides.disable()
        cls.server.stop()
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self):
        for key in self.keys():
            self.s3.delete_object(Bucket=BUCKET, Key=key)
        self.client.force_login(self.admin)

    def tearDown(self):
        files = [p for p in Path(self.media).rglob("*") if p.is_file()]
        self.assertEqual(files, [], "uploads were written to MEDIA_ROOT instead of the bucket")

    # -- helpers -------------------------------------------------------------------------

    def keys(self) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def object_bytes(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def upload(self, data: bytes, **extra):
        upload = SimpleUploadedFile("reg.xlsx", data, content_type="application/octet-stream")
        # The preview task is enqueued on commit; the immediate backend runs it inline.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("registry:import_upload"), {"kind": "registry", "file": upload, **extra}
            )
        return ImportBatch.objects.get()

    def confirm(self, batch):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("registry:import_confirm", args=[batch.pk]))
        batch.refresh_from_db()

    def other_machine(self) -> S3Storage:
        """A storage built from scratch, as on another web or worker machine."""
        return S3Storage(**self.storage_config["OPTIONS"])

    # -- tests ---------------------------------------------------------------------------

    def test_the_default_storage_is_s3_storage_on_the_local_server(self):
        storage = storages["default"]
        self.assertIsInstance(storage, S3Storage)
        self.assertEqual(storage.bucket_name, BUCKET)
        self.assertTrue(storage.endpoint_url.startswith("http://127.0.0.1:"))
        self.assertEqual(storage.location, PREFIX)
        self.assertEqual(storage.default_acl, "private")

    def test_an_uploaded_registry_file_goes_to_the_bucket_and_is_imported_from_it(self):
        data = xlsx([registry_row("P1", "X1"), registry_row("P2", "X2")])
        batch = self.upload(data)
        # The background preview read the file back from the bucket (checksum checked).
        self.assertEqual(batch.status, ImportStatus.PREVIEWED, batch.message)
        self.assertEqual(batch.rows_total, 2)
        # A random name (never the batch number: tests/security/test_stored_files.py).
        self.assertRegex(batch.stored_file.name, r"^imports/[0-9a-f]{32}\.xlsx$")
        key = f"{PREFIX}/{batch.stored_file.name}"
        self.assertEqual(self.keys(), [key])
        self.assertEqual(self.object_bytes(key), data)
        self.assertEqual(Producer.objects.count(), 0)

        self.confirm(batch)
        self.assertEqual(batch.status, ImportStatus.SUCCEEDED, batch.message)
        self.assertEqual(sorted(Producer.objects.values_list("code", flat=True)), ["P1", "P2"])
        # A finished import keeps its file (the record of what was imported).
        self.assertEqual(self.keys(), [key])

    def test_the_import_reads_the_bucket_not_a_copy_kept_by_the_web_process(self):
        batch = self.upload(xlsx([registry_row("P1", "X1")]))
        key = f"{PREFIX}/{batch.stored_file.name}"
        # Another machine replaces the object between preview and confirm.
        self.s3.put_object(Bucket=BUCKET, Key=key, Body=xlsx([registry_row("P9", "X9")]))
        self.confirm(batch)
        self.assertEqual(batch.status, ImportStatus.FAILED)
        self.assertIn("checksum", batch.message)
        self.assertEqual(Producer.objects.count(), 0)

    def test_cancelling_an_import_deletes_its_object_from_the_bucket(self):
        batch = self.upload(xlsx([registry_row("P1", "X1")]))
        self.assertEqual(len(self.keys()), 1)
        self.client.post(reverse("registry:import_cancel", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.CANCELLED)
        self.assertFalse(batch.stored_file)
        self.assertEqual(self.keys(), [])

    def test_the_errors_workbook_is_written_to_the_bucket_and_downloaded_from_it(self):
        batch = self.upload(xlsx([registry_row("P1", "X1", stars="เจ็ด")]))
        self.assertTrue(batch.errors_file)
        self.assertRegex(batch.errors_file.name, r"^imports/errors/[0-9a-f]{32}\.xlsx$")
        key = f"{PREFIX}/{batch.errors_file.name}"
        self.assertIn(key, self.keys())
        response = self.client.get(reverse("registry:import_errors", args=[batch.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        body = b"".join(response.streaming_content)
        self.assertEqual(body, self.object_bytes(key))
        self.assertIn("xl/workbook.xml", zipfile.ZipFile(io.BytesIO(body)).namelist())

    def test_a_missing_object_is_a_404_through_the_download_view(self):
        batch = self.upload(xlsx([registry_row("P1", "X1", stars="เจ็ด")]))
        self.s3.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{batch.errors_file.name}")
        response = self.client.get(reverse("registry:import_errors", args=[batch.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_file_uploaded_on_one_machine_is_read_on_another(self):
        data = xlsx([registry_row("P1", "X1")])
        batch = self.upload(data)
        with self.other_machine().open(batch.stored_file.name, "rb") as handle:
            self.assertEqual(handle.read(), data)

    def test_a_file_written_by_one_storage_instance_is_read_by_a_fresh_one(self):
        web, worker = self.other_machine(), self.other_machine()
        name = web.save("imports/handover.xlsx", ContentFile(b"written by the web machine"))
        self.assertIn(f"{PREFIX}/{name}", self.keys())
        self.assertTrue(worker.exists(name))
        with worker.open(name, "rb") as handle:
            self.assertEqual(handle.read(), b"written by the web machine")
        # file_overwrite=False: a second upload of the same name gets a name of its own.
        second = worker.save("imports/handover.xlsx", ContentFile(b"second"))
        self.assertNotEqual(second, name)
        with web.open(name, "rb") as handle:
            self.assertEqual(handle.read(), b"written by the web machine")
        worker.delete(name)
        self.assertFalse(web.exists(name))
