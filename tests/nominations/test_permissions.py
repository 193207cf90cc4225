"""Row-level access: every URL of the nomination pages tried as every wrong user.

A district officer gets 404 on another district's pages and actions, provincial staff on
another province's; state changes are POST only; nothing changes on a refused request.
"""

from django.urls import reverse

from nominations import urls as nomination_urls
from nominations.models import Nomination, Submission
from tests.base import BaseTestCase
from tests.nominations.data import build_registry, build_round
from tests.selection.data import make_round

OFFICER_URLS = {
    "submission_work": "GET",
    "nomination_add": "POST",
    "nomination_remove": "POST",
    "nomination_move": "POST",
    "nomination_justify": "POST",
    "submission_submit": "POST",
}
STAFF_URLS = {
    "round_dashboard": "GET",
    "submission_review": "GET",
    "submission_approve": "POST",
    "submission_return": "POST",
    "submission_reopen": "POST",
    "nomination_keep": "POST",
}
POST_DATA = {
    "direction": "up",
    "justification": "x",
    "comment": "x",
    "until": "2999-01-01",
    "kind": "ineligible",
    "reason": "x",
}


class PermissionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)
        cls.nomination = Nomination.objects.create(
            round=cls.round, district=cls.mueang, producer=cls.p["M1"], position=1
        )
        cls.other_nomination = Nomination.objects.create(
            round=cls.round, district=cls.mae_chai, producer=cls.p["J1"], position=1
        )
        Submission.objects.create(round=cls.round, district=cls.mueang, status="submitted")

    def url(self, name, *, slug="kbo-nom", district="5601", pk=None):
        args = {"round_slug": slug}
        if name != "round_dashboard":
            args["district_code"] = district
        if name == "nomination_add":
            args["pk"] = pk or self.p["M2"].pk
        elif name.startswith("nomination_"):
            args["pk"] = pk or self.nomination.pk
        return reverse(f"nominations:{name}", kwargs=args)

    def request(self, user, name, method, **kw):
        self.client.force_login(user)
        url = self.url(name, **kw)
        if method == "GET":
            return self.client.get(url)
        return self.client.post(url, POST_DATA)

    def snapshot(self):
        return (
            list(Nomination.objects.order_by("pk").values_list("pk", "position", "justification")),
            list(
                Submission.objects.order_by("pk").values_list(
                    "status", "return_comment", "reopened_until"
                )
            ),
        )

    def test_every_url_of_the_app_is_covered_here(self):
        names = {p.name for p in nomination_urls.urlpatterns}
        self.assertEqual(names, set(OFFICER_URLS) | set(STAFF_URLS))

    def test_officer_pages_are_404_for_everyone_but_the_districts_officer(self):
        before = self.snapshot()
        for name, method in OFFICER_URLS.items():
            for user in (self.officer2, self.staff, self.outsider, self.outsider_officer):
                with self.subTest(url=name, user=user.username):
                    self.assertEqual(self.request(user, name, method).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_staff_pages_are_404_for_officers_and_other_provinces(self):
        before = self.snapshot()
        for name, method in STAFF_URLS.items():
            for user in (self.officer, self.officer2, self.outsider, self.outsider_officer):
                with self.subTest(url=name, user=user.username):
                    self.assertEqual(self.request(user, name, method).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_a_nomination_of_another_district_is_404_under_ones_own_district(self):
        for name in ("nomination_remove", "nomination_move", "nomination_justify"):
            with self.subTest(url=name):
                response = self.request(self.officer, name, "POST", pk=self.other_nomination.pk)
                self.assertEqual(response.status_code, 404)
        response = self.request(self.staff, "nomination_keep", "POST", pk=self.other_nomination.pk)
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Nomination.objects.filter(pk=self.other_nomination.pk).exists())

    def test_a_nomination_that_never_was_the_districts_is_404_not_stale(self):
        # Only one the district's own log shows withdrawn is answered as stale.
        missing = Nomination.objects.order_by("-pk").first().pk + 100
        for name in ("nomination_remove", "nomination_move", "nomination_justify"):
            with self.subTest(url=name):
                response = self.request(self.officer, name, "POST", pk=missing)
                self.assertEqual(response.status_code, 404)

    def test_a_candidate_of_another_district_is_404_under_ones_own_district(self):
        response = self.request(self.officer, "nomination_add", "POST", pk=self.p["JF1"].pk)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Nomination.objects.filter(producer=self.p["JF1"]).exists())

    def test_a_district_of_another_province_is_404_even_for_the_rounds_staff(self):
        for name, method in {**OFFICER_URLS, **STAFF_URLS}.items():
            if name == "round_dashboard":
                continue
            with self.subTest(url=name):
                self.assertEqual(
                    self.request(self.staff, name, method, district="5701").status_code, 404
                )

    def test_another_provinces_round_is_404_for_phayao_users(self):
        make_round("KBO", 2568, self.chiang_rai, slug="kbo-cr", status="open")
        for name, method in STAFF_URLS.items():
            with self.subTest(url=name):
                response = self.request(self.staff, name, method, slug="kbo-cr", district="5701")
                self.assertEqual(response.status_code, 404)
        response = self.request(
            self.officer, "submission_work", "GET", slug="kbo-cr", district="5701"
        )
        self.assertEqual(response.status_code, 404)

    def test_state_changes_refuse_get(self):
        for name, method in {**OFFICER_URLS, **STAFF_URLS}.items():
            if method != "POST":
                continue
            user = self.officer if name in OFFICER_URLS else self.staff
            self.client.force_login(user)
            with self.subTest(url=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 405)

    def test_anonymous_users_are_sent_to_log_in(self):
        self.client.logout()
        for name in {**OFFICER_URLS, **STAFF_URLS}:
            with self.subTest(url=name):
                response = self.client.get(self.url(name))
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_the_right_users_get_in(self):
        self.assertEqual(self.request(self.officer, "submission_work", "GET").status_code, 200)
        self.assertEqual(self.request(self.staff, "round_dashboard", "GET").status_code, 200)
        self.assertEqual(self.request(self.staff, "submission_review", "GET").status_code, 200)
        self.assertEqual(self.request(self.admin, "submission_review", "GET").status_code, 200)

    def test_csrf_is_enforced_on_state_changes(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.staff)
        response = client.post(self.url("submission_approve"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Submission.objects.get(district=self.mueang).status, "submitted")
