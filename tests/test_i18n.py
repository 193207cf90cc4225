"""English as the second interface language (locale/en), Thai by default."""

import ast
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


ENTRY = re.compile(
    r'^(?:msgctxt "(?P<ctxt>.*)"\n)?msgid "(?P<msgid>.+)"\nmsgstr "(?P<msgstr>.*)"$', re.M
)


def _unquote(text: str) -> str:
    """A .po string's escapes (\\" \\\\ \\n) are those of a Python literal."""
    return ast.literal_eval(f'"{text}"')


class EnglishCatalogueTestCase(SimpleTestCase):
    def _po_entries(self) -> list[tuple[str | None, str, str]]:
        """(context, msgid, msgstr) of every one-line entry (makemessages --no-wrap)."""
        text = (LOCALE_DIR / "django.po").read_text(encoding="utf-8")
        # A fuzzy entry is makemessages' guess from a similar msgid, usually wrong.
        self.assertIsNone(re.search(r"^#,.*\bfuzzy\b", text, re.M))
        return [
            (
                None if m["ctxt"] is None else _unquote(m["ctxt"]),
                _unquote(m["msgid"]),
                _unquote(m["msgstr"]),
            )
            for m in ENTRY.finditer(text)
        ]

    def test_every_message_has_an_english_translation(self):
        entries = self._po_entries()
        self.assertGreater(len(entries), 600)
        self.assertEqual([msgid for _ctxt, msgid, msgstr in entries if not msgstr], [])

    def test_the_committed_mo_matches_the_po(self):
        # A fresh clone needs no msgfmt: the compiled catalogue is committed, so it must
        # be recompiled (compilemessages) whenever the .po changes.
        with (LOCALE_DIR / "django.mo").open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        for ctxt, msgid, msgstr in self._po_entries():
            with self.subTest(msgid=msgid, context=ctxt):
                found = catalogue.pgettext(ctxt, msgid) if ctxt else catalogue.gettext(msgid)
                self.assertEqual(found, msgstr)
