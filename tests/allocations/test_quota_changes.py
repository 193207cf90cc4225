"""Quota changes are logged per district with old and new values, whether typed in the
grid, loaded from a register on the page or by the import_quotas command."""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from allocations.models import Quota, QuotaKind
from allocations.services import quota_set_many
from changelog.display import entries
from changelog.models import ChangeLog
from lifecycle.history import ROUND_ACTIONS
from registry.models import District, ImportBatch
from tests.allocations.test_import_quotas import SEED_001, register_xlsx
from tests.base import BaseTestCase
from tests.selection.data import make_round


class QuotaChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-log")
        Quota.objects.create(round=cls.round, district=cls.mueang, amount=6)
        Quota.objects.create(round=cls.round, district=cls.mae_chai, amount=2)

    def grid_data(self, **changes):
        data = {}
        for district in District.objects.filter(province=self.phayao):
            quota = Quota.objects.filter(round=self.round, district=district).first()
            data |= {
                f"amount_{district.code}": str(quota.amount) if quota else "",
                f"kind_{district.code}": quota.kind if quota else QuotaKind.EXACT,
                f"remark_{district.code}": quota.remark if quota else "",
            }
        return data | changes

    def test_changing_one_district_in_the_grid_is_one_row_with_old_and_new(self):
        self.client.force_login(self.staff)
        url = reverse("allocations:quota_grid", args=[self.round.slug])
        self.client.post(url, self.grid_data(amount_5601="7"))
        change = ChangeLog.objects.get()
        self.assertEqual(
            (change.action, change.round_id, change.district_code),
            ("round.quota", self.round.pk, "5601"),
        )
        self.assertEqual((change.before, change.after), ({"amount": 6}, {"amount": 7}))
        self.assertEqual((change.user, change.source), (self.staff, "web"))
        (entry,) = entries([change], ROUND_ACTIONS)
        self.assertEqual(
            [(line.label, line.old, line.new) for line in entry.lines],
            [("อำเภอเมืองพะเยา: จำนวน", "6", "7")],
        )

    def test_one_save_of_several_districts_is_one_entry_on_the_round_page(self):
        self.client.force_login(self.staff)
        url = reverse("allocations:quota_grid", args=[self.round.slug])
        self.client.post(url, self.grid_data(amount_5601="7", amount_5607="3"))
        self.assertEqual(ChangeLog.objects.count(), 2)
        page = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        (entry,) = page.context["history"]
        self.assertEqual(
            [(line.label, line.old, line.new) for line in entry.lines],
            [("อำเภอเมืองพะเยา: จำนวน", "6", "7"), ("อำเภอแม่ใจ: จำนวน", "2", "3")],
        )

    def test_the_grid_saved_unchanged_logs_nothing(self):
        self.client.force_login(self.staff)
        self.client.post(
            reverse("allocations:quota_grid", args=[self.round.slug]), self.grid_data()
        )
        self.assertFalse(ChangeLog.objects.exists())

    def test_a_quota_added_and_one_removed_each_keep_the_whole_old_or_new_value(self):
        quota_set_many(
            round_=self.round,
            amounts={"5602": (3, QuotaKind.AT_LEAST, ""), "5607": (None, "", "")},
        )
        rows = {c.district_code: c for c in ChangeLog.objects.all()}
        self.assertEqual(rows["5602"].before, {})
        self.assertEqual(rows["5602"].after, {"amount": 3, "kind": "at_least", "remark": ""})
        self.assertEqual(rows["5607"].before, {"amount": 2, "kind": "exact", "remark": ""})
        self.assertEqual((rows["5607"].after, rows["5607"].source), ({}, "command"))


@override_settings(MEDIA_ROOT=tempfile.gettempdir() + "/quota-changes-media")
class QuotaImportChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-import")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(tempfile.gettempdir() + "/quota-changes-media", ignore_errors=True)
        super().tearDownClass()

    def test_the_command_logs_each_district_with_its_batch(self):
        from allocations.management.commands.import_quotas import Command

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "register.xlsx"
            path.write_bytes(register_xlsx(SEED_001))
            command = Command(stdout=io.StringIO(), stderr=io.StringIO())
            code = command.run(file=str(path), round="kbo-import", kind="exact", user="staff")
        self.assertEqual(code, 0)
        batch = ImportBatch.objects.get(kind="quota")
        self.assertEqual(batch.status, "succeeded")
        changes = ChangeLog.objects.filter(action="round.quota")
        self.assertEqual(changes.count(), 9)
        change = changes.get(district_code="5601")
        self.assertEqual((change.before, change.after["amount"]), ({}, 6))
        self.assertEqual((change.source, change.user), ("import", self.staff))
        self.assertEqual(change.source_ref, f"#{batch.pk} register.xlsx")

    def test_a_register_confirmed_on_the_page_names_its_batch(self):
        self.client.force_login(self.staff)
        upload = reverse("allocations:quota_upload", args=[self.round.slug])
        self.client.post(
            upload,
            {
                "file": SimpleUploadedFile("r.xlsx", register_xlsx(SEED_001)),
                "default_kind": "exact",
            },
        )
        batch = ImportBatch.objects.get(kind="quota")
        self.client.post(
            reverse("allocations:quota_upload_confirm", args=[self.round.slug, batch.pk])
        )
        change = ChangeLog.objects.get(district_code="5607")
        self.assertEqual((change.source, change.source_ref), ("import", f"#{batch.pk} r.xlsx"))
        self.assertEqual(change.user, self.staff)
