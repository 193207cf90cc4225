"""Every form that edits a round's existing settings, saved unchanged in a real browser,
changes nothing: the letter editor, the rules editor, the quota grid and the OPC settings
(stage dates once came back empty from <input type="date"> and were erased).

One browser page for the whole walk; the rounds have every field filled."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from playwright.sync_api import expect

from accounts.models import Role
from allocations.models import Quota, QuotaKind
from changelog.models import ChangeLog
from documents.models import Letter
from registry.models import Province
from selection.models import Criterion, Round, Tier
from selection.services import round_set_rules, rules_snapshot
from tests.base import make_user
from tests.documents.data import make_seed_round
from tests.opc.data import make_opc_round
from tests.opc.test_settings_changes import filled_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def programs():
    """Transactional tests flush the programs the data migration made: make them again."""
    importlib.import_module("selection.migrations.0002_programs").create_programs(apps, None)


def snapshot(round_: Round) -> dict:
    """Everything a settings form could touch, as stored."""
    round_ = Round.objects.get(pk=round_.pk)
    fields = model_to_dict(round_, exclude=["id"])
    letter = Letter.objects.filter(round=round_).first()
    if letter is not None:  # the round's circular letter (documents.Letter)
        fields.update(model_to_dict(letter, exclude=["round"]))
    tiers = [
        (
            t.order,
            t.title,
            [
                (c.order, c.kind, c.params, c.explanation, c.any_group)
                for c in Criterion.objects.filter(tier=t)
            ],
        )
        for t in Tier.objects.filter(round=round_)
    ]
    quotas = sorted(
        Quota.objects.filter(round=round_).values_list("district_id", "amount", "kind", "remark")
    )
    return {"round": fields, "tiers": tiers, "quotas": quotas}


def differences(old: dict, new: dict) -> dict:
    """{what: (before, after)} of every stored value that changed."""
    changed = {k: (v, new["round"][k]) for k, v in old["round"].items() if v != new["round"][k]}
    for part in ("tiers", "quotas"):
        for index, (a, b) in enumerate(zip(old[part], new[part], strict=False)):
            if a != b:
                changed[f"{part}[{index}]"] = (a, b)
        if len(old[part]) != len(new[part]):
            changed[part] = (len(old[part]), len(new[part]))
    return changed


def every_field_filled(province) -> Round:
    """Seed 001's round with the fields the seed leaves blank filled in too: enclosures,
    tier titles, an "or" group, a quota kind and remark on every district."""
    round_ = make_seed_round(
        province,
        enclosures=[
            {"title": "แนวทางการคัดเลือก", "count": "๑ ฉบับ"},
            {"title": "ทะเบียนจัดสรรกลุ่มเป้าหมาย", "count": "๒ ฉบับ"},
        ],
        max_products_per_producer=2,
    )
    Tier.objects.filter(round=round_, order=1).update(title="เกณฑ์หลัก")
    Tier.objects.filter(round=round_, order=2).update(title="เกณฑ์สำรอง")
    tier = Tier.objects.get(round=round_, order=2)
    Criterion.objects.create(
        tier=tier,
        order=5,
        kind="star_level",
        any_group=1,
        params={"min": 1, "max": 3, "year": 2567, "latest": True},
        explanation="หรือมีผลิตภัณฑ์ระดับ 1 – 3 ดาว (ล่าสุดถึงปี 2567)",
    )
    Criterion.objects.filter(tier=tier, kind="quadrant").update(any_group=1)
    # Parameters as the rules editor stores them (each kind's defaults filled in).
    round_set_rules(round_=round_, tiers=rules_snapshot(round_))
    for index, quota in enumerate(Quota.objects.filter(round=round_)):
        quota.kind = QuotaKind.AT_LEAST if index % 2 else QuotaKind.EXACT
        quota.remark = f"หมายเหตุ {index + 1}"
        quota.save()
    return round_


def test_every_settings_form_saved_unchanged_changes_nothing(page, live_server, login):
    phayao = Province.objects.get(code="56")
    make_user("b_staff", Role.PROVINCIAL_STAFF, province=phayao)
    kbo = every_field_filled(phayao)
    opc = make_opc_round(
        phayao,
        fiscal_year=2565,
        status="draft",
        slug="opc-2565-56",
        settings=filled_settings(),
        letter_number="พย 0019.2/ว 100",
        letter_date=dt.date(2022, 3, 1),
        deadline=dt.date(2022, 4, 29),
        subject="การคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย ปี ๒๕๖๕",
    )
    round_set_rules(round_=opc, tiers=rules_snapshot(opc))  # explanations as the editor writes them
    logged = ChangeLog.objects.count()
    before = {kbo.slug: snapshot(kbo), opc.slug: snapshot(opc)}
    login(page, "b_staff")
    base = live_server.url

    def letter(round_):  # saves to the letter preview: a print page, no flash messages
        edit = f"/documents/rounds/{round_.slug}/letter/edit/"
        return round_, edit, "บันทึกข้อมูลหนังสือ", f"/documents/rounds/{round_.slug}/letter/", ""

    def rules(round_):
        rules_page, round_page = (
            f"/selection/rounds/{round_.slug}/rules/",
            f"/selection/rounds/{round_.slug}/",
        )
        return round_, rules_page, "บันทึกเกณฑ์", round_page, "บันทึกเกณฑ์แล้ว"

    def quotas(round_):
        grid = f"/allocations/rounds/{round_.slug}/quotas/"
        return round_, grid, "บันทึก", grid, "บันทึกจำนวนจัดสรรแล้ว"

    def opc_settings(round_):
        settings, round_page = f"/opc/rounds/{round_.slug}/settings/", f"/opc/rounds/{round_.slug}/"
        return round_, settings, "บันทึก", round_page, "บันทึกค่าตั้งของรอบแล้ว"

    # (round, page, save button, page it saves to, text there)
    forms = [letter(kbo), rules(kbo), quotas(kbo), opc_settings(opc), letter(opc), rules(opc)]
    for round_, path, button, after, saved in forms:
        page.goto(base + path)
        if path.endswith("/settings/"):  # the dates the browser shows and will post: BE
            briefing = page.get_by_label("ประชุมชี้แจงทำความเข้าใจผู้ที่เกี่ยวข้อง: วันเริ่ม")
            expect(briefing).to_have_value("31/3/2565")
        page.locator("main form").get_by_role("button", name=button, exact=True).click()
        # after a click the next page may still be loading: wait for it
        page.wait_for_url(base + after)
        expect(page.locator("body")).to_contain_text(saved)
        assert differences(before[round_.slug], snapshot(round_)) == {}, path
    assert ChangeLog.objects.count() == logged  # nothing changed, nothing logged
    page.goto(f"{base}/opc/rounds/{opc.slug}/")
    expect(page.locator("main")).to_contain_text("๓๑ มีนาคม ๒๕๖๕")
