"""The producer pages in a real browser: search and open a producer with the keyboard, the
list on a 375 px phone, and an admin's province choice reloading the district list (htmx)."""

import pytest

from accounts.models import Role
from registry.models import District, ProducerType
from tests.base import make_producer, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry():
    mueang, mae_chai = District.objects.get(code="5601"), District.objects.get(code="5607")
    weaver = make_producer("560107-0001", mueang, name="กลุ่มทอผ้าบ้านต๋อม")
    make_product("560107-0001-P1", weaver, name="ผ้าทอลายน้ำไหล", stars={2566: 3, 2567: 4})
    make_producer("560701-0001", mae_chai, name="ร้านน้ำพริกแม่ใจ", producer_type=ProducerType.SME)
    make_producer("570101-0001", District.objects.get(code="5701"), name="กลุ่มทอผ้าเชียงราย")
    return weaver


def test_an_officer_searches_the_registry_and_opens_a_producer(page, live_server, login, registry):
    make_user("officer", Role.DISTRICT_OFFICER, district=District.objects.get(code="5601"))
    login(page, "officer")

    page.get_by_role("link", name="ทะเบียนผู้ผลิต").first.click()
    page.get_by_role("heading", name="ทะเบียนผู้ผลิต OTOP").wait_for()
    # the officer's own district first, and the page says so
    assert "พบผู้ผลิต 1 ราย" in page.get_by_test_id("result-count").inner_text()
    assert "เฉพาะผู้ผลิตในอำเภอเมืองพะเยา" in page.get_by_test_id("list-scope").inner_text()
    # widened: the whole province, not the other province's weavers
    page.get_by_role("link", name="ทั้งจังหวัดพะเยา").click()
    page.wait_for_url("**/registry/producers/?scope=province")
    assert "พบผู้ผลิต 2 ราย" in page.get_by_test_id("result-count").inner_text()

    search = page.get_by_label("ค้นหา", exact=True)
    search.fill("ทอผ้า")
    search.press("Enter")  # keyboard submit, still in the province
    page.wait_for_url("**/registry/producers/?scope=province&q=*")
    assert "พบผู้ผลิต 1 ราย" in page.get_by_test_id("result-count").inner_text()
    assert "กลุ่มทอผ้าเชียงราย" not in page.content()

    link = page.get_by_role("link", name="กลุ่มทอผ้าบ้านต๋อม")
    link.focus()
    page.keyboard.press("Enter")
    # the detail keeps the scope and search for its way back to the list
    page.wait_for_url(f"**/registry/producers/{registry.pk}/?back=scope%3Dprovince%26q%3D*")
    assert page.get_by_role("heading", level=1).inner_text() == "กลุ่มทอผ้าบ้านต๋อม"
    assert "ผ้าทอลายน้ำไหล" in page.content()
    assert page.get_by_role("cell", name="4 ดาว").is_visible()


def test_the_list_fits_a_phone_screen(page, live_server, login, registry):
    make_user("staff", Role.PROVINCIAL_STAFF, province=District.objects.get(code="5601").province)
    login(page, "staff")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/registry/producers/?producer_type=group")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # the filter panel is open (a filter is set) and its fields are reachable
    assert page.get_by_label("ประเภทผู้ผลิต").is_visible()
    assert page.get_by_role("link", name="กลุ่มทอผ้าบ้านต๋อม").is_visible()


def test_an_admins_province_choice_reloads_the_districts(page, live_server, login, registry):
    make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)
    login(page, "admin")
    page.goto(f"{live_server.url}/registry/producers/")
    page.locator("summary").click()

    page.get_by_label("จังหวัด", exact=True).select_option("57")
    district = page.get_by_label("อำเภอ", exact=True)
    district.locator("option[value='5701']").wait_for(state="attached")
    district.select_option("5701")
    page.get_by_role("button", name="ใช้ตัวกรอง").click()
    page.wait_for_url("**/registry/producers/?*district=5701*")
    assert "พบผู้ผลิต 1 ราย" in page.get_by_test_id("result-count").inner_text()
    assert page.get_by_role("link", name="กลุ่มทอผ้าเชียงราย").is_visible()
