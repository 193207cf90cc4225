"""Allocation register upload on the quota grid: upload → preview (rows, changes, Thai
errors with row/column/value) → confirm (all or nothing) or cancel; scoped to the round's
province and to draft rounds."""

import shutil
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from allocations.models import Quota, QuotaKind
from allocations.services import quota_upload_confirm
from registry.models import ImportBatch, ImportStatus
from selection.models import RoundStatus
from tests.allocations.test_import_quotas import SEED_001, register_xlsx
from tests.base import PASSWORD, BaseTestCase
from tests.selection.data import make_round


class QuotaUploadTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._media = tempfile.mkdtemp(prefix="quota-upload-")
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
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-up")
        cls.open_round = make_round("QD", 2568, cls.phayao, slug="qd-up", status=RoundStatus.OPEN)
        make_round("KBO", 2568, cls.chiang_rai, slug="kbo-up-cr")

    def setUp(self):
        self.client.login(username="staff", password=PASSWORD)

    def upload(self, data: bytes, slug="kbo-up", **fields):
        url = reverse("allocations:quota_upload", args=[slug])
        payload = {"file": SimpleUploadedFile("register.xlsx", data), "default_kind": "exact"}
        return self.client.post(url, payload | fields)

    def batch(self) -> ImportBatch:
        return ImportBatch.objects.filter(kind="quota").latest("pk")

    def detail_url(self, batch, slug="kbo-up"):
        return reverse("allocations:quota_upload_detail", args=[slug, batch.pk])

    def confirm(self, batch, slug="kbo-up"):
        url = reverse("allocations:quota_upload_confirm", args=[slug, batch.pk])
        return self.client.post(url, follow=True)

    def quotas(self):
        return dict(Quota.objects.filter(round=self.round).values_list("district_id", "amount"))

    def test_the_grid_page_offers_the_upload(self):
        response = self.client.get(reverse("allocations:quota_grid", args=["kbo-up"]))
        self.assertContains(response, reverse("allocations:quota_upload", args=["kbo-up"]))
        self.assertContains(response, 'enctype="multipart/form-data"')

    def test_the_registry_import_pages_neither_list_nor_confirm_a_quota_upload(self):
        self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        self.client.force_login(self.admin)
        listing = self.client.get(reverse("registry:import_list"))
        self.assertNotContains(listing, reverse("registry:import_detail", args=[batch.pk]))
        for name in ("registry:import_detail", "registry:import_confirm"):
            with self.subTest(name=name):
                url = reverse(name, args=[batch.pk])
                response = self.client.post(url) if "confirm" in name else self.client.get(url)
                self.assertEqual(response.status_code, 404)
        upload_page = self.client.get(reverse("registry:import_upload"))
        self.assertNotContains(upload_page, 'value="quota"')
        self.assertEqual(self.quotas(), {})
        # The batch is intact: the round's own page still confirms it.
        self.client.login(username="staff", password=PASSWORD)
        self.confirm(batch)
        self.assertEqual(sum(self.quotas().values()), 20)

    def test_upload_previews_the_rows_without_writing(self):
        response = self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        self.assertRedirects(response, self.detail_url(batch))
        page = self.client.get(self.detail_url(batch))
        self.assertContains(page, "ยืนยันนำเข้า")
        rows = {r["name"]: (r["new"], r["change"]) for r in page.context["rows"]}
        self.assertEqual(rows["ภูซาง"], ([2, "exact", ""], "create"))
        self.assertEqual(rows["เมืองพะเยา"], ([6, "exact", ""], "create"))
        self.assertEqual(page.context["new_total"], 20)
        self.assertEqual(self.quotas(), {})

    def test_confirm_writes_every_quota(self):
        self.upload(register_xlsx(SEED_001))
        response = self.confirm(self.batch())
        self.assertRedirects(response, reverse("allocations:quota_grid", args=["kbo-up"]))
        self.assertContains(response, "รวมทั้งจังหวัด <strong>20</strong>", html=False)
        by_name = dict(
            Quota.objects.filter(round=self.round).values_list("district__name_th", "amount")
        )
        self.assertEqual(
            by_name,
            {
                "เมืองพะเยา": 6,
                "แม่ใจ": 2,
                "ภูกามยาว": 1,
                "ดอกคำใต้": 4,
                "จุน": 1,
                "ปง": 2,
                "เชียงม่วน": 1,
                "เชียงคำ": 1,
                "ภูซาง": 2,
            },
        )
        self.assertEqual(self.batch().status, ImportStatus.SUCCEEDED)

    def test_preview_shows_changes_against_current_quotas(self):
        Quota.objects.create(round=self.round, district_id="5601", amount=5, kind=QuotaKind.EXACT)
        Quota.objects.create(round=self.round, district_id="5607", amount=2, kind=QuotaKind.EXACT)
        self.upload(register_xlsx(SEED_001[:2], total="๘"))
        page = self.client.get(self.detail_url(self.batch()))
        rows = {r["name"]: (r["old"], r["change"]) for r in page.context["rows"]}
        self.assertEqual(rows["เมืองพะเยา"], ([5, "exact", ""], "update"))
        self.assertEqual(rows["แม่ใจ"], ([2, "exact", ""], "unchanged"))
        self.assertEqual(rows["ปง"], (None, "absent"))
        self.assertContains(page, "ไม่อยู่ในไฟล์ (คงค่าเดิม)")
        self.confirm(self.batch())
        self.assertEqual(self.quotas(), {"5601": 6, "5607": 2})

    def test_an_unknown_district_is_named_with_row_column_value_and_a_suggestion(self):
        rows = [("๑", "เมือง", "๖"), *SEED_001[1:]]
        self.upload(register_xlsx(rows))
        page = self.client.get(self.detail_url(self.batch()))
        self.assertIn(
            "แถว 4, คอลัมน์ 'อำเภอ', ค่า 'เมือง': ไม่พบอำเภอ 'เมือง' ในจังหวัดพะเยา: หมายถึง เมืองพะเยา?",
            page.context["errors"],
        )
        self.assertContains(page, "หมายถึง เมืองพะเยา?")
        self.assertContains(page, "มีข้อผิดพลาด: นำเข้าไม่ได้")
        self.assertNotContains(page, "ไม่อยู่ในไฟล์ (คงค่าเดิม)")
        self.assertNotContains(page, "ยืนยันนำเข้า")

    def test_a_wrong_total_row_is_reported(self):
        self.upload(register_xlsx(SEED_001, total="๒๑"))
        page = self.client.get(self.detail_url(self.batch()))
        self.assertContains(page, "ยอดรวม ๒๑ ไม่เท่ากับผลรวมรายอำเภอ ๒๐")
        self.assertNotContains(page, "ยืนยันนำเข้า")

    def test_a_batch_with_errors_cannot_be_confirmed_and_writes_nothing(self):
        self.upload(register_xlsx([*SEED_001[:-1], ("๙", "ภูซาง", "สอง")], total="๒๐"))
        batch = self.batch()
        response = self.confirm(batch)
        self.assertContains(response, "ยืนยันการนำเข้านี้ไม่ได้")
        self.assertEqual(self.quotas(), {})

    def test_confirm_is_all_or_nothing_when_the_round_changed_since_the_preview(self):
        Quota.objects.create(round=self.round, district_id="5601", amount=3)
        self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        # Opened elsewhere after the preview: the view now answers 404, and the service
        # re-plans against the round as it is and writes nothing.
        self.round.status = RoundStatus.OPEN
        self.round.save()
        self.assertEqual(self.confirm(batch).status_code, 404)
        self.assertFalse(quota_upload_confirm(round_=self.round, batch=batch))
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.FAILED)
        self.assertIn("เฉพาะรอบที่ยังเป็นร่าง", str(batch.summary["errors"]))
        self.assertEqual(self.quotas(), {"5601": 3})

    def test_cancel_drops_the_upload(self):
        self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        url = reverse("allocations:quota_upload_cancel", args=["kbo-up", batch.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "ยกเลิกการนำเข้าแล้ว")
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.CANCELLED)
        self.assertFalse(batch.stored_file)
        self.assertEqual(self.confirm(batch).redirect_chain[-1][1], 302)
        self.assertEqual(self.quotas(), {})

    def test_a_file_that_is_not_xlsx_is_rejected_in_thai(self):
        self.upload(b"district,amount\nx,1\n")
        page = self.client.get(self.detail_url(self.batch()))
        self.assertEqual(self.batch().status, ImportStatus.REJECTED)
        self.assertNotContains(page, "ยืนยันนำเข้า")
        self.assertTrue(self.batch().message)
        self.assertEqual(page.context["rows"], [])

    def test_the_default_kind_applies_when_the_sheet_has_no_kind_column(self):
        self.upload(register_xlsx(SEED_001), default_kind="at_least")
        self.confirm(self.batch())
        kinds = set(Quota.objects.filter(round=self.round).values_list("kind", flat=True))
        self.assertEqual(kinds, {QuotaKind.AT_LEAST})

    def test_the_batch_keeps_its_round_and_default_kind_for_the_importer(self):
        self.upload(register_xlsx(SEED_001), default_kind="at_least")
        self.assertEqual(
            self.batch().context, {"round_id": self.round.pk, "default_kind": "at_least"}
        )

    def test_a_batch_is_never_confirmed_into_another_round(self):
        other = make_round("QD", 2568, self.phayao, slug="qd-up-draft")
        self.upload(register_xlsx(SEED_001))
        with self.assertRaises(ValidationError):
            quota_upload_confirm(round_=other, batch=self.batch())
        self.assertFalse(Quota.objects.exists())
        self.assertEqual(self.batch().status, ImportStatus.PREVIEWED)

    def test_other_provinces_officers_and_open_rounds_get_404(self):
        self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        for username in ("outsider", "officer"):
            self.client.login(username=username, password=PASSWORD)
            with self.subTest(username=username):
                self.assertEqual(self.upload(register_xlsx(SEED_001)).status_code, 404)
                self.assertEqual(self.client.get(self.detail_url(batch)).status_code, 404)
                self.assertEqual(self.confirm(batch).status_code, 404)
        self.client.login(username="staff", password=PASSWORD)
        self.assertEqual(self.upload(register_xlsx(SEED_001), slug="qd-up").status_code, 404)
        self.assertEqual(self.quotas(), {})

    def test_a_batch_is_only_reachable_under_its_own_round(self):
        self.upload(register_xlsx(SEED_001))
        batch = self.batch()
        self.client.login(username="admin", password=PASSWORD)
        self.assertEqual(self.client.get(self.detail_url(batch, slug="kbo-up-cr")).status_code, 404)
        self.assertEqual(self.confirm(batch, slug="kbo-up-cr").status_code, 404)
        self.assertEqual(self.client.get(self.detail_url(batch)).status_code, 200)

    def test_admins_may_upload_for_any_province(self):
        self.client.login(username="admin", password=PASSWORD)
        response = self.upload(register_xlsx(SEED_001))
        self.assertEqual(response.status_code, 302)
