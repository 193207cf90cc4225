"""Pure OPC rules: bands, score → stars at every boundary, parts, limits, stages, plans."""

import datetime as dt
from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from opc import rules
from opc.rules import Band, Part


def bands(*triples):
    return [Band(s, D(lo), D(hi)) for s, lo, hi in triples]


DEFAULT = ((5, 90, 100), (4, 80, 89), (3, 70, 79), (2, 50, 69), (1, 0, 49))


class StarsForScoreTestCase(SimpleTestCase):
    def test_default_bands_give_the_written_stars_at_every_boundary(self):
        expected = {
            "0": 1,
            "49": 1,
            "49.99": 1,
            "50": 2,
            "69": 2,
            "69.5": 2,
            "70": 3,
            "79": 3,
            "79.99": 3,
            "80": 4,
            "89": 4,
            "89.5": 4,
            "89.99": 4,
            "90": 5,
            "99.99": 5,
            "100": 5,
        }
        for score, stars in expected.items():
            with self.subTest(score=score):
                self.assertEqual(rules.stars_for_score(D(score)), stars)

    def test_a_fractional_score_is_never_rounded_up_into_the_next_band(self):
        self.assertEqual(rules.stars_for_score(D("89.5")), 4)
        self.assertEqual(rules.stars_for_score("49.9"), 1)

    def test_it_refuses_scores_outside_0_to_100_in_thai(self):
        for score in ("-0.01", "100.01", "abc"):
            with self.subTest(score=score), self.assertRaises(ValidationError) as caught:
                rules.stars_for_score(score)
            self.assertRegex(caught.exception.messages[0], "คะแนนรวม")

    def test_custom_bands_move_the_boundaries(self):
        custom = bands((5, 95, 100), (4, 85, 94), (3, 60, 84), (2, 40, 59), (1, 0, 39))
        self.assertEqual(rules.stars_for_score(D("94.99"), custom), 4)
        self.assertEqual(rules.stars_for_score(D("95"), custom), 5)
        self.assertEqual(rules.stars_for_score(D("39.5"), custom), 1)


class ValidateBandsTestCase(SimpleTestCase):
    def test_it_accepts_the_default_bands_and_sorts_them_from_the_lowest(self):
        ordered = rules.validate_bands(bands(*DEFAULT))
        self.assertEqual([b.stars for b in ordered], [1, 2, 3, 4, 5])

    def message(self, *triples):
        with self.assertRaises(ValidationError) as caught:
            rules.validate_bands(bands(*triples))
        return " | ".join(caught.exception.messages)

    def test_it_reports_a_gap_with_its_range(self):
        text = self.message((5, 90, 100), (4, 80, 88), (3, 70, 79), (2, 50, 69), (1, 0, 49))
        self.assertIn("ช่วงคะแนนขาดหาย: ๘๙–๘๙", text)

    def test_it_reports_an_overlap(self):
        text = self.message((5, 89, 100), (4, 80, 89), (3, 70, 79), (2, 50, 69), (1, 0, 49))
        self.assertIn("ช่วงคะแนนซ้อนกัน", text)

    def test_it_requires_0_covered(self):
        text = self.message((5, 90, 100), (4, 80, 89), (3, 70, 79), (2, 50, 69), (1, 10, 49))
        self.assertIn("ช่วงต่ำสุดต้องเริ่มที่ ๐", text)

    def test_it_requires_100_covered(self):
        text = self.message((5, 90, 99), (4, 80, 89), (3, 70, 79), (2, 50, 69), (1, 0, 49))
        self.assertIn("ช่วงสูงสุดต้องสิ้นสุดที่ ๑๐๐", text)

    def test_it_refuses_fractional_band_limits(self):
        text = self.message((5, 90, 100), (4, 80, "89.99"), (3, 70, 79), (2, 50, 69), (1, 0, 49))
        self.assertIn("ต้องเป็นจำนวนเต็ม", text)

    def test_it_refuses_a_star_level_twice_and_fewer_stars_for_more_points(self):
        self.assertIn("มีมากกว่า ๑ ช่วง", self.message((5, 50, 100), (5, 0, 49)))
        self.assertIn("ได้ดาวไม่น้อยกว่า", self.message((1, 50, 100), (5, 0, 49)))

    def test_it_refuses_min_above_max(self):
        self.assertIn("มากกว่าคะแนนสูงสุด", self.message((5, 60, 50), (1, 0, 49)))


class PartsTestCase(SimpleTestCase):
    def test_the_default_parts_are_the_three_named_parts_adding_to_100(self):
        parts = rules.validate_parts(rules.DEFAULT_PARTS)
        self.assertEqual(len(parts), 3)
        self.assertEqual(sum(p.max_points for p in parts), 100)

    def test_it_refuses_parts_not_adding_to_100(self):
        with self.assertRaisesRegex(ValidationError, "ต้องเท่ากับ ๑๐๐"):
            rules.validate_parts([Part("a", "ก", D(30)), Part("b", "ข", D(30))])

    def test_a_part_score_above_its_maximum_is_refused_in_thai(self):
        part = Part("a", "ด้านการผลิต", D(20))
        with self.assertRaisesRegex(ValidationError, "เกินคะแนนเต็ม"):
            rules.check_part_score("20.5", part=part)
        with self.assertRaisesRegex(ValidationError, "ทศนิยม"):
            rules.check_part_score("10.125", part=part)
        self.assertEqual(rules.check_part_score("17.5", part=part), D("17.50"))

    def test_the_total_needs_every_part(self):
        parts = rules.DEFAULT_PARTS
        self.assertIsNone(rules.total_score({"production": D(10)}, parts))
        total = rules.total_score({"production": D("19.5"), "marketing": 20, "quality": 50}, parts)
        self.assertEqual(total, D("89.5"))


class ApplicationRulesTestCase(SimpleTestCase):
    def test_a_third_application_is_refused_under_a_limit_of_two(self):
        rules.check_application_limit(used=1, limit=2)
        with self.assertRaisesRegex(ValidationError, "ครบ ๒"):
            rules.check_application_limit(used=2, limit=2)

    def test_no_round_limit_means_the_seed_default_of_two(self):
        with self.assertRaises(ValidationError):
            rules.check_application_limit(used=2, limit=None)

    def test_free_slot_is_the_lowest_untaken(self):
        self.assertEqual(rules.free_slot([2], 2), 1)
        with self.assertRaises(ValidationError):
            rules.free_slot([1, 2], 2)

    def test_a_set_needs_two_products_and_a_single_one(self):
        with self.assertRaises(ValidationError):
            rules.check_application_products(is_set=True, product_owners=[1], producer_id=1)
        with self.assertRaises(ValidationError):
            rules.check_application_products(is_set=False, product_owners=[1, 1], producer_id=1)
        with self.assertRaisesRegex(ValidationError, "ของผู้ผลิตที่สมัคร"):
            rules.check_application_products(is_set=True, product_owners=[1, 2], producer_id=1)

    def test_district_officers_enter_for_their_district_and_staff_for_their_province(self):
        def may(role, district, province, target, admin=False):
            return rules.may_enter_for(
                role=role,
                is_admin=admin,
                user_district=district,
                user_province=province,
                district_code=target,
            )

        self.assertTrue(may("district", "5601", "56", "5601"))
        self.assertFalse(may("district", "5601", "56", "5607"))
        self.assertTrue(may("province", None, "56", "5607"))
        self.assertFalse(may("province", None, "57", "5607"))
        self.assertTrue(may("admin", None, None, "5007", admin=True))

    def test_application_transitions(self):
        allowed = {("submitted", "scored"), ("submitted", "withdrawn"), ("scored", "scored")}
        for current in ("submitted", "scored", "withdrawn"):
            for target in ("submitted", "scored", "withdrawn"):
                with self.subTest(current=current, target=target):
                    if (current, target) in allowed:
                        rules.check_application_transition(current, target)
                    else:
                        with self.assertRaises(ValidationError):
                            rules.check_application_transition(current, target)


def stages_of(settings: dict):
    """The stages of settings written in a round definition file's "opc" shape."""
    return rules.settings_from_dict(settings).stages


class StagesTestCase(SimpleTestCase):
    def test_the_six_stages_of_seed_003_in_order(self):
        keys = [s.key for s in stages_of({})]
        self.assertEqual(
            keys, ["committee", "briefing", "publicity", "applications", "scoring", "announcement"]
        )

    def test_it_reports_a_stage_before_the_previous_one_and_an_end_before_the_start(self):
        stages = stages_of(
            {
                "timeline": {
                    "briefing": {"start": "2022-03-31"},
                    "publicity": {"start": "2022-03-01", "end": "2022-02-01"},
                }
            }
        )
        problems = rules.check_stages(stages)
        self.assertEqual(len(problems), 2)
        self.assertIn("อยู่ก่อนวันเริ่ม", problems[0])

    def test_a_bad_date_is_a_thai_error(self):
        with self.assertRaisesRegex(ValidationError, "วันที่ไม่ถูกต้อง"):
            stages_of({"timeline": {"scoring": {"start": "31/3/2565"}}})

    def test_dates_are_read(self):
        stages = stages_of({"timeline": {"scoring": {"start": "2022-06-01"}}})
        self.assertEqual(stages[4].starts_on, dt.date(2022, 6, 1))


class PlanPublishTestCase(SimpleTestCase):
    def test_only_differences_are_written(self):
        plan = rules.plan_publish(
            {1: (4, D("85")), 2: (3, D("75")), 3: (5, D("95"))},
            {2: (3, D("75.00")), 3: (4, D("88"))},
        )
        self.assertEqual(plan.create, {1: (4, D("85"))})
        self.assertEqual(plan.update, {3: (5, D("95"))})
        self.assertEqual(plan.unchanged, [2])

    def test_a_rating_the_round_wrote_is_removed_only_if_untouched_since(self):
        plan = rules.plan_publish(
            {}, {1: (4, D("85")), 2: (2, D("60"))}, {1: (4, D("85")), 2: (3, D("75"))}
        )
        self.assertEqual(plan.remove, [1])


class RoundGateRulesTestCase(SimpleTestCase):
    APPLICATIONS = rules.StageDates(
        "applications", "รับสมัครผลิตภัณฑ์เข้ารับการคัดสรร", dt.date(2022, 4, 1), dt.date(2022, 4, 29)
    )

    def test_only_open_rounds_take_entries_and_closed_ones_are_read_only(self):
        table = [
            ("draft", "รอบนี้ยังเป็นร่าง: บันทึกใบสมัครได้เมื่อจังหวัดเปิดรอบแล้ว"),
            ("open", None),
            ("closed", "รอบนี้ปิดแล้ว: บันทึกใบสมัครไม่ได้ (ดูได้อย่างเดียว)"),
        ]
        for status, expected in table:
            with self.subTest(status):
                if expected is None:
                    rules.check_round_accepts(status, doing="บันทึกใบสมัคร")
                else:
                    with self.assertRaises(ValidationError) as caught:
                        rules.check_round_accepts(status, doing="บันทึกใบสมัคร")
                    self.assertEqual(caught.exception.messages, [expected])
        rules.check_round_editable("draft")
        rules.check_round_editable("open")
        with self.assertRaisesRegex(ValidationError, "ปิดแล้ว"):
            rules.check_round_editable("closed")

    def test_the_window_includes_its_first_and_last_day(self):
        inside = [dt.date(2022, 4, 1), dt.date(2022, 4, 15), dt.date(2022, 4, 29)]
        outside = [dt.date(2022, 3, 31), dt.date(2022, 4, 30)]
        for day in inside:
            self.assertTrue(rules.in_stage_window(self.APPLICATIONS, day), day)
        for day in outside:
            self.assertFalse(rules.in_stage_window(self.APPLICATIONS, day), day)

    def test_the_refusal_names_the_dates_and_today_in_be_with_thai_digits(self):
        with self.assertRaises(ValidationError) as caught:
            rules.check_stage_window(
                self.APPLICATIONS, today=dt.date(2022, 4, 30), doing="บันทึกใบสมัคร"
            )
        self.assertEqual(
            caught.exception.messages,
            [
                "บันทึกใบสมัครได้เฉพาะช่วงรับสมัครผลิตภัณฑ์เข้ารับการคัดสรร "
                "ตั้งแต่วันที่ ๑ เมษายน ๒๕๖๕ ถึงวันที่ ๒๙ เมษายน ๒๕๖๕: "
                "วันนี้ (๓๐ เมษายน ๒๕๖๕) พ้นช่วงรับสมัครผลิตภัณฑ์เข้ารับการคัดสรร"
            ],
        )

    def test_an_undated_stage_does_not_gate_and_a_one_sided_one_gates_on_its_side(self):
        undated = rules.StageDates("scoring", "ให้คะแนน", None, None)
        from_only = rules.StageDates("scoring", "ให้คะแนน", dt.date(2022, 5, 1), None)
        until_only = rules.StageDates("scoring", "ให้คะแนน", None, dt.date(2022, 5, 1))
        far = [dt.date(2000, 1, 1), dt.date(2100, 1, 1)]
        self.assertTrue(all(rules.in_stage_window(undated, d) for d in far))
        self.assertEqual([rules.in_stage_window(from_only, d) for d in far], [False, True])
        self.assertEqual([rules.in_stage_window(until_only, d) for d in far], [True, False])
        self.assertEqual(rules.stage_window_text(from_only), "ตั้งแต่วันที่ ๑ พฤษภาคม ๒๕๖๕")
        self.assertEqual(rules.stage_window_text(until_only), "ถึงวันที่ ๑ พฤษภาคม ๒๕๖๕")

    def test_the_letters_deadline_must_fall_in_the_dated_applications_stage(self):
        stages = stages_of(
            {"timeline": {"applications": {"start": "2022-04-01", "end": "2022-04-29"}}}
        )
        self.assertEqual(rules.check_deadline_in_stage(stages, dt.date(2022, 4, 29)), [])
        self.assertEqual(rules.check_deadline_in_stage(stages, None), [])
        self.assertEqual(len(rules.check_deadline_in_stage(stages, dt.date(2022, 4, 30))), 1)
        undated = stages_of({})
        self.assertEqual(rules.check_deadline_in_stage(undated, dt.date(2030, 1, 1)), [])


class SettingsTestCase(SimpleTestCase):
    """A round's settings read from and written as a file's "opc" part (and the log's)."""

    def test_a_round_storing_nothing_has_the_defaults_and_logs_nothing(self):
        settings = rules.settings_from_dict({})
        self.assertEqual(
            (settings.bands, settings.parts), (rules.DEFAULT_BANDS, rules.DEFAULT_PARTS)
        )
        self.assertTrue(all(s.starts_on is None and s.ends_on is None for s in settings.stages))
        self.assertEqual(settings.as_logged(), {})
        self.assertTrue(rules.parts_are_default(settings))

    def test_what_is_stored_reads_back_in_the_files_shape(self):
        data = {
            "score_bands": [b.as_dict() for b in rules.DEFAULT_BANDS],
            "scoring_parts": [
                {"key": "a", "name": "ก", "max": "17.50"},
                {"key": "b", "name": "ข", "max": "82.5"},
            ],
            "scoring_parts_by_province": True,
            "timeline": {"scoring": {"start": "2022-06-01", "end": None}},
        }
        logged = rules.settings_from_dict(data).as_logged()
        self.assertEqual(logged["scoring_parts"][0]["max"], "17.5")
        self.assertEqual({**data, "scoring_parts": logged["scoring_parts"]}, logged)

    def test_parts_saved_by_the_province_are_not_the_default_even_if_equal(self):
        parts = [p.as_dict() for p in rules.DEFAULT_PARTS]
        self.assertTrue(rules.parts_are_default(rules.settings_from_dict({"scoring_parts": parts})))
        self.assertFalse(
            rules.parts_are_default(
                rules.settings_from_dict(
                    {"scoring_parts": parts, "scoring_parts_by_province": True}
                )
            )
        )
