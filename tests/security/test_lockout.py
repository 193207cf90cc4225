"""Login rate limiting with django-axes, through the real login view (axes needs the request).

Five wrong passwords for one username from one address lock that pair out: HTTP 429 and
the Thai lockout page, even with the right password; a successful login before that
resets the count.
"""

from django.test import override_settings

from tests.base import PASSWORD, BaseTestCase

LOGIN = "/accounts/login/"


@override_settings(AXES_ENABLED=True)
class LoginLockoutTestCase(BaseTestCase):
    def _login(self, password, *, username="officer", ip="198.51.100.7"):
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)

    def _fail(self, times, **kwargs):
        for _ in range(times):
            response = self._login("wrong-password", **kwargs)
            self.assertEqual(response.status_code, 200)  # the form again, with its error
            self.assertContains(response, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")

    def test_four_failures_still_let_the_right_password_in(self):
        self._fail(4)
        response = self._login(PASSWORD)
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_the_fifth_failure_locks_out_with_a_thai_page(self):
        self._fail(4)
        response = self._login("wrong-password")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "ระงับการเข้าสู่ระบบชั่วคราว", status_code=429)
        self.assertContains(response, "ใส่รหัสผ่านผิดครบ 5 ครั้ง", status_code=429)

    def test_a_locked_out_user_is_refused_even_with_the_right_password(self):
        self._fail(5 - 1)
        self._login("wrong-password")
        response = self._login(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_successful_login_resets_the_count(self):
        self._fail(4)
        self.assertRedirects(self._login(PASSWORD), "/", fetch_redirect_response=False)
        self.client.logout()
        self._fail(4)  # would be failures 5–8 without the reset
        self.assertRedirects(self._login(PASSWORD), "/", fetch_redirect_response=False)

    def test_the_lockout_is_per_username_and_address(self):
        self._fail(5 - 1)
        self._login("wrong-password")
        # Another officer from the same office address, and the same officer elsewhere.
        other_user = self._login(PASSWORD, username="officer_maechai")
        self.assertRedirects(other_user, "/", fetch_redirect_response=False)
        self.client.logout()
        elsewhere = self._login(PASSWORD, ip="203.0.113.9")
        self.assertRedirects(elsewhere, "/", fetch_redirect_response=False)
