"""Sessions end after SESSION_COOKIE_AGE without a request (8 hours idle by default).

The expiry is pushed on by accounts.middleware.SessionRefreshMiddleware at most every
SESSION_REFRESH_SECONDS, not by a database write on every page.
"""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase


class IdleSessionTestCase(BaseTestCase):
    def _session(self):
        return Session.objects.get(session_key=self.client.session.session_key)

    def _expire_in(self, delta):
        Session.objects.filter(pk=self._session().pk).update(expire_date=timezone.now() + delta)

    def test_a_session_is_stored_in_the_database(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertTrue(Session.objects.filter(session_key=self.client.session.session_key))

    def test_a_request_after_the_refresh_period_pushes_the_expiry_on_by_the_idle_limit(self):
        self.client.force_login(self.officer)  # the login itself starts the period
        self._expire_in(timedelta(minutes=1))
        later = timezone.now() + timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
        with mock.patch("accounts.middleware.time") as clock:
            clock.time.return_value = later.timestamp()
            before = timezone.now()
            self.assertEqual(self.client.get("/").status_code, 200)
        expected = before + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        self.assertAlmostEqual(self._session().expire_date, expected, delta=timedelta(seconds=30))
        self.assertEqual(settings.SESSION_COOKIE_AGE, 8 * 60 * 60)

    def test_requests_within_the_refresh_period_do_not_write_the_session(self):
        self.client.force_login(self.officer)
        self.client.get("/")  # refreshed now
        self._expire_in(timedelta(hours=7))
        stored = self._session().expire_date
        with mock.patch("django.contrib.sessions.backends.db.SessionStore.save") as save:
            self.assertEqual(self.client.get("/").status_code, 200)
        save.assert_not_called()
        self.assertEqual(self._session().expire_date, stored)

    @override_settings(SESSION_REFRESH_SECONDS=0)
    def test_the_refresh_period_is_a_setting(self):
        self.client.force_login(self.officer)
        self.client.get("/")
        self._expire_in(timedelta(hours=1))
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertGreater(self._session().expire_date, timezone.now() + timedelta(hours=7))

    def test_the_login_page_creates_no_session_for_an_anonymous_visitor(self):
        self.assertEqual(self.client.get("/accounts/login/").status_code, 200)
        self.assertFalse(Session.objects.exists())

    def test_a_session_idle_past_the_limit_sends_the_user_to_login(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get("/").status_code, 200)
        # Eight hours and a minute without a request: the stored expiry has passed.
        self._expire_in(-timedelta(minutes=1))
        response = self.client.get("/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].startswith("/accounts/login/"))
