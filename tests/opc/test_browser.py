"""In a real browser: an officer enters an application, a committee member scores it,
provincial staff publish, and the star level lands in the registry."""

import pytest
from playwright.sync_api import expect

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
    # after a click the next page may still be loading: wait for the text
    expect(page.locator("body")).to_contain_text("บันทึกใบสมัครแล้ว")
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
    # after a click the next page may still be loading: wait for the text
    expect(page.locator("body")).to_contain_text("เพิ่มใหม่ 1")
    context.close()

    rating = StarRating.objects.get(product=product, year=2567)
    assert (rating.stars, str(rating.score)) == (4, "85.50")
    assert round_.opc_publications.get().published_by == staff


def test_staff_pick_one_product_per_category_and_a_second_pick_is_refused(
    browser, live_server, login, programs
):
    from opc.models import PsoPick
    from tests.opc.data import make_pso_round

    phayao = Province.objects.get(code="56")
    make_user("p_staff", Role.PROVINCIAL_STAFF, province=phayao)
    round_ = make_pso_round(phayao, fiscal_year=2568)
    producer = make_producer("PB1", District.objects.get(code="5601"), name="กลุ่มแม่บ้านทดสอบ")
    food5 = make_product("PB1-1", producer, name="ข้าวแต๋นน้ำแตงโม", stars={2567: 5})
    food4 = make_product("PB1-2", producer, name="น้ำพริกตาแดง", stars={2567: 4})
    drink = make_product("PB1-3", producer, name="ชาใบหม่อน", category="drink", stars={2566: 3})
    url = f"{live_server.url}/opc/pso/{round_.slug}/"

    def pick(page, category, product, remark):
        row = page.locator(f"section[data-category={category}] tr", has_text=product.code)
        row.get_by_label("เหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด").fill(remark)
        row.get_by_role("button", name="เลือก").click()
        page.wait_for_load_state()

    context = browser.new_context(locale="th-TH")
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.set_default_timeout(10_000)
    login(first, "p_staff")
    second.goto(url)  # a second tab opened before the first pick (same session)
    first.goto(url)

    # Candidates are ranked by the latest star level: five stars first.
    food_rows = first.locator("section[data-category=food] tbody tr")
    assert food_rows.nth(0).inner_text().count("PB1-1") == 1
    pick(first, "food", food5, "ข้าวแต๋นสูตรดั้งเดิมของจังหวัด")
    assert "เลือก ข้าวแต๋นน้ำแตงโม แล้ว" in first.content()
    food = first.locator("section[data-category=food]")
    assert "ข้าวแต๋นสูตรดั้งเดิมของจังหวัด" in food.inner_text()
    assert food.get_by_role("button", name="เลือก").count() == 0  # the category is done

    # The stale tab still offers the food candidates: the second food pick is refused.
    pick(second, "food", food4, "อีกหนึ่งผลิตภัณฑ์")
    assert "ประเภทนี้เลือกผลิตภัณฑ์แล้ว (ประเภทละ ๑ ผลิตภัณฑ์)" in second.content()
    pick(second, "drink", drink, "ชาใบหม่อนปลูกในพะเยา")
    assert "เลือก ชาใบหม่อน แล้ว" in second.content()
    context.close()

    picks = {p.category: (p.product_id, p.remark) for p in PsoPick.objects.filter(round=round_)}
    assert picks == {
        "food": (food5.pk, "ข้าวแต๋นสูตรดั้งเดิมของจังหวัด"),
        "drink": (drink.pk, "ชาใบหม่อนปลูกในพะเยา"),
    }
