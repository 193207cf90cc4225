"""Login rate limiting with django-axes, through the real login view (axes needs the request).

Five wrong passwords for one username from one address lock that pair out: HTTP 429 and
the Thai lockout page, even with the right password; a successful login before that
resets the count. Twenty wrong passwords from one address, over any accounts, lock that
address out for every account (accounts/lockout.py).
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role
from tests.base import PASSWORD, BaseTestCase, make_user

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


@override_settings(AXES_ENABLED=True, AXES_ADDRESS_FAILURE_LIMIT=20)
class AddressLockoutTestCase(BaseTestCase):
    """One address trying a few passwords on many accounts is locked out as a whole."""

    ADDRESS = "198.51.100.7"
    ACCOUNTS = ["officer", "officer_maechai", "staff", "admin", "outsider", "outsider_officer"]

    def _login(self, username, password, *, ip=ADDRESS):
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)

    def _spray(self, per_account, accounts=ACCOUNTS):
        """`per_account` wrong passwords on each account, always under the pair limit (5)."""
        for _ in range(per_account):
            for username in accounts:
                self._login(username, "wrong-password")

    def test_24_failures_over_6_accounts_lock_the_address_even_for_a_right_password(self):
        self._spray(4)  # 24 failures, 4 per account: no username + address pair is locked
        response = self._login("officer", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(response, "ระงับการเข้าสู่ระบบชั่วคราว", status_code=429)
        self.assertContains(response, "จากเครือข่ายของเครื่องนี้ครบ 20 ครั้ง", status_code=429)
        self.assertContains(response, "โปรดลองใหม่อีกครั้งในอีก 15 นาที", status_code=429)
        # The same account from another address is not affected.
        elsewhere = self._login("officer", PASSWORD, ip="203.0.113.9")
        self.assertRedirects(elsewhere, "/", fetch_redirect_response=False)

    def test_an_account_never_tried_from_that_address_is_refused_too(self):
        self._spray(4)
        make_user("newcomer", Role.PROVINCIAL_STAFF, province=self.phayao)
        self.assertEqual(self._login("newcomer", PASSWORD).status_code, 429)

    def test_the_twentieth_failure_locks_the_address(self):
        self._spray(3)  # 18
        self.assertEqual(self._login("officer", "wrong-password").status_code, 200)  # 19
        # Below the limit a right password still gets in (an account with no failures,
        # so its success resets nothing).
        make_user("newcomer", Role.PROVINCIAL_STAFF, province=self.phayao)
        self.assertRedirects(self._login("newcomer", PASSWORD), "/", fetch_redirect_response=False)
        self.client.logout()
        self.assertEqual(self._login("staff", "wrong-password").status_code, 429)  # 20

    def test_the_address_is_free_again_after_the_cool_off(self):
        self._spray(4)
        self.assertEqual(self._login("officer", PASSWORD).status_code, 429)
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = self._login("officer", PASSWORD)
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_the_pair_lockout_page_names_the_account_limit_and_the_wait(self):
        for _ in range(5):
            response = self._login("officer", "wrong-password")
        self.assertContains(response, "ใส่รหัสผ่านผิดครบ 5 ครั้ง", status_code=429)
        self.assertContains(response, "โปรดลองใหม่อีกครั้งในอีก 15 นาที", status_code=429)
        self.assertNotContains(response, "เครือข่าย", status_code=429)
