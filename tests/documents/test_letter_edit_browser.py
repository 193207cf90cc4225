"""The letter editor in a browser: from the round page, a BE date typed, the preview."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from accounts.models import Role
from registry.models import Province
from selection.models import Round
from tests.base import make_user
from tests.documents.data import make_seed_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def programs():
    """Transactional tests flush the programs the data migration made: make them again."""
    importlib.import_module("selection.migrations.0002_programs").create_programs(apps, None)


def test_staff_edit_the_letter_from_the_round_page_and_see_it_in_the_preview(
    page, live_server, login
):
    phayao = Province.objects.get(code="56")
    make_user("staff", Role.PROVINCIAL_STAFF, province=phayao)
    round_ = make_seed_round(phayao)
    login(page, "staff")

    page.goto(f"{live_server.url}/selection/rounds/{round_.slug}/")
    page.get_by_role("link", name="แก้ไขข้อมูลหนังสือเวียน").click()
    assert page.get_by_label("ลงวันที่").input_value() == "5/12/2567"
    page.get_by_label("ลงวันที่").fill("๖/๑/๒๕๖๘")
    page.get_by_label("กำหนดส่งแบบรายงาน").fill("20 ม.ค. 68")
    page.get_by_label("คำขวัญ").fill("คำขวัญจากเบราว์เซอร์")
    page.get_by_role("button", name="บันทึกข้อมูลหนังสือ").click()

    page.wait_for_url(f"**/documents/rounds/{round_.slug}/letter/")
    text = page.locator("body").inner_text().replace("\u200b", "").replace("\u00a0", " ")
    assert "๖ มกราคม ๒๕๖๘" in text
    assert "ภายในวันที่ ๒๐ มกราคม ๒๕๖๘" in text
    assert "คำขวัญจากเบราว์เซอร์" in text
    saved = Round.objects.get(pk=round_.pk)
    assert (saved.letter.letter_date.isoformat(), saved.deadline.isoformat()) == (
        "2025-01-06",
        "2025-01-20",
    )
    page.screenshot(path="/tmp/doc6/preview.png", full_page=False)


def test_a_ce_year_is_refused_on_the_page_in_thai(page, live_server, login):
    phayao = Province.objects.get(code="56")
    make_user("staff", Role.PROVINCIAL_STAFF, province=phayao)
    round_ = make_seed_round(phayao)
    login(page, "staff")

    page.goto(f"{live_server.url}/documents/rounds/{round_.slug}/letter/edit/")
    page.get_by_label("ลงวันที่").fill("6/1/2025")
    page.get_by_role("button", name="บันทึกข้อมูลหนังสือ").click()
    # after a click the next page may still be loading: wait for the text
    expect(page.locator("body")).to_contain_text("ดูเหมือนเป็นปี ค.ศ.")
    page.screenshot(path="/tmp/doc6/edit.png", full_page=True)
