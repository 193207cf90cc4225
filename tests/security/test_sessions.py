"""Sessions end after SESSION_COOKIE_AGE without a request (8 hours idle by default)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.base import BaseTestCase


class IdleSessionTestCase(BaseTestCase):
    def _session(self):
        return Session.objects.get(session_key=self.client.session.session_key)

    def test_a_session_is_stored_in_the_database(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertTrue(Session.objects.filter(session_key=self.client.session.session_key))

    def test_each_request_pushes_the_expiry_on_by_the_idle_limit(self):
        self.client.force_login(self.officer)
        Session.objects.filter(pk=self._session().pk).update(
            expire_date=timezone.now() + timedelta(minutes=1)
        )
        before = timezone.now()
        self.assertEqual(self.client.get("/").status_code, 200)
        expected = before + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        self.assertAlmostEqual(self._session().expire_date, expected, delta=timedelta(seconds=30))
        self.assertEqual(settings.SESSION_COOKIE_AGE, 8 * 60 * 60)

    def test_a_session_idle_past_the_limit_sends_the_user_to_login(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get("/").status_code, 200)
        # Eight hours and a minute without a request: the stored expiry has passed.
        Session.objects.filter(pk=self._session().pk).update(
            expire_date=timezone.now() - timedelta(minutes=1)
        )
        response = self.client.get("/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].startswith("/accounts/login/"))
