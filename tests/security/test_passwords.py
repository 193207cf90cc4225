"""Passwords hash with Argon2id in one lane; older PBKDF2 hashes move to it at login."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.test import override_settings

from tests.base import BaseTestCase

PRODUCTION_HASHERS = [
    "accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
class PasswordHashTestCase(BaseTestCase):
    def test_a_pbkdf2_password_still_logs_in_and_is_rehashed_with_one_lane_argon2(self):
        old = PBKDF2PasswordHasher()
        self.officer.password = old.encode("ขอนแก่น-2568-otop", old.salt())
        self.officer.save(update_fields=["password"])
        self.assertTrue(
            self.client.login(username=self.officer.username, password="ขอนแก่น-2568-otop")
        )
        self.officer.refresh_from_db()
        self.assertEqual(identify_hasher(self.officer.password).algorithm, "argon2")
        self.assertIn("$m=102400,t=2,p=1$", self.officer.password)

    def test_a_wrong_password_does_not_log_in(self):
        self.officer.set_password("ขอนแก่น-2568-otop")
        self.officer.save(update_fields=["password"])
        self.assertFalse(self.client.login(username=self.officer.username, password="ผิด"))
