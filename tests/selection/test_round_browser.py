"""A provincial staff member prepares a draft round in the browser: edits a criterion's
parameters (no JSON), sees the what-if counts change, enters the quotas in the grid and
opens the round; and a round whose validation fails stays a draft with the Thai reason."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from accounts.models import Role
from registry.models import District, Province
from selection.models import Round, RoundStatus
from tests.base import make_producer, make_product, make_user
from tests.selection.data import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIER_1 = [
    ("producer_type", {"types": ["group"]}),
    ("star_level", {"min": 1, "max": 3, "year": 2567}),
    ("not_participant", {"program": "KBO", "fiscal_year": 2567}),
]
# Quotas typed into the grid: seed 001's register (total 20).
REGISTER = {
    "เมืองพะเยา": 6,
    "แม่ใจ": 2,
    "ภูกามยาว": 1,
    "ดอกคำใต้": 4,
    "จุน": 1,
    "ปง": 2,
    "เชียงม่วน": 1,
    "เชียงคำ": 1,
    "ภูซาง": 2,
}


@pytest.fixture
def draft_round():
    # A transactional test flushes the programs of the data migration too: put them back.
    importlib.import_module("selection.migrations.0002_programs").create_programs(apps, None)
    phayao = Province.objects.get(code="56")
    make_user("staff", Role.PROVINCIAL_STAFF, province=phayao)
    round_ = make_round(
        "KBO",
        2568,
        phayao,
        slug="kbo-2568-py",
        tiers=[TIER_1],
        letter_date=dt.date(2024, 12, 5),
        deadline=dt.date(2025, 1, 15),
    )
    mueang = District.objects.get(code="5601")
    # In เมืองพะเยา: one group rated 2 stars in 2567 (tier 1 as written), and two rated
    # 4 and 5 stars that only a 1–5 range lets in.
    make_product("B1A", make_producer("B1", mueang), stars={2567: 2})
    make_product("B2A", make_producer("B2", mueang), stars={2567: 4})
    make_product("B3A", make_producer("B3", mueang), stars={2567: 5})
    return round_


def tier1_count(page, live_server, district_name):
    page.goto(f"{live_server.url}/allocations/rounds/kbo-2568-py/preview/")
    row = page.get_by_role("row").filter(has_text=district_name)
    return row.get_by_role("cell").nth(2).inner_text().strip()


def fill_quotas(page, live_server, register):
    page.goto(f"{live_server.url}/allocations/rounds/kbo-2568-py/quotas/")
    for name, amount in register.items():
        page.get_by_label(f"จำนวน อำเภอ{name}", exact=True).fill(str(amount))
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url("**/quotas/")


def open_round(page, live_server):
    page.goto(f"{live_server.url}/selection/rounds/kbo-2568-py/")
    page.get_by_role("button", name="เปิดรอบ").click()
    page.wait_for_load_state()


def test_staff_edit_a_rule_see_the_counts_change_enter_quotas_and_open_the_round(
    page, live_server, login, draft_round
):
    login(page, "staff")
    assert tier1_count(page, live_server, "เมืองพะเยา") == "1"

    page.goto(f"{live_server.url}/selection/rounds/kbo-2568-py/rules/")
    # With JavaScript the kind swap is automatic: the no-JS "show the fields" buttons hide.
    assert page.locator("[data-nojs-refresh]").first.is_hidden()
    stars = page.get_by_test_id("criterion-1")
    stars.get_by_label("ระดับดาวสูงสุด").select_option("5")
    # A blank row: choosing its kind swaps in that kind's fields (htmx, served locally).
    new_row = page.get_by_test_id("criterion-3")
    new_row.get_by_label("ชนิดเกณฑ์").select_option("category")
    new_row.get_by_label("อาหาร", exact=True).check()
    page.get_by_role("button", name="บันทึกเกณฑ์").click()
    page.wait_for_url("**/rounds/kbo-2568-py/")
    assert "มีระดับ ๑–๕ ดาว ปี ๒๕๖๗" in page.content()
    assert "เป็นประเภท อาหาร" in page.content()

    assert tier1_count(page, live_server, "เมืองพะเยา") == "3"

    fill_quotas(page, live_server, REGISTER)
    assert "รวมทั้งจังหวัด 20" in page.locator("main").inner_text()

    open_round(page, live_server)
    assert "สถานะรอบ: เปิดรับการคัดเลือก" in page.locator("main").inner_text()
    assert Round.objects.get(slug="kbo-2568-py").status == RoundStatus.OPEN


def test_validation_keeps_the_round_a_draft_and_says_why_in_thai(
    page, live_server, login, draft_round
):
    login(page, "staff")
    fill_quotas(page, live_server, {k: v for k, v in REGISTER.items() if k != "ภูซาง"})

    open_round(page, live_server)
    main = page.locator("main").inner_text()
    assert "ยังไม่มีจำนวนจัดสรรของ ๑ อำเภอ: ภูซาง" in main
    assert page.get_by_role("alert").filter(has_text="ภูซาง").is_visible()
    assert Round.objects.get(slug="kbo-2568-py").status == RoundStatus.DRAFT
