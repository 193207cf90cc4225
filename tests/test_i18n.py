"""English as the second interface language (locale/en), Thai by default."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


class LoginPageLanguageTestCase(TestCase):
    def test_it_is_thai_by_default(self):
        response = self.client.get("/accounts/login/")
        self.assertContains(response, '<html lang="th">')
        self.assertContains(response, "เข้าสู่ระบบ OTOP Select")

    def test_accept_language_en_shows_english(self):
        response = self.client.get("/accounts/login/", headers={"accept-language": "en"})
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Log in to OTOP Select")
        self.assertContains(response, "Skip to content")
        self.assertNotContains(response, "เข้าสู่ระบบ OTOP Select")

    def test_the_language_cookie_shows_english(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get("/accounts/login/", headers={"accept-language": "th"})
        self.assertContains(response, "Log in to OTOP Select")

    def test_the_language_switch_sets_english(self):
        response = self.client.post(
            "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True
        )
        self.assertContains(response, "Log in to OTOP Select")


class EnglishCatalogueTestCase(SimpleTestCase):
    def _po_entries(self) -> dict[str, str]:
        text = (LOCALE_DIR / "django.po").read_text(encoding="utf-8")
        return {
            msgid: msgstr
            for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.M)
        }

    def test_every_message_has_an_english_translation(self):
        entries = self._po_entries()
        self.assertTrue(entries)
        self.assertEqual([msgid for msgid, msgstr in entries.items() if not msgstr], [])

    def test_the_committed_mo_matches_the_po(self):
        # A fresh clone needs no msgfmt: the compiled catalogue is committed, so it must
        # be recompiled (compilemessages) whenever the .po changes.
        with (LOCALE_DIR / "django.mo").open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        for msgid, msgstr in self._po_entries().items():
            with self.subTest(msgid=msgid):
                self.assertEqual(catalogue.gettext(msgid), msgstr)
