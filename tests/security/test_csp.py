"""Content-Security-Policy: sent on every page, own assets only, and no inline script.

The policy forbids inline <script>, <style> elements and on*= handler attributes (see
docs/adr/0011-content-security-policy.md), so a template that uses one would break in the
browser without any server error: the template scan below catches it first.
"""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT_TAG = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
# on*= handler attributes inside a tag (onclick=, onchange=, onload=…), not words in text.
HANDLER = re.compile(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def template_files():
    folders = [ROOT / "templates"]
    folders += [p for p in ROOT.glob("*/templates") if ".venv" not in p.parts]
    for folder in folders:
        yield from sorted(folder.rglob("*.html"))


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class TemplatesWithoutInlineCodeTestCase(SimpleTestCase):
    def test_it_scans_the_site_templates(self):
        names = {p.name for p in template_files()}
        self.assertIn("base.html", names)
        self.assertIn("login.html", names)

    def test_no_template_has_an_inline_script(self):
        for path in template_files():
            text = path.read_text(encoding="utf-8")
            for match in SCRIPT_TAG.finditer(text):
                with self.subTest(template=str(path.relative_to(ROOT))):
                    self.assertRegex(
                        match["attrs"],
                        r"\bsrc\s*=",
                        "inline <script> is refused by the CSP: move it to static/js/",
                    )

    def test_no_template_has_a_style_element(self):
        for path in template_files():
            with self.subTest(template=str(path.relative_to(ROOT))):
                self.assertIsNone(
                    STYLE_TAG.search(path.read_text(encoding="utf-8")),
                    "<style> is refused by the CSP: put the rules in static/css/site.css",
                )

    def test_no_template_has_an_event_handler_attribute(self):
        for path in template_files():
            text = path.read_text(encoding="utf-8")
            with self.subTest(template=str(path.relative_to(ROOT))):
                found = HANDLER.search(text) or JS_URL.search(text)
                self.assertIsNone(
                    found,
                    "on*= attributes and javascript: URLs are refused by the CSP: use a static "
                    "JS file with addEventListener",
                )

    def test_the_scan_would_catch_each_kind(self):
        self.assertRegex('<button onclick="x()">', HANDLER)
        self.assertNotRegex("<p>online = yes</p>", HANDLER)
        self.assertIsNone(re.search(r"\bsrc\s*=", SCRIPT_TAG.search("<script>x</script>")["attrs"]))
        self.assertRegex('<a href="javascript:void(0)">', JS_URL)


class CspHeaderTestCase(BaseTestCase):
    def test_the_login_page_carries_the_policy(self):
        response = self.client.get("/accounts/login/")
        self.assertEqual(response.status_code, 200)
        directives = policy(response)
        self.assertEqual(directives["default-src"], ["'self'"])
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["style-src"], ["'self'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(directives["form-action"], ["'self'"])

    def test_logged_in_pages_carry_the_policy_and_load_only_own_scripts(self):
        self.client.force_login(self.staff)
        for url in ("/", "/selection/rounds/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("script-src 'self'", response.headers["Content-Security-Policy"])
                html = response.content.decode()
                for match in SCRIPT_TAG.finditer(html):
                    src = re.search(r"""src\s*=\s*["']([^"']+)""", match["attrs"])
                    self.assertIsNotNone(src, f"inline script rendered on {url}")
                    self.assertTrue(src[1].startswith("/static/"), src[1])

    def test_no_source_outside_the_site_is_allowed(self):
        for directive, sources in settings.SECURE_CSP.items():
            for source in sources:
                with self.subTest(directive=directive, source=source):
                    self.assertNotIn("http", str(source))
                    self.assertNotIn("*", str(source))
        self.assertNotIn("'unsafe-inline'", settings.SECURE_CSP["script-src"])
        self.assertNotIn("'unsafe-eval'", settings.SECURE_CSP["script-src"])
        self.assertNotIn("'unsafe-inline'", settings.SECURE_CSP["style-src"])
