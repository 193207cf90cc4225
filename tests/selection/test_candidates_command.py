"""python manage.py candidates ROUND --district NAME_OR_CODE [--json] [--all]."""

import json
from io import StringIO

from django.core.management import CommandError, call_command

from registry.models import Participation
from tests.base import BaseTestCase, make_producer, make_product
from tests.selection.data import make_round


class CandidatesCommandTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_round(
            "KBO",
            2568,
            cls.phayao,
            slug="kbo-test",
            tiers=[
                [
                    ("producer_type", {"types": ["group"]}),
                    ("star_level", {"min": 1, "max": 3, "year": 2567}),
                    ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
                ]
            ],
        )
        make_product("C1A", make_producer("C1", cls.mueang, name="กลุ่มทอผ้า"), stars={2567: 2})
        kbo = make_producer("C2", cls.mueang)
        make_product("C2A", kbo, stars={2567: 1})
        Participation.objects.create(program="KBO", fiscal_year=2567, producer=kbo)

    def run_command(self, *args):
        out = StringIO()
        call_command("candidates", "kbo-test", *args, stdout=out)
        return out.getvalue()

    def test_json_lists_candidates_with_verdicts(self):
        data = json.loads(self.run_command("--district", "อ.เมืองพะเยา", "--json"))
        self.assertEqual([c["code"] for c in data], ["C1"])
        self.assertEqual(data[0]["unit"], "producer")
        self.assertEqual(data[0]["tier"], 1)
        self.assertIn("ดาว ๒ ดาว ปี ๒๕๖๗: อยู่ในช่วง ๑–๓ ✓", data[0]["criteria"][1]["text"])

    def test_all_adds_the_near_misses(self):
        data = json.loads(self.run_command("--district", "5601", "--json", "--all"))
        miss = next(c for c in data if c["code"] == "C2")
        self.assertIsNone(miss["tier"])
        self.assertEqual(miss["first_failures"][0]["text"], "เข้าร่วม KBO ปีงบประมาณ ๒๕๖๗ แล้ว ✗")

    def test_text_output(self):
        out = self.run_command("--district", "เมืองพะเยา", "--all")
        self.assertIn("[ชั้นที่ 1] C1 กลุ่มทอผ้า", out)
        self.assertIn("รวมผู้มีสิทธิ์ 1 ราย", out)

    def test_unknown_district_suggests_a_name(self):
        with self.assertRaisesMessage(CommandError, "เมืองพะเยา"):
            self.run_command("--district", "เมือง")

    def test_unknown_round(self):
        with self.assertRaises(CommandError):
            call_command("candidates", "nope", "--district", "5601", stdout=StringIO())
