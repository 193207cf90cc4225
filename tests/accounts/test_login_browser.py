import pytest
from playwright.sync_api import expect

from accounts.models import Role
from registry.models import District
from tests.base import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_logs_in_and_sees_their_district(page, live_server, login):
    make_user("officer", Role.DISTRICT_OFFICER, district=District.objects.get(code="5601"))

    login(page, "officer")

    assert "เมืองพะเยา" in page.get_by_test_id("scope").inner_text()
    assert "พะเยา" in page.get_by_test_id("scope").inner_text()


def test_a_wrong_password_gets_a_thai_message(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("nobody")
    page.get_by_label("รหัสผ่าน").fill("wrong")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    # after a click the next page may still be loading: wait for the text
    expect(page.locator("body")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
