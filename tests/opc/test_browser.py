"""In a real browser: an officer enters an application, a committee member scores it,
provincial staff publish, and the star level lands in the registry."""

import pytest

from accounts.models import Role
from opc.models import Application
from registry.models import District, Province, StarRating
from tests.base import make_producer, make_product, make_user
from tests.opc.data import add_member, make_opc_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_score_and_publish_an_application(browser, live_server, login, programs):
    mueang = District.objects.get(code="5601")
    make_user("b_officer", Role.DISTRICT_OFFICER, district=mueang)
    staff = make_user("b_staff", Role.PROVINCIAL_STAFF, province=Province.objects.get(code="56"))
    member = make_user(
        "b_member", Role.DISTRICT_OFFICER, district=District.objects.get(code="5607")
    )
    round_ = make_opc_round(Province.objects.get(code="56"), fiscal_year=2567)
    add_member(round_, member, "chair")
    producer = make_producer("BR1", mueang, name="กลุ่มทอผ้าบ้านทดสอบ")
    product = make_product("BR1-1", producer, name="ผ้าทอลายน้ำไหล")
    base = f"{live_server.url}/opc/rounds/{round_.slug}"

    def as_user(username):
        context = browser.new_context(locale="th-TH")
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, username)
        return context, page

    # 1. The district officer enters the application (choosing the producer reloads).
    context, page = as_user("b_officer")
    page.goto(f"{base}/applications/new/")
    page.get_by_label("ผู้ผลิต").select_option(label=str(producer))
    page.wait_for_url("**producer=*")
    page.get_by_label("ผ้าทอลายน้ำไหล").check()
    page.get_by_role("button", name="บันทึกใบสมัคร").click()
    assert "บันทึกใบสมัครแล้ว" in page.content()
    context.close()
    application = Application.objects.get(round=round_, producer=producer)

    # 2. The committee chair scores it: 18 + 22 + 45.5 = 85.5 → four stars.
    context, page = as_user("b_member")
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_label("ด้านการผลิตและความเข้มแข็งของชุมชน", exact=False).fill("18")
    page.get_by_label("ด้านการตลาดและความเป็นมาของผลิตภัณฑ์", exact=False).fill("22")
    page.get_by_label("ด้านคุณภาพของผลิตภัณฑ์", exact=False).fill("45.5")
    page.get_by_role("button", name="บันทึกคะแนน").click()
    assert page.get_by_test_id("total").inner_text().startswith("85.50")
    context.close()

    # 3. Provincial staff publish into the registry.
    context, page = as_user("b_staff")
    page.goto(f"{base}/")
    page.get_by_role("button", name="ประกาศผลและบันทึกระดับดาวลงทะเบียน").click()
    assert "เพิ่มใหม่ 1" in page.content()
    context.close()

    rating = StarRating.objects.get(product=product, year=2567)
    assert (rating.stars, str(rating.score)) == (4, "85.50")
    assert round_.opc_publications.get().published_by == staff
