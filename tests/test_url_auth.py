"""Every URL of the site turns anonymous users away (18F/tock's test_url_auth, reused by gov).

The URLconf is walked from the root resolver, so a URL added later by anyone is covered
without touching this file. Each pattern's kwargs are filled with plausible values that
point at real rows (a round that exists, a district of its province, an import batch), so
a view that forgot to require login would answer 200, not 404. A pattern whose kwargs this
walker cannot fill fails the test with its route: give new kwargs conventional names
(`slug`, `round_slug`, `district_code`, `province_code`, `pk`, `object_id`…), or add one to
`PLAUSIBLE` below.

Allowed for anonymous users: a redirect to a login page, 404, 405 (wrong method), 403.
Never 200, except the login pages and set_language (static files are served by WhiteNoise,
outside the URLconf).
"""

import re
from dataclasses import dataclass

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from accounts.models import Role
from registry.models import ImportBatch, Province
from selection.models import Program, Round
from tests.base import make_user

# Named URLs anonymous users may open. Everything else needs a login.
PUBLIC = {"accounts:login", "admin:login", "set_language"}
LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")
ROUND_SLUG = "url-walk-kbo-2568"
DISTRICT = "5601"


@dataclass
class Walked:
    name: str  # namespace:name, or "?" for an unnamed pattern
    route: str  # the pattern as written, for messages
    url: str  # the pattern with its kwargs filled in


def plausible(name: str, converter: str | None, values: dict) -> str:
    """A value for a kwarg, from its name first, then its converter."""
    by_name = values.get(name)
    if by_name is not None:
        return by_name
    for suffix, key in PLAUSIBLE_SUFFIXES:
        if name.endswith(suffix):
            return values[key]
    return {"int": values["pk"], "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001"}.get(
        converter or "", "1"
    )


PLAUSIBLE = {
    "slug": ROUND_SLUG,
    "round_slug": ROUND_SLUG,
    "district_code": DISTRICT,
    "district": DISTRICT,
    "province_code": "56",
    "province": "56",
    "program": "KBO",
    "program_code": "KBO",
    "year": "2568",
    "fiscal_year": "2568",
    "app_label": "selection",
    "model_name": "round",
    "url": "selection/round/",
    "content_type_id": "1",
    "pk": "1",  # replaced by a real row's id in the test
    "object_id": "1",
}
PLAUSIBLE_SUFFIXES = [("pk", "pk"), ("_id", "pk"), ("_slug", "slug")]

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()]|\([^()]*\))*)\)")


def _fill_route(route: str, values: dict) -> str:
    return ROUTE_PARAM.sub(lambda m: plausible(m["name"], m["converter"], values), route)


def _fill_regex(regex: str, values: dict) -> str:
    def group(match):
        body = match["body"]
        # An alternation of literals (admin's app_list: "auth|accounts|…"): take a listed one.
        if re.fullmatch(r"[\w|-]+", body):
            options = body.split("|")
            wanted = plausible(match["name"], None, values)
            return wanted if wanted in options else options[0]
        return plausible(match["name"], None, values)

    filled = REGEX_GROUP.sub(group, regex)
    return filled.removeprefix("^").removesuffix("$").replace("\\", "")


def walk(values=None, resolver=None, prefix="", namespace=""):
    """Every leaf pattern of the URLconf, with a URL filled in from `values`."""
    values = values or PLAUSIBLE
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            piece, raw = _fill_route(str(pattern), values), str(pattern)
        elif isinstance(pattern, RegexPattern):
            piece, raw = _fill_regex(pattern.regex.pattern, values), pattern.regex.pattern
        else:  # LocalePrefixPattern and the like
            piece, raw = str(pattern), str(pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(values, entry, prefix + piece, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else "?"
            yield Walked(name=name, route=prefix + raw, url="/" + prefix + piece)


class UrlAuthTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = owner = make_user(
            "url_walk_admin", Role.ADMIN, is_staff=True, is_superuser=True
        )
        round_ = Round.objects.create(
            program=Program.objects.get(code="KBO"),
            fiscal_year=2568,
            province=Province.objects.get(code="56"),
            slug=ROUND_SLUG,
            title="URL walk",
        )
        batch = ImportBatch.objects.create(
            kind="registry", file_name="x.xlsx", sha256="0" * 64, created_by=owner
        )
        # Integer kwargs point at a real row: the batch; the admin's object_id the round.
        values = {**PLAUSIBLE, "pk": str(batch.pk), "object_id": str(round_.pk)}
        cls.patterns = list(walk(values))

    def test_the_walker_finds_the_apps_urls(self):
        names = {p.name for p in self.patterns}
        # A sample of what must be there: if the walk silently stopped descending, this fails.
        for expected in (
            "home",
            "accounts:login",
            "registry:import_detail",
            "selection:round_candidates",
            "allocations:quota_grid",
            "admin:index",
        ):
            self.assertIn(expected, names)
        self.assertGreater(len(self.patterns), 50)

    def test_every_filled_url_resolves_to_its_own_pattern(self):
        for walked in self.patterns:
            with self.subTest(route=walked.route):
                match = resolve(walked.url)
                if walked.name != "?":
                    self.assertEqual(
                        f"{':'.join(match.namespaces)}:{match.url_name}".lstrip(":"),
                        walked.name,
                        f"{walked.route}: the walker could not fill its kwargs sensibly; "
                        "use conventional kwarg names or extend PLAUSIBLE",
                    )

    def test_every_url_turns_anonymous_users_away(self):
        for walked in self.patterns:
            if walked.name in PUBLIC:
                continue
            for method in ("get", "post"):
                with self.subTest(route=walked.route, method=method):
                    response = getattr(self.client, method)(walked.url)
                    self._assert_refused(walked, response, method)

    def test_the_login_page_is_open_to_anonymous_users(self):
        response = self.client.get("/accounts/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="password"')

    def test_an_admin_reaches_the_walked_urls_of_real_rows(self):
        # The values the walker fills in are real rows, so the refusals above are about
        # login, not about objects that do not exist.
        self.client.force_login(self.admin)
        urls = {p.name: p.url for p in self.patterns}
        for name in (
            "selection:round_detail",
            "selection:round_candidates",
            "registry:import_detail",
            "admin:selection_round_change",
        ):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(urls[name]).status_code, 200)

    def _assert_refused(self, walked, response, method):
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            location = response.headers["Location"]
            self.assertTrue(
                location.startswith(LOGIN_PREFIXES),
                f"{method.upper()} {walked.url} ({walked.name}) redirects anonymous users to "
                f"{location}, not to a login page",
            )
            return
        self.assertIn(
            status,
            (403, 404, 405),
            f"{method.upper()} {walked.url} ({walked.name}) answered {status} to an anonymous "
            "user: it must require login (LoginRequiredMiddleware; no login_not_required)",
        )
