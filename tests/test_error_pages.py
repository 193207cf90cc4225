"""The 400, 403, 404 and 500 pages: Thai (English with the language cookie), inside the
site's layout, with a way back; never Django's bare "403 Forbidden" or "Server Error".

The module is also the URLconf of its tests: the site's URLs plus views that fail.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from otop_site.urls import handler403, handler404, handler500  # noqa: F401 (this URLconf's)
from otop_site.urls import urlpatterns as site_urlpatterns
from otop_site.views import server_error
from tests.base import BaseTestCase


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่นำเข้าข้อมูลได้")


urlpatterns = [path("test-boom/", _boom), path("test-forbidden/", _forbidden), *site_urlpatterns]

BARE = [
    "403 Forbidden",
    "<h1>Forbidden",
    "Not Found</h1>",
    "Server Error (500)",
    "CSRF verification failed",
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPagesTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.officer)

    def english(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def assertInLayout(self, response, status):
        self.assertEqual(response.status_code, status)
        self.assertContains(response, 'class="navbar-brand" href="/"', status_code=status)
        self.assertContains(response, "<footer", status_code=status)
        self.assertContains(response, 'data-testid="error-links"', status_code=status)
        for bare in BARE:
            self.assertNotContains(response, bare, status_code=status)

    # -- 404 ------------------------------------------------------------------------------

    def test_404_is_thai_inside_the_layout_with_the_menu(self):
        response = self.client.get("/no-such-page/")
        self.assertInLayout(response, 404)
        self.assertContains(response, '<html lang="th">', status_code=404)
        self.assertContains(response, '<h1 class="h3 mb-3">ไม่พบหน้าที่ต้องการ</h1>', status_code=404)
        self.assertContains(response, "ออกจากระบบ", status_code=404)  # the user's menu
        self.assertContains(response, ">หน้าแรก</a>", status_code=404)

    def test_404_is_english_with_the_language_cookie(self):
        self.english()
        response = self.client.get("/no-such-page/")
        self.assertInLayout(response, 404)
        self.assertContains(response, '<html lang="en">', status_code=404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, ">Home</a>", status_code=404)

    def test_404_for_another_districts_object_is_the_same_page(self):
        response = self.client.get("/selection/rounds/no-such-round/")
        self.assertInLayout(response, 404)
        self.assertContains(response, "ไม่พบหน้าที่ต้องการ", status_code=404)

    def test_the_page_links_back_to_the_previous_page_of_this_site_only(self):
        page = self.client.get(
            "/no-such-page/", HTTP_REFERER="http://testserver/registry/producers/"
        )
        self.assertContains(page, 'href="http://testserver/registry/producers/"', status_code=404)
        self.assertContains(page, ">กลับ</a>", status_code=404)
        elsewhere = self.client.get("/no-such-page/", HTTP_REFERER="https://evil.example/x")
        self.assertNotContains(elsewhere, "evil.example", status_code=404)
        self.assertNotContains(elsewhere, ">กลับ</a>", status_code=404)

    # -- 403 ------------------------------------------------------------------------------

    def test_403_is_thai_inside_the_layout_with_the_reason(self):
        response = self.client.get("/test-forbidden/")
        self.assertInLayout(response, 403)
        self.assertContains(response, "ไม่มีสิทธิ์เข้าถึงหน้านี้", status_code=403)
        self.assertContains(response, "เฉพาะผู้ดูแลระบบเท่านั้นที่นำเข้าข้อมูลได้", status_code=403)
        self.assertContains(response, "ออกจากระบบ", status_code=403)

    def test_a_real_permission_refusal_gets_the_page(self):
        response = self.client.get("/registry/imports/")  # admins only
        self.assertInLayout(response, 403)
        self.assertContains(response, "ไม่มีสิทธิ์เข้าถึงหน้านี้", status_code=403)

    def test_403_is_english_with_the_language_cookie(self):
        self.english()
        response = self.client.get("/test-forbidden/")
        self.assertInLayout(response, 403)
        self.assertContains(response, '<html lang="en">', status_code=403)
        self.assertContains(response, "You do not have access to this page", status_code=403)

    def test_a_failed_csrf_check_gets_the_thai_403_page(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.officer)
        response = client.post("/accounts/logout/")
        self.assertInLayout(response, 403)
        self.assertContains(response, "ส่งแบบฟอร์มไม่สำเร็จ", status_code=403)
        self.assertContains(response, "โหลดหน้าใหม่", status_code=403)

    def test_a_failed_csrf_check_links_back_to_the_forms_page(self):
        client = Client(enforce_csrf_checks=True)
        login = "http://testserver/accounts/login/"
        response = client.post("/accounts/login/", {"username": "x"}, HTTP_REFERER=login)
        self.assertContains(response, f'href="{login}"', status_code=403)
        self.assertContains(response, ">กลับ</a>", status_code=403)

    def test_a_404_does_not_link_back_to_itself(self):
        here = "http://testserver/no-such-page/"
        response = self.client.get("/no-such-page/", HTTP_REFERER=here)
        self.assertNotContains(response, ">กลับ</a>", status_code=404)

    def test_a_failed_csrf_check_is_english_with_the_language_cookie(self):
        client = Client(enforce_csrf_checks=True)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post("/accounts/login/", {"username": "x", "password": "y"})
        self.assertInLayout(response, 403)
        self.assertContains(response, "The form could not be submitted", status_code=403)

    # -- 500 ------------------------------------------------------------------------------

    def test_500_is_thai_inside_the_layout(self):
        self.client.raise_request_exception = False
        response = self.client.get("/test-boom/")
        self.assertInLayout(response, 500)
        self.assertContains(response, '<html lang="th">', status_code=500)
        self.assertContains(response, "ระบบขัดข้อง", status_code=500)
        self.assertNotContains(response, "a bug", status_code=500)

    def test_500_is_english_with_the_language_cookie(self):
        self.client.raise_request_exception = False
        self.english()
        response = self.client.get("/test-boom/")
        self.assertInLayout(response, 500)
        self.assertContains(response, '<html lang="en">', status_code=500)
        self.assertContains(response, "System error", status_code=500)

    def test_500_renders_without_touching_the_database(self):
        request = RequestFactory().get("/x/", HTTP_REFERER="http://testserver/registry/")
        request.user = SimpleLazyObject(lambda: User.objects.get(pk=self.officer.pk))
        with self.assertNumQueries(0):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn("ระบบขัดข้อง", response.content.decode())
        self.assertIn('href="http://testserver/registry/"', response.content.decode())


class BadRequestPageTestCase(BaseTestCase):
    @override_settings(ALLOWED_HOSTS=["otop.example.go.th"], DEBUG=False)
    def test_400_is_thai_inside_the_minimal_layout(self):
        response = self.client.get("/accounts/login/", HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "คำขอไม่ถูกต้อง", status_code=400)
        self.assertContains(response, 'class="navbar-brand" href="/"', status_code=400)
        self.assertNotContains(response, "Bad Request (400)", status_code=400)
