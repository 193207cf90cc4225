"""End to end in headless Chromium: the district's flow, the province's review, a phone
width and the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from nominations import services
from nominations.models import Nomination, Submission
from registry.models import District, Province
from tests.base import make_user
from tests.nominations.data import build_registry, build_round, ensure_programs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Case:
    def __init__(self):
        ensure_programs()
        self.phayao = Province.objects.get(code="56")
        self.mueang = District.objects.get(code="5601")
        self.mae_chai = District.objects.get(code="5607")


@pytest.fixture
def world(transactional_db):
    case = _Case()
    case.round = build_round(case)
    case.p = build_registry(case)
    case.officer = make_user("officer", Role.DISTRICT_OFFICER, district=case.mueang)
    case.staff = make_user("staff", Role.PROVINCIAL_STAFF, province=case.phayao)
    return case


def work_url(live_server):
    return f"{live_server.url}/nominations/rounds/kbo-nom/districts/5601/"


def nominate(page, name):
    page.get_by_role("button", name=f"เสนอชื่อ {name}", exact=True).click()


def test_the_district_nominates_up_to_quota_and_submits(page, live_server, login, world):
    login(page, "officer")
    panel = page.get_by_test_id("open-rounds")
    expect(panel).to_contain_text("อีก ๑๐ วัน")
    panel.get_by_role("link", name=re.compile("เปิดหน้าเสนอชื่อ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("เมืองพะเยา")

    nominate(page, "กลุ่ม M1")
    expect(page.get_by_test_id("count")).to_have_text("๑")
    page.get_by_role("button", name="ส่งรายชื่อให้จังหวัด").click()
    expect(page.get_by_test_id("error")).to_contain_text("ยังขาดอีก ๑ ราย")

    nominate(page, "กลุ่ม M2")
    expect(page.get_by_test_id("count")).to_have_text("๒")
    # the quota is full: no more nominate buttons
    expect(page.get_by_role("button", name="เสนอชื่อ กลุ่ม M3", exact=True)).to_have_count(0)
    page.get_by_role("button", name="ส่งรายชื่อให้จังหวัด").click()
    expect(page.get_by_test_id("status")).to_have_text("ส่งแล้ว รอตรวจ")
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("ถอนชื่อ"))).to_have_count(0)
    assert Submission.objects.get(district_id="5601").status == "submitted"


def test_the_province_returns_the_district_fixes_and_the_province_approves(
    page, browser, live_server, login, world
):
    for name in ("M1", "M2"):
        services.nomination_add(
            round_=world.round,
            district_code="5601",
            candidate_pk=world.p[name].pk,
            by=world.officer,
        )
    submission = Submission.objects.get(district_id="5601")
    submission.round = world.round
    services.submission_submit(submission=submission, by=world.officer)

    login(page, "staff")
    page.get_by_test_id("open-rounds").get_by_role("link", name=re.compile("ติดตามผล")).click()
    row = page.locator("tr[data-district='5601']")
    expect(row).to_contain_text("ส่งแล้ว รอตรวจ")
    row.get_by_role("link", name=re.compile("ดูรายชื่อ")).click()
    page.get_by_label("ความเห็น (สิ่งที่อำเภอต้องแก้ไข)").fill("ให้ M2 เป็นลำดับแรก")
    page.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    expect(page.get_by_test_id("status")).to_have_text("ส่งกลับให้แก้ไข")

    district = browser.new_context(locale="th-TH")
    officer_page = district.new_page()
    login(officer_page, "officer")
    officer_page.goto(work_url(live_server))
    expect(officer_page.get_by_test_id("return-comment")).to_contain_text("ให้ M2 เป็นลำดับแรก")
    officer_page.get_by_role("button", name="↑ เลื่อนขึ้น กลุ่ม M2").click()
    expect(officer_page.get_by_test_id("nomination").first).to_contain_text("กลุ่ม M2")
    officer_page.get_by_role("button", name="ส่งรายชื่อให้จังหวัด").click()
    expect(officer_page.get_by_test_id("status")).to_have_text("ส่งแล้ว รอตรวจ")
    district.close()

    page.reload()
    expect(page.get_by_test_id("timeline")).to_contain_text("เปลี่ยนลำดับ “กลุ่ม M2”")
    page.get_by_role("button", name="อนุมัติรายชื่อ").click()
    expect(page.get_by_test_id("status")).to_have_text("อนุมัติแล้ว")
    page.get_by_role("link", name=re.compile("ผลการเสนอชื่อทั้งจังหวัด")).click()
    expect(page.locator("tr[data-district='5601']")).to_contain_text("อนุมัติแล้ว")


def test_the_round_page_fits_a_375_px_phone(browser, live_server, login, world):
    context = browser.new_context(locale="th-TH", viewport={"width": 375, "height": 800})
    page = context.new_page()
    login(page, "officer")
    page.goto(work_url(live_server))
    nominate(page, "กลุ่ม M1")
    expect(page.get_by_test_id("count")).to_have_text("๑")
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_every_action_is_reachable_by_tab_and_every_field_is_labelled(
    page, live_server, login, world
):
    login(page, "officer")
    page.goto(work_url(live_server))
    nominate(page, "กลุ่ม M1")
    expect(page.get_by_test_id("count")).to_have_text("๑")

    fields = "main input:not([type=hidden]), main select, main textarea"
    unlabelled = page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(el => !(el.labels && el.labels.length)"
        " && !el.getAttribute('aria-label')).map(el => el.outerHTML)",
        fields,
    )
    assert unlabelled == []

    actions = (
        "#work button:not([disabled]), #work a[href], #work input:not([type=hidden]),"
        " #work select, #work textarea, #work summary"
    )
    targets = page.evaluate(
        "sel => [...document.querySelectorAll(sel)]"
        ".map((el, i) => { el.dataset.tabProbe = i; return i; })",
        actions,
    )
    reached = set()
    page.locator("body").focus()
    for _ in range(len(targets) * 2 + 60):
        page.keyboard.press("Tab")
        probe = page.evaluate("document.activeElement && document.activeElement.dataset.tabProbe")
        if probe is not None:
            reached.add(int(probe))
        if reached == set(targets):
            break
    assert reached == set(targets)

    # and an action done with the keyboard alone: focus M2's nominate button, press Enter
    button = page.get_by_role("button", name="เสนอชื่อ กลุ่ม M2", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("count")).to_have_text("๒")


def test_the_dashboard_fits_a_375_px_phone(browser, live_server, login, world):
    # The table scrolls inside its box; nothing in it (the links' screen-reader text
    # included) may widen the page itself.
    context = browser.new_context(locale="th-TH", viewport={"width": 375, "height": 800})
    page = context.new_page()
    login(page, "staff")
    page.goto(f"{live_server.url}/nominations/rounds/kbo-nom/")
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_withdrawing_what_another_tab_already_withdrew_shows_the_thai_message(
    page, live_server, login, world
):
    for name in ("M1", "M2"):
        services.nomination_add(
            round_=world.round,
            district_code="5601",
            candidate_pk=world.p[name].pk,
            by=world.officer,
        )
    login(page, "officer")
    page.goto(work_url(live_server))
    # Another tab (or a colleague) withdraws M1 after this page was loaded.
    nomination = Nomination.objects.get(round=world.round, producer=world.p["M1"])
    nomination.round = world.round
    services.nomination_remove(nomination=nomination, by=world.officer)

    page.get_by_role("button", name="ถอนชื่อ กลุ่ม M1", exact=True).click()
    # htmx swaps the 409's working area in: the message, and the list as it is now.
    expect(page.get_by_test_id("error")).to_have_text("รายชื่อนี้ถูกถอนหรือเปลี่ยนแปลงไปแล้ว โปรดโหลดหน้าใหม่")
    expect(page.get_by_test_id("nomination")).to_have_count(1)
    expect(page.get_by_test_id("count")).to_have_text("๑")
