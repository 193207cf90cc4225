"""seed_demo loads fixtures/: the registry files through the registry importers (recorded
like an admin's import), the users file, the round definition files; twice gives the same."""

import hashlib
import json
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from accounts.models import User
from allocations.models import Quota
from changelog.models import ChangeLog
from demo.registry import PARTICIPATION_FILE, REGISTRY_FILE
from demo.rounds import DEMO_ROUND_SLUG, ROUNDS, SEED_ROUND_SLUGS
from demo.users import USERS_FILE
from registry.models import (
    ImportBatch,
    Participation,
    Producer,
    Product,
    QuadrantRating,
    StarRating,
)
from selection.models import Criterion, Round, Tier

COUNTED = (Producer, Product, StarRating, QuadrantRating, Participation, User, Round, Tier)
COUNTED += (Criterion, Quota)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


class SeedDemoFixturesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)

    def test_a_second_run_gives_the_same_counts(self):
        before = counts()
        self.assertEqual(before["Producer"], 428)
        self.assertEqual(before["Round"], len(SEED_ROUND_SLUGS) + 1)
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(counts(), before)

    def test_the_registry_files_go_through_the_importers_and_are_recorded(self):
        for kind, path in (("registry", REGISTRY_FILE), ("participation", PARTICIPATION_FILE)):
            with self.subTest(kind=kind):
                batch = ImportBatch.objects.get(kind=kind)
                self.assertEqual(batch.file_name, f"fixtures/{path.name}")
                self.assertEqual(batch.sha256, hashlib.sha256(path.read_bytes()).hexdigest())
                self.assertEqual(batch.status, ImportBatch.Status.SUCCEEDED)
                self.assertEqual(batch.error_count, 0)

    def test_history_the_files_do_not_list_is_removed_and_a_removed_rating_logged(self):
        product = Product.objects.get(code="560107-0003-01")
        StarRating.objects.create(product=product, year=2553, stars=2)
        call_command("seed_demo", stdout=StringIO())
        self.assertFalse(StarRating.objects.filter(product=product, year=2553).exists())
        change = ChangeLog.objects.get(action="star_rating.delete")
        self.assertEqual((change.object_id, change.before["year"]), (str(product.pk), 2553))

    def test_it_loads_and_prints_the_users_of_the_users_file(self):
        data = json.loads(USERS_FILE.read_text(encoding="utf-8"))
        self.assertIn(f"รหัสผ่าน {data['password']} ทุกบัญชี", self.output.getvalue())
        for row in data["users"]:
            with self.subTest(username=row["username"]):
                user = User.objects.get(username=row["username"])
                self.assertEqual(
                    (user.role, user.province_id, user.district_id, user.last_name),
                    (row["role"], row.get("province"), row.get("district"), row["last_name"]),
                )
                self.assertTrue(user.check_password(data["password"]))
                self.assertIn(row["username"], self.output.getvalue())

    def test_it_loads_every_round_file_and_opens_the_demo_round(self):
        self.assertEqual(
            set(Round.objects.values_list("slug", flat=True)),
            {*SEED_ROUND_SLUGS, DEMO_ROUND_SLUG},
        )
        self.assertEqual(Round.objects.get(slug=DEMO_ROUND_SLUG).status, "open")
        for slug in (*SEED_ROUND_SLUGS, DEMO_ROUND_SLUG):
            self.assertIn(f"{slug}: created", self.output.getvalue())


class SeedDemoUsersFileTestCase(TestCase):
    def test_a_malformed_users_file_is_a_thai_command_error(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "users.json"
            path.write_text('{"format": 1, "users": []}', encoding="utf-8")  # no password
            with (
                mock.patch("demo.users.USERS_FILE", path),
                self.assertRaisesMessage(CommandError, "ไฟล์ผู้ใช้สาธิต users.json ไม่ถูกต้อง"),
            ):
                call_command("seed_demo", stdout=StringIO())
        self.assertFalse(User.objects.exists())


class LoadSeedRoundsFileTestCase(TestCase):
    def test_a_malformed_round_file_is_a_command_error_naming_file_and_path(self):
        with tempfile.TemporaryDirectory() as folder:
            for source in ROUNDS.glob("*.json"):
                (Path(folder) / source.name).write_bytes(source.read_bytes())
            broken = Path(folder) / "kbo-2563-chachoengsao.json"
            data = json.loads(broken.read_text(encoding="utf-8"))
            data["tiers"][0]["criteria"][1]["params"]["min"] = "๒๕๕๗ก"
            broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            with (
                mock.patch("demo.rounds.ROUNDS", Path(folder)),
                self.assertRaisesMessage(
                    CommandError, "kbo-2563-chachoengsao.json $.tiers[0].criteria[1].params: "
                ),
            ):
                call_command("load_seed_rounds", stdout=StringIO())
        self.assertFalse(Round.objects.exists())
