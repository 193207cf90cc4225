"""An OPC round's settings as rows (OpcSettings, ScoreBand, ScoringPart, Stage): the
database refuses impossible rows, `clean()` the contradictions within a row, the rows
read back as written, and the data migration moved the old JSON into them."""

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps as real_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opc import rules
from opc.models import OpcSettings, ScoreBand, ScoringPart, Stage
from opc.round_settings import pso_per_category_of, settings_of, settings_write
from tests.base import BaseTestCase
from tests.opc.data import make_opc_round, make_pso_round

settings_move = importlib.import_module("opc.migrations.0005_round_settings_rows")


class SettingsRowsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_opc_round(cls.phayao)

    def refused(self, model, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            model.objects.create(round=self.round, **fields)

    def test_the_database_refuses_impossible_values(self):
        self.refused(ScoreBand, stars=6, min_score=0, max_score=10)
        self.refused(ScoreBand, stars=0, min_score=0, max_score=10)
        self.refused(ScoreBand, stars=5, min_score=90, max_score=101)
        self.refused(ScoringPart, key="a", name="ก", max_points=Decimal("0"), order=1)
        self.refused(ScoringPart, key="a", name="ก", max_points=Decimal("100.01"), order=1)
        self.refused(ScoringPart, key="", name="ก", max_points=Decimal("10"), order=1)
        self.refused(Stage, key="lunch")
        self.refused(OpcSettings, pso_per_category=0)

    def test_each_is_unique_per_round(self):
        ScoreBand.objects.create(round=self.round, stars=5, min_score=90, max_score=100)
        self.refused(ScoreBand, stars=5, min_score=0, max_score=89)
        ScoringPart.objects.create(round=self.round, key="a", name="ก", max_points=50, order=1)
        self.refused(ScoringPart, key="a", name="ข", max_points=50, order=2)
        self.refused(ScoringPart, key="b", name="ข", max_points=50, order=1)
        Stage.objects.create(round=self.round, key="scoring")
        self.refused(Stage, key="scoring")

    def test_clean_refuses_a_band_or_stage_that_ends_before_it_starts(self):
        band = ScoreBand(round=self.round, stars=5, min_score=90, max_score=80)
        with self.assertRaisesRegex(ValidationError, "คะแนนต่ำสุดต้องไม่มากกว่าคะแนนสูงสุด"):
            band.full_clean()
        stage = Stage(
            round=self.round,
            key="scoring",
            starts_on=dt.date(2022, 5, 20),
            ends_on=dt.date(2022, 5, 9),
        )
        with self.assertRaisesRegex(ValidationError, "อยู่ก่อนวันเริ่ม"):
            stage.full_clean()

    def test_what_is_written_reads_back_and_a_rewrite_replaces_it(self):
        written = rules.settings_from_dict(
            {
                "score_bands": [b.as_dict() for b in rules.DEFAULT_BANDS],
                "scoring_parts": [
                    {"key": "a", "name": "ก", "max": "17.5"},
                    {"key": "b", "name": "ข", "max": "82.5"},
                ],
                "scoring_parts_by_province": True,
                "timeline": {"scoring": {"start": "2022-06-01", "end": "2022-06-30"}},
            }
        )
        settings_write(round_=self.round, settings=written)
        self.assertEqual(settings_of(self.round), written)
        settings_write(round_=self.round, settings=rules.Settings())
        self.assertEqual(settings_of(self.round), rules.Settings())
        self.assertEqual(
            [m.objects.filter(round=self.round).count() for m in (ScoreBand, ScoringPart, Stage)],
            [0, 0, 0],
        )


class _Rounds:
    def __init__(self, rows):
        self.rows = rows

    def filter(self, **lookups):
        return self

    def iterator(self, chunk_size=None):
        return iter(self.rows)


class SettingsMigrationTestCase(BaseTestCase):
    """The old JSON is gone from Round, so the rounds are served to the migration's own
    function with their old `settings` attached; the rows it writes are real."""

    def migrate(self, *rounds):
        stand_in = SimpleNamespace(objects=_Rounds(list(rounds)))
        apps = SimpleNamespace(
            get_model=lambda app, name: (
                stand_in
                if (app, name) == ("selection", "Round")
                else real_apps.get_model(app, name)
            )
        )
        settings_move.forward(apps, None)

    def test_every_key_of_the_json_becomes_rows(self):
        opc = make_opc_round(self.phayao)
        opc.settings = {
            "score_bands": [
                {"stars": s, "min": low, "max": high}
                for s, low, high in (
                    (5, 95, 100),
                    (4, 85, 94),
                    (3, 60, 84),
                    (2, 40, 59),
                    (1, 0, 39),
                )
            ],
            "star_bands": [95, 85, 60, 40],
            "scoring_parts": [{"key": "q", "name": "คุณภาพ", "max": "100"}],
            "scoring_parts_by_province": True,
            "timeline": {
                "briefing": {"start": "2022-03-31", "end": "2022-03-31"},
                "scoring": {"start": None, "end": None},
            },
        }
        pso = make_pso_round(self.phayao)
        pso.settings = {"pso_per_category": 3}
        self.migrate(opc, pso)
        expected = {k: v for k, v in opc.settings.items() if k != "star_bands"}
        expected["timeline"] = {"briefing": {"start": "2022-03-31", "end": "2022-03-31"}}
        self.assertEqual(settings_of(opc).as_logged(), expected)
        self.assertEqual(pso_per_category_of(pso), 3)
        self.assertEqual(settings_of(pso), rules.Settings())

    def test_the_older_star_band_cutoffs_become_five_bands(self):
        opc = make_opc_round(self.phayao)
        opc.settings = {"star_bands": [95, 85, 60, 40]}
        self.migrate(opc)
        settings = settings_of(opc)
        self.assertEqual(
            [b.as_dict() for b in settings.bands],
            [
                {"stars": 5, "min": 95, "max": 100},
                {"stars": 4, "min": 85, "max": 94},
                {"stars": 3, "min": 60, "max": 84},
                {"stars": 2, "min": 40, "max": 59},
                {"stars": 1, "min": 0, "max": 39},
            ],
        )
        self.assertEqual(settings.parts, rules.DEFAULT_PARTS)
        self.assertFalse(settings.parts_set or settings.parts_by_province)
