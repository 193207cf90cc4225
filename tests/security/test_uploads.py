"""Uploads are bounded in size at nginx and in Django, and only .xlsx workbooks are read."""

import io
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from openpyxl import Workbook

from registry.models import ImportBatch, ImportStatus
from tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = ROOT / "deploy" / "nginx" / "otop-select.conf"
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def nginx_body_limit() -> int:
    match = re.search(
        r"^\s*client_max_body_size\s+(\d+)([kmg]?)\s*;", NGINX.read_text(), re.M | re.I
    )
    assert match, "deploy/nginx/otop-select.conf sets no client_max_body_size"
    return int(match[1]) * UNITS[match[2].lower()]


def env_example(name: str) -> str:
    text = (ROOT / ".env.example").read_text()
    return re.search(rf"^{name}=(.*)$", text, re.M)[1]


def xlsx_bytes() -> bytes:
    book = Workbook()
    producer = ["รหัสผู้ผลิต", "ชื่อผู้ผลิต", "ประเภทผู้ผลิต", "จังหวัด", "อำเภอ"]
    product = ["รหัสผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ปีที่ลงทะเบียน"]
    book.active.append([*producer, *product])
    book.active.append(
        [
            "T-0001",
            "กลุ่มทดสอบ",
            "กลุ่มผู้ผลิตชุมชน",
            "พะเยา",
            "เมืองพะเยา",
            "T-0001-01",
            "น้ำพริกหนุ่ม",
            "อาหาร",
            2560,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UploadLimitsTestCase(BaseTestCase):
    def setUp(self):
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        override = override_settings(MEDIA_ROOT=media.name)
        override.enable()
        self.addCleanup(override.disable)
        self.client.force_login(self.admin)

    def _upload(self, name, data):
        upload = io.BytesIO(data)
        upload.name = name
        # The validation task is queued on commit (run inline by the test settings).
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/registry/imports/new/", {"kind": "registry", "file": upload}, follow=True
            )

    def test_nginx_refuses_bodies_above_the_import_limit(self):
        self.assertEqual(nginx_body_limit(), settings.IMPORT_MAX_UPLOAD_BYTES)
        self.assertEqual(int(env_example("IMPORT_MAX_UPLOAD_BYTES")), nginx_body_limit())

    def test_django_keeps_at_most_5_mb_of_a_request_in_memory(self):
        self.assertEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 5 * 1024 * 1024)
        self.assertEqual(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, 5 * 1024 * 1024)

    @override_settings(IMPORT_MAX_UPLOAD_BYTES=2000)
    def test_a_file_above_the_import_limit_is_refused_in_thai_and_not_stored(self):
        response = self._upload("big.xlsx", b"x" * 2001)
        self.assertContains(response, "ไฟล์ใหญ่เกินกำหนด")
        self.assertFalse(ImportBatch.objects.exists())

    def test_a_file_that_is_not_an_xlsx_workbook_is_rejected(self):
        for name, data in (
            ("tool.xlsx", b"MZ\x90\x00" + b"\x00" * 200),  # a Windows program renamed
            ("page.xlsx", b"<html><script>alert(1)</script></html>"),
        ):
            with self.subTest(name=name):
                self._upload(name, data)
                batch = ImportBatch.objects.get(file_name=name)
                self.assertEqual(batch.status, ImportStatus.REJECTED)
                self.assertTrue(batch.message)

    def test_a_real_workbook_gets_past_the_type_check(self):
        self._upload("registry.xlsx", xlsx_bytes())
        batch = ImportBatch.objects.get(file_name="registry.xlsx")
        # Stored through default_storage (local disk or S3), then read as a workbook: the
        # preview is ready for confirmation.
        self.assertTrue(batch.stored_file.name.startswith("imports/"))
        self.assertEqual(batch.status, ImportStatus.PREVIEWED, batch.message)
