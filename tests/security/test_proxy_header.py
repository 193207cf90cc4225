"""TRUSTED_PROXY_COUNT: the client address comes from X-Forwarded-For, which is only safe
when that many proxies really are in front. In production a request without the header
(it did not come through the proxy, so the header would be the client's to forge) is
refused with a page naming the setting, and logged."""

from django.test import override_settings

from tests.base import PASSWORD, BaseTestCase

LOGIN = "/accounts/login/"


@override_settings(TRUSTED_PROXY_COUNT=1, DEBUG=False)
class ProxyHeaderRequiredTestCase(BaseTestCase):
    def test_it_refuses_a_production_request_without_x_forwarded_for(self):
        with self.assertLogs("otop_site.client_ip", level="ERROR") as logs:
            response = self.client.get(LOGIN, REMOTE_ADDR="203.0.113.5")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "TRUSTED_PROXY_COUNT=1", status_code=400)
        self.assertContains(response, "X-Forwarded-For", status_code=400)
        self.assertContains(response, "คำขอไม่ถูกต้อง", status_code=400)
        self.assertIn("TRUSTED_PROXY_COUNT=1", logs.output[0])
        self.assertIn("203.0.113.5", logs.output[0])
        # Through the proxy (the header set), or with DEBUG on, the page is served.
        through_proxy = self.client.get(LOGIN, HTTP_X_FORWARDED_FOR="198.51.100.7")
        self.assertEqual(through_proxy.status_code, 200)
        with override_settings(DEBUG=True):
            self.assertEqual(self.client.get(LOGIN).status_code, 200)

    def test_it_refuses_a_login_attempt_without_the_header_before_checking_it(self):
        with self.assertLogs("otop_site.client_ip", level="ERROR"):
            response = self.client.post(LOGIN, {"username": "officer", "password": PASSWORD})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_it_refuses_fewer_entries_than_proxies(self):
        with self.assertLogs("otop_site.client_ip", level="ERROR"):
            response = self.client.get(LOGIN, HTTP_X_FORWARDED_FOR="198.51.100.7")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "TRUSTED_PROXY_COUNT=2", status_code=400)
        two = self.client.get(LOGIN, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
        self.assertEqual(two.status_code, 200)

    def test_it_still_serves_static_files_so_the_refusal_page_has_its_styles(self):
        response = self.client.get("/static/css/site.css")
        self.assertEqual(response.status_code, 200)
        with self.assertLogs("otop_site.client_ip", level="ERROR"):
            page = self.client.get(LOGIN)
        self.assertContains(page, "/static/css/site.css", status_code=400)
