"""The rules editor without JSON: each kind's widgets round-trip its params and refuse bad
input in Thai; the POST flow creates, edits and deletes criteria and tiers; the engine
reads what the editor saved."""

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from registry.models import Participation
from selection.criteria import CRITERIA
from selection.engine import district_candidates
from selection.forms import CriterionForm
from selection.models import Criterion, Round, RoundStatus
from tests.base import PASSWORD, BaseTestCase, make_producer, make_product
from tests.selection.data import make_round

# One canonical params dict per kind, as clean_params would store it.
SAMPLES = {
    "producer_type": {"types": ["group", "sme"]},
    "registration_year": {"of": "product", "min": 2557, "max": 2561},
    "star_level": {"min": 2, "max": 4, "year": 2565, "latest": True},
    "quadrant": {"quadrants": ["C", "D"], "year": 2567, "latest": False},
    "category": {"categories": ["drink", "herbal"]},
    "not_participant": {"program": "KBO", "fiscal_year": 2567},
    "not_target": {"program": "QD", "fiscal_year": 2568},
    "officer_judgement": {"text": "มีศักยภาพ ความพร้อม"},
}


def browser_data(form) -> MultiValueDict:
    """What a browser posts for a rendered form (unchecked boxes post nothing, blank
    inputs post "")."""
    data = MultiValueDict()
    for field in form:
        value = field.value()
        if value is False:
            continue
        if value is None:
            value = ""
        if isinstance(value, list):
            data.setlist(field.html_name, [str(v) for v in value])
        else:
            data[field.html_name] = "on" if value is True else str(value)
    return data


def shown_data(context) -> MultiValueDict:
    """The whole editor (tier titles, management form, rows) as a browser posts it."""
    data = browser_data(context["titles"])
    formset = context["formset"]
    for form in [formset.management_form, *formset]:
        for key, values in browser_data(form).lists():
            data.setlist(key, values)
    return data


def row(kind, prefix="form-0", **values) -> MultiValueDict:
    """POST data of one row: tier 1, the kind, and `<kind>__<param>` values."""
    data = MultiValueDict({f"{prefix}-tier": ["1"], f"{prefix}-kind": [kind]})
    for name, value in values.items():
        key = f"{prefix}-{kind}__{name}"
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    return data


class CriterionFormTestCase(SimpleTestCase):
    def bound(self, kind, **values):
        return CriterionForm(row(kind, prefix="c", **values), prefix="c")

    def assert_refused(self, form, message):
        self.assertFalse(form.is_valid())
        text = " ".join(str(e) for errors in form.errors.values() for e in errors)
        self.assertIn(message, text)

    def test_every_kind_declares_its_parameters(self):
        self.assertEqual(set(SAMPLES), set(CRITERIA))
        for kind, cls in CRITERIA.items():
            with self.subTest(kind=kind):
                self.assertEqual({p.name for p in cls.params_fields}, set(SAMPLES[kind]))

    def test_each_kind_round_trips_its_params_through_the_widgets(self):
        for kind, params in SAMPLES.items():
            with self.subTest(kind=kind):
                shown = CriterionForm(
                    prefix="c", initial={"tier": 2, "kind": kind, "params": params}
                )
                form = CriterionForm(browser_data(shown), prefix="c")
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["params"], params)
                self.assertEqual(form.cleaned_data["tier"], 2)

    def test_a_star_range_shows_the_stored_levels_and_year_mode(self):
        form = CriterionForm(initial={"kind": "star_level", "params": SAMPLES["star_level"]})
        html = str(form["star_level__min"]) + str(form["star_level__latest"])
        self.assertIn('<option value="2" selected>', html)
        self.assertIn('value="1"', html)
        self.assertIn("checked", str(form["star_level__latest"]).split("ล่าสุดไม่เกินปีที่ระบุ")[0])
        self.assertIn("ล่าสุดไม่เกินปีที่ระบุ", html)

    def test_a_reversed_year_range_is_refused_in_thai(self):
        form = self.bound("registration_year", of="producer", min=2562, max=2557)
        self.assert_refused(form, "ช่วงปีไม่ถูกต้อง: ปีเริ่มต้น ๒๕๖๒ มากกว่าปีสิ้นสุด ๒๕๕๗")

    def test_a_christian_era_year_gets_a_hint(self):
        form = self.bound("not_participant", program="KBO", fiscal_year=2024)
        self.assert_refused(form, "ปี ๒๐๒๔ เป็นปี ค.ศ. ต้องเป็นปี พ.ศ. (หมายถึง ๒๕๖๗?)")

    def test_years_may_be_typed_in_thai_digits(self):
        form = self.bound("quadrant", quadrants=["D"], year="๒๕๖๗", latest="0")
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["params"]["year"], 2567)

    def test_bad_input_of_each_kind_is_refused_in_thai(self):
        cases = [
            (self.bound("producer_type"), "กรุณาระบุประเภทผู้ผลิต"),
            (self.bound("producer_type", types=["alien"]), "ประเภทผู้ผลิต: ไม่รู้จักค่า 'alien'"),
            (self.bound("registration_year", of="both", min=2557, max=2560), "ไม่รู้จักค่า 'both'"),
            (self.bound("registration_year", of="producer", min="สองพัน", max=2560), "ต้องเป็นปี พ.ศ."),
            (
                self.bound("star_level", min=4, max=2, year=2567, latest="0"),
                "ระดับดาว: ช่วงต้องอยู่ใน ๑–๕",
            ),
            (self.bound("star_level", min=6, max=6, year=2567, latest="0"), "ไม่รู้จักค่า '6'"),
            (self.bound("star_level", min=1, max=3, latest="0"), "กรุณาระบุปีที่คัดสรร (พ.ศ.)"),
            (self.bound("quadrant", quadrants=["E"], year=2567, latest="0"), "ไม่รู้จักค่า 'E'"),
            (self.bound("category", categories=[]), "กรุณาระบุประเภทผลิตภัณฑ์"),
            (
                self.bound("not_participant", program="XYZ", fiscal_year=2567),
                "โครงการ: ไม่รู้จักค่า 'XYZ'",
            ),
            (self.bound("not_target", program="", fiscal_year=2567), "กรุณาระบุโครงการ"),
            (self.bound("not_target", program="QD", fiscal_year=3000), "ไม่อยู่ในช่วง"),
            (self.bound("officer_judgement", text="  "), "กรุณาระบุสิ่งที่เจ้าหน้าที่ต้องพิจารณา"),
        ]
        for form, message in cases:
            with self.subTest(message=message):
                self.assert_refused(form, message)

    def test_an_unknown_kind_is_refused(self):
        form = CriterionForm({"c-tier": "1", "c-kind": "magic"}, prefix="c")
        self.assert_refused(form, "ไม่รู้จักชนิดเกณฑ์ 'magic'")
        self.assertEqual(len(form.errors["kind"]), 1)

    def test_a_row_with_a_tier_but_no_kind_asks_for_the_kind(self):
        form = CriterionForm(
            {"c-tier": "2", "c-kind": ""},
            prefix="c",
            empty_permitted=True,
            use_required_attribute=False,
        )
        self.assert_refused(form, "กรุณาเลือกชนิดเกณฑ์")

    def test_a_new_kind_starts_from_its_defaults(self):
        form = CriterionForm({"c-tier": "1", "c-kind": "star_level"}, prefix="c")
        self.assertEqual(form["star_level__min"].value(), "1")
        self.assertEqual(form["star_level__max"].value(), "3")
        self.assertEqual(form["star_level__latest"].value(), "0")


TIER_1 = [
    ("producer_type", {"types": ["group"]}),
    ("star_level", {"min": 1, "max": 3, "year": 2567}),
    ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
]
TIER_2 = [("quadrant", {"quadrants": ["D"], "year": 2567})]


class RulesEditorTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round("KBO", 2568, cls.phayao, slug="kbo-ed", tiers=[TIER_1, TIER_2])
        make_round("KBO", 2568, cls.phayao, slug="kbo-open", status=RoundStatus.OPEN)
        make_round("KBO", 2568, cls.chiang_rai, slug="kbo-cr", tiers=[TIER_1])
        # E1: group, 2 stars in 2567 → tier 1. E2: group, 2 stars, KBO 2567 → excluded.
        # E3: group, 5 stars in 2567 → only once the star range reaches 5.
        # E4: single owner, Quadrant D 2567 → tier 2 (tier 2 has no type rule).
        # E5: group, Quadrant D 2567 → tier 2.
        make_product("E1A", make_producer("E1", cls.mueang), stars={2567: 2})
        e2 = make_producer("E2", cls.mueang)
        make_product("E2A", e2, stars={2567: 2})
        Participation.objects.create(program="KBO", fiscal_year=2567, producer=e2)
        make_product("E3A", make_producer("E3", cls.mueang), stars={2567: 5})
        make_product(
            "E4A", make_producer("E4", cls.mueang, producer_type="single"), quadrant={2567: "D"}
        )
        make_product("E5A", make_producer("E5", cls.mueang), quadrant={2567: "D"})

    def setUp(self):
        self.client.login(username="staff", password=PASSWORD)
        self.url = reverse("selection:round_rules", args=["kbo-ed"])

    def shown_data(self) -> MultiValueDict:
        """The editor's form as the browser would post it back unchanged."""
        return shown_data(self.client.get(self.url).context)

    def post(self, data, **kwargs):
        return self.client.post(self.url, dict(data.lists()), **kwargs)

    def tiers(self):
        return {
            t.order: [(c.kind, c.params) for c in t.criteria.all()]
            for t in self.round.tiers.prefetch_related("criteria")
        }

    def candidates(self):
        result = district_candidates(self.round, "5601")
        return {c.facts.code: c.tier for c in result.candidates}

    def test_the_editor_shows_widgets_not_json(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="form-0-producer_type__types" value="group"')
        self.assertContains(response, 'name="form-1-star_level__year"')
        self.assertContains(response, 'value="2567"')
        self.assertNotContains(response, "JSON")
        self.assertContains(response, "ไม่ซ้ำกับผู้เข้าร่วม KBO ปีงบประมาณ ๒๕๖๗")

    def test_posting_the_form_unchanged_keeps_the_rules(self):
        response = self.post(self.shown_data())
        self.assertRedirects(response, reverse("selection:round_detail", args=["kbo-ed"]))
        stars = {"min": 1, "max": 3, "year": 2567, "latest": False}  # "latest" now explicit
        quadrant = {"quadrants": ["D"], "year": 2567, "latest": False}
        self.assertEqual(
            self.tiers(),
            {
                1: [TIER_1[0], ("star_level", stars), TIER_1[2]],
                2: [("quadrant", quadrant)],
            },
        )

    def test_editing_a_star_range_changes_the_rule_its_sentence_and_the_candidates(self):
        self.assertEqual(self.candidates(), {"E1": 1, "E4": 2, "E5": 2})
        data = self.shown_data()
        data["form-1-star_level__max"] = "5"
        self.assertRedirects(self.post(data), reverse("selection:round_detail", args=["kbo-ed"]))
        star = Criterion.objects.get(tier__round=self.round, kind="star_level")
        self.assertEqual(star.params, {"min": 1, "max": 5, "year": 2567, "latest": False})
        self.assertEqual(star.explanation, "มีระดับ ๑–๕ ดาว ปี ๒๕๖๗")
        self.assertEqual(self.candidates(), {"E1": 1, "E3": 1, "E4": 2, "E5": 2})

    def test_a_typed_explanation_is_kept(self):
        data = self.shown_data()
        data["form-0-explanation"] = "เป็นกลุ่มผู้ผลิตชุมชนเท่านั้น"
        self.post(data)
        first = Criterion.objects.get(tier__round=self.round, kind="producer_type")
        self.assertEqual(first.explanation, "เป็นกลุ่มผู้ผลิตชุมชนเท่านั้น")

    def test_a_new_row_adds_a_criterion_and_a_new_tier_number_adds_a_tier(self):
        data = self.shown_data()
        data.update({"form-4-tier": "1", "form-4-kind": "registration_year"})
        data.update({"form-4-registration_year__of": "producer"})
        data.update(
            {"form-4-registration_year__min": "2557", "form-4-registration_year__max": "2561"}
        )
        data.update({"form-5-tier": "3", "form-5-kind": "category"})
        data.setlist("form-5-category__categories", ["food", "drink"])
        self.post(data)
        tiers = self.tiers()
        self.assertEqual(
            tiers[1][-1], ("registration_year", {"of": "producer", "min": 2557, "max": 2561})
        )
        self.assertEqual(tiers[3], [("category", {"categories": ["food", "drink"]})])
        # E1 (registered 2560 by default) stays; candidates now need registration 2557–2561.
        self.assertEqual(self.candidates()["E1"], 1)

    def test_deleting_rows_removes_criteria_and_an_emptied_tier(self):
        data = self.shown_data()
        data["form-1-DELETE"] = "on"
        data["form-3-DELETE"] = "on"  # the only criterion of tier 2
        self.post(data)
        self.assertEqual(
            self.tiers(),
            {1: [TIER_1[0][:2], ("not_participant", {"program": "KBO", "fiscal_year": 2567})]},
        )
        self.assertEqual(self.candidates(), {"E1": 1, "E3": 1, "E5": 1})

    def test_moving_rows_to_tier_two_renumbers_the_tiers(self):
        data = self.shown_data()
        for i in range(4):
            data[f"form-{i}-tier"] = "2"
        self.post(data)
        self.assertEqual(list(self.tiers()), [1])

    def test_tier_titles_are_saved_and_follow_the_renumbering(self):
        data = self.shown_data()
        self.assertIn("tiers-title_3", data)  # one more title than there are tiers
        data["tiers-title_2"] = "กรณีชั้นที่ ๑ ไม่เพียงพอ"
        data["tiers-title_1"] = "เกณฑ์หลัก"
        self.post(data)
        titles = list(self.round.tiers.values_list("order", "title"))
        self.assertEqual(titles, [(1, "เกณฑ์หลัก"), (2, "กรณีชั้นที่ ๑ ไม่เพียงพอ")])
        # Tier 1's rows moved to tier 3: the fallback becomes tier 1 with its title.
        data = self.shown_data()
        for i in range(3):
            data[f"form-{i}-tier"] = "3"
        data["tiers-title_3"] = "ท้ายสุด"
        self.post(data)
        titles = list(self.round.tiers.values_list("order", "title"))
        self.assertEqual(titles, [(1, "กรณีชั้นที่ ๑ ไม่เพียงพอ"), (2, "ท้ายสุด")])

    def test_a_post_without_title_fields_keeps_the_titles(self):
        self.round.tiers.filter(order=2).update(title="สำรอง")
        data = self.shown_data()
        for key in [k for k in data if k.startswith("tiers-")]:
            del data[key]
        self.post(data)
        self.assertEqual(self.round.tiers.get(order=2).title, "สำรอง")

    def test_bad_input_is_shown_in_thai_and_nothing_is_saved(self):
        before = self.tiers()
        data = self.shown_data()
        data["form-1-star_level__min"] = "4"
        data["form-1-star_level__max"] = "2"
        data["form-3-quadrant__year"] = "2024"
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ระดับดาว: ช่วงต้องอยู่ใน ๑–๕")
        self.assertContains(response, "หมายถึง ๒๕๖๗?")
        self.assertEqual(self.tiers(), before)

    def test_changing_a_kind_without_javascript_redisplays_that_kinds_fields(self):
        before = self.tiers()
        data = self.shown_data()
        data["form-2-kind"] = "not_target"
        data["refresh"] = "form-2"
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="form-2-not_target__program"')
        self.assertNotContains(response, 'name="form-2-not_participant__program"')
        self.assertNotContains(response, "กรุณาระบุ")
        self.assertEqual(self.tiers(), before)

    def test_add_row_gives_one_more_blank_row(self):
        data = self.shown_data()
        data["add_row"] = "1"
        response = self.post(data)
        self.assertEqual(response.context["formset"].total_form_count(), 7)
        self.assertNotContains(response, "กรุณา")

    def test_the_htmx_swap_serves_the_fields_of_the_chosen_kind(self):
        url = reverse("selection:round_rules_fields", args=["kbo-ed"])
        response = self.client.get(url, {"prefix": "form-3", "form-3-kind": "star_level"})
        self.assertContains(response, 'name="form-3-star_level__min"')
        self.assertContains(response, "ล่าสุดไม่เกินปีที่ระบุ")
        self.assertNotContains(response, "<html")
        bad = self.client.get(url, {"prefix": '"><script>', "form-3-kind": "star_level"})
        self.assertEqual(bad.status_code, 404)

    def test_other_provinces_officers_and_open_rounds_get_404(self):
        fields = reverse("selection:round_rules_fields", args=["kbo-ed"])
        for username in ("outsider", "officer"):
            self.client.login(username=username, password=PASSWORD)
            with self.subTest(username=username):
                self.assertEqual(self.post(self.row_data()).status_code, 404)
                self.assertEqual(self.client.get(fields, {"prefix": "form-0"}).status_code, 404)
        self.client.login(username="staff", password=PASSWORD)
        url = reverse("selection:round_rules", args=["kbo-open"])
        self.assertEqual(self.client.post(url, dict(self.row_data().lists())).status_code, 404)
        self.assertEqual(len(self.tiers()[1]), 3)

    def row_data(self):
        data = row("category", categories=["food"])
        data.update({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"})
        return data

    def test_admins_may_edit_any_province(self):
        self.client.login(username="admin", password=PASSWORD)
        url = reverse("selection:round_rules", args=["kbo-cr"])
        response = self.client.post(url, dict(self.row_data().lists()))
        self.assertEqual(response.status_code, 302)


class SeedRoundsInTheEditorTestCase(BaseTestCase):
    """Every seed round's rules survive the editor unchanged (params and typed sentences)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from demo.rounds import seed_round_definitions
        from registry.models import Province
        from selection.services import round_set_rules

        for spec in (d.round for d in seed_round_definitions()):
            province = Province.objects.get(code=spec.province)
            round_ = make_round(spec.program, spec.fiscal_year, province, slug=spec.slug)
            round_set_rules(round_=round_, tiers=spec.tiers)

    def test_posting_each_seed_round_unchanged_keeps_its_rules(self):
        self.client.login(username="admin", password=PASSWORD)
        for round_ in Round.objects.all():
            before = rules_of(round_)
            url = reverse("selection:round_rules", args=[round_.slug])
            data = shown_data(self.client.get(url).context)
            with self.subTest(round=round_.slug):
                response = self.client.post(url, dict(data.lists()))
                self.assertEqual(response.status_code, 302)
                self.assertEqual(rules_of(round_), before)


def rules_of(round_):
    return [
        (
            t.order,
            t.title,
            [(c.kind, c.params, c.any_group, c.explanation) for c in t.criteria.all()],
        )
        for t in round_.tiers.prefetch_related("criteria")
    ]
