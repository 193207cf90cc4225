"""Round definition files (docs/round-definition.md): parse → round_import → the round
reads back as the file says; malformed files are refused with the JSON path, writing
nothing; imports are idempotent by slug."""

import copy
import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.test import TestCase

from allocations.models import Quota
from changelog.models import ChangeLog
from demo.rounds import DEMO_ROUND_SLUG, ROUNDS, SEED_ROUND_SLUGS, round_file
from lifecycle.services import round_open
from opc.round_definition import round_definition_parse, round_import
from opc.round_settings import pso_per_category_of, settings_of
from opc.rules import DEFAULT_BANDS, parts_are_default
from selection.criteria import build
from selection.models import Criterion, Round
from selection.round_definition import DefinitionError
from tests.opc.data import stored_settings

TODAY = dt.date(2026, 11, 23)


def file_data(slug: str) -> dict:
    return json.loads(round_file(slug).read_text(encoding="utf-8"))


def as_stored(data: dict, today: dt.date) -> dict:
    """What the file says the round holds: relative dates resolved, blank explanations
    written out as the kind's own sentence (as `round_set_rules` stores them)."""
    data = copy.deepcopy(data)

    def dated(value):
        if isinstance(value, dict):
            return (today + dt.timedelta(days=value["days_from_today"])).isoformat()
        return value

    data["deadline"] = dated(data.get("deadline"))
    for name, value in data.get("letter", {}).items():
        data["letter"][name] = dated(value)
    for tier in data["tiers"]:
        for criterion in tier["criteria"]:
            if not criterion.get("explanation"):
                criterion["explanation"] = build(criterion["kind"], criterion["params"]).describe()
    return data


def read_back(round_: Round, data: dict) -> dict:
    """The stored round in the file's shape, limited to the keys the file has (a test-side
    reading, written apart from the importer)."""
    shown = {
        "format": 1,
        "slug": round_.slug,
        "program": round_.program_id,
        "fiscal_year": round_.fiscal_year,
        "province": round_.province_id,
        "province_name": round_.province.name_th,
        "title": round_.title,
        "deadline": round_.deadline.isoformat() if round_.deadline else None,
        "letter": {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name in data["letter"]
            for value in [getattr(round_.letter, name)]
        },
        "tiers": [
            {
                "title": tier.title,
                "criteria": [
                    {
                        "kind": c.kind,
                        "params": c.params,
                        "explanation": c.explanation,
                        **({"any_group": c.any_group} if c.any_group is not None else {}),
                    }
                    for c in tier.criteria.all()
                ],
            }
            for tier in round_.tiers.order_by("order")
        ],
        "quotas": [
            {
                "district": q.district_id,
                "district_name": q.district.name_th,
                "amount": q.amount,
                "kind": q.kind,
                "remark": q.remark,
            }
            for q in Quota.objects.filter(round=round_).select_related("district")
        ],
    }
    settings = stored_settings(round_)
    if "opc" in data:
        shown["opc"] = {
            "max_products_per_producer": round_.max_products_per_producer,
            "score_bands": settings.get("score_bands"),
            "scoring_parts": settings.get("scoring_parts"),
            "timeline": settings.get("timeline"),
        }
    if "pso" in data:
        shown["pso"] = {"per_category": pso_per_category_of(round_)}
    return shown


class RoundDefinitionRoundTripTestCase(TestCase):
    def test_every_fixture_round_reads_back_as_its_file_says(self):
        slugs = [*SEED_ROUND_SLUGS, DEMO_ROUND_SLUG]
        for slug in slugs:
            with self.subTest(round=slug):
                data = file_data(slug)
                result = round_import(
                    definition=round_definition_parse(json.dumps(data)), today=TODAY
                )
                self.assertEqual(result.outcome, "created")
                expected = as_stored(data, TODAY)
                self.assertEqual(read_back(result.round, data), expected)

    def test_every_file_in_fixtures_rounds_is_loaded(self):
        self.assertEqual(
            sorted(p.stem for p in ROUNDS.glob("*.json")),
            sorted([*SEED_ROUND_SLUGS, DEMO_ROUND_SLUG]),
        )

    def test_the_opc_settings_follow_the_settings_page_rules(self):
        result = round_import(
            definition=round_definition_parse(round_file("opc-2565-sakon-nakhon").read_bytes())
        )
        settings = settings_of(result.round)
        # The bands are stored as the file writes them; the placeholder parts stay flagged.
        self.assertEqual(
            [b.as_dict() for b in settings.bands], [b.as_dict() for b in DEFAULT_BANDS]
        )
        self.assertTrue(settings.bands_set)
        self.assertTrue(parts_are_default(settings))

    def test_a_second_import_updates_the_draft_and_adds_nothing(self):
        definition = round_definition_parse(round_file("kbo-2568-phayao").read_bytes())
        round_import(definition=definition)
        counts = (Round.objects.count(), Criterion.objects.count(), Quota.objects.count())
        logged = ChangeLog.objects.count()
        self.assertEqual(round_import(definition=definition).outcome, "updated")
        self.assertEqual(
            (Round.objects.count(), Criterion.objects.count(), Quota.objects.count()), counts
        )
        self.assertEqual(ChangeLog.objects.count(), logged)  # nothing changed, nothing logged

    def test_a_round_no_longer_a_draft_is_kept(self):
        definition = round_definition_parse(round_file(DEMO_ROUND_SLUG).read_bytes())
        round_ = round_import(definition=definition, today=TODAY).round
        round_open(round_=round_)
        later = round_import(definition=definition, today=TODAY + dt.timedelta(days=5))
        self.assertEqual(later.outcome, "kept")
        self.assertEqual(Round.objects.get(pk=round_.pk).deadline, dt.date(2026, 12, 14))

    def test_slug_and_province_can_be_given(self):
        definition = round_definition_parse(round_file("kbo-2568-phayao").read_bytes())
        round_ = round_import(definition=definition, slug="kbo-2568-copy", province="57").round
        self.assertEqual((round_.slug, round_.province_id), ("kbo-2568-copy", "57"))
        # Phayao's quotas are not given to Chiang Rai; in its own province they are.
        self.assertFalse(Quota.objects.filter(round=round_).exists())
        same = round_import(definition=definition, slug="kbo-2568-same", province="56").round
        self.assertEqual(Quota.objects.filter(round=same).count(), 9)

    def test_an_unknown_province_is_refused_writing_nothing(self):
        definition = round_definition_parse(round_file("kbo-2568-phayao").read_bytes())
        with self.assertRaisesMessage(ValidationError, "ไม่พบจังหวัดรหัส '99'"):
            round_import(definition=definition, province="99")
        self.assertFalse(Round.objects.exists())

    def test_import_logs_the_letter_rules_and_quotas(self):
        round_ = round_import(
            definition=round_definition_parse(round_file("kbo-2568-phayao").read_bytes())
        ).round
        actions = set(ChangeLog.objects.filter(round_id=round_.pk).values_list("action", flat=True))
        self.assertTrue({"round.letter", "round.rules"} <= actions, actions)
        self.assertEqual(
            ChangeLog.objects.filter(round_id=round_.pk).exclude(district_code="").count(), 9
        )


class RoundDefinitionRefusalTestCase(TestCase):
    """Each malformed file is refused with the JSON path of the bad value, writing nothing."""

    def refused(self, change, path: str, *, slug="qd-2562-chiang-mai", raw=None) -> str:
        data = file_data(slug)
        if change:
            change(data)
        before = (Round.objects.count(), Quota.objects.count(), ChangeLog.objects.count())
        with self.assertRaises(DefinitionError) as caught:
            round_import(definition=round_definition_parse(raw if raw else json.dumps(data)))
        after = (Round.objects.count(), Quota.objects.count(), ChangeLog.objects.count())
        self.assertEqual(after, before)
        message = str(caught.exception)
        self.assertIn(path, message)
        return message

    def test_it_refuses_a_year_out_of_range_in_a_criterions_params(self):
        def change(data):
            data["tiers"][0]["criteria"][1]["params"]["year"] = 3000

        message = self.refused(change, "$.tiers[0].criteria[1].params: ")
        self.assertIn("3000", message)

    def test_it_refuses_an_unknown_criterion_kind(self):
        def change(data):
            data["tiers"][0]["criteria"][0]["kind"] = "lucky_number"

        self.assertIn("lucky_number", self.refused(change, "$.tiers[0].criteria[0].kind: "))

    def test_it_refuses_an_unknown_field(self):
        def change(data):
            data["letter"]["signatory"] = "x"

        self.refused(change, "$.letter.signatory: ")

    def test_it_refuses_another_format_version(self):
        def change(data):
            data["format"] = 2

        self.refused(change, "$.format: ")

    def test_it_refuses_an_unknown_district_and_a_wrong_district_name(self):
        def change(data):
            data["quotas"][0]["district"] = "9999"
            data["quotas"][1]["district_name"] = "เมืองพะเยา"

        message = self.refused(change, "$.quotas[0].district: ")
        self.assertIn("$.quotas[1].district_name: ", message)

    def test_it_refuses_a_quota_kind_and_a_bad_date(self):
        def change(data):
            data["quotas"][2]["kind"] = "about"
            data["letter"]["letter_date"] = "6/11/2561"

        message = self.refused(change, "$.quotas[2].kind: ")
        self.assertIn("$.letter.letter_date: ", message)

    def test_it_refuses_bands_that_leave_a_gap(self):
        def change(data):
            data["opc"]["score_bands"][1]["min"] = 85

        self.refused(change, "$.opc.score_bands: ", slug="opc-2565-sakon-nakhon")

    def test_it_refuses_opc_settings_on_another_program(self):
        def change(data):
            data["opc"] = {"max_products_per_producer": 2}

        self.refused(change, "$.opc: ")

    def test_it_gives_the_line_of_broken_json(self):
        self.refused(None, "บรรทัด 3", raw='{\n  "format": 1,\n  "slug": ,\n}')
