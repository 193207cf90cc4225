"""Every workflow service writes exactly one change log row on the district's submission:
who, the action, and the values before and after (ADR 0017). The timelines read them;
the round's own history does not list them."""

import datetime as dt

from django.urls import reverse

from changelog.models import ChangeLog
from lifecycle.services import round_close
from nominations import services
from nominations.models import Action, Nomination, Submission
from registry.models import StarRating
from selection.models import Round, RoundStatus
from tests.base import BaseTestCase
from tests.nominations.data import build_registry, build_round, submission_changes

TODAY = dt.date.today()


class SubmissionChangeLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def add(self, name):
        return services.nomination_add(
            round_=self.round, district_code="5601", candidate_pk=self.p[name].pk, by=self.officer
        )

    def nomination(self, name):
        n = Nomination.objects.get(round=self.round, producer=self.p[name])
        n.round = self.round
        return n

    def submission(self):
        s = services.submission_get_or_create(round_=self.round, district_code="5601")
        s.round = self.round
        return s

    def submit(self):
        self.add("M1")
        self.add("M2")
        services.submission_submit(submission=self.submission(), by=self.officer)

    def one_change(self, act) -> ChangeLog:
        """Run `act` and return the one row it wrote (failing on none or several)."""
        before = ChangeLog.objects.count()
        act()
        self.assertEqual(ChangeLog.objects.count(), before + 1)
        change = ChangeLog.objects.latest("pk")
        submission = Submission.objects.get(round=self.round, district_id="5601")
        self.assertEqual(
            (change.object_type, change.object_id, change.round_id, change.district_code),
            ("nominations.submission", str(submission.pk), self.round.pk, "5601"),
        )
        return change

    def ident(self, name):
        n = self.nomination(name)
        return {"code": name, "name": f"กลุ่ม {name}", "tier": n.tier, "nomination": n.pk}

    def test_each_service_writes_one_row_with_who_what_before_and_after(self):
        def keep():
            StarRating.objects.filter(product__producer=self.p["M1"], year=2567).update(stars=5)
            services.nomination_keep(
                nomination=self.nomination("M1"), kind="ineligible", reason="รอ", by=self.staff
            )

        def past_deadline():
            self.submit()
            self.round.deadline = TODAY - dt.timedelta(days=1)
            self.round.save()

        until = TODAY + dt.timedelta(days=3)
        deadline = self.round.deadline
        cases = [
            # (name, setup, act, user, action, before, after: callables of the state after)
            (
                "add",
                lambda: None,
                lambda: self.add("M1"),
                self.officer,
                Action.NOMINATE,
                lambda: {},
                lambda: {**self.ident("M1"), "position": 1},
            ),
            (
                "remove",
                lambda: self.add("M1"),
                lambda: services.nomination_remove(
                    nomination=self.nomination("M1"), by=self.officer
                ),
                self.officer,
                Action.REMOVE,
                lambda: {"code": "M1", "name": "กลุ่ม M1", "tier": 1, "nomination": self.gone},
                lambda: {},
            ),
            (
                "move",
                lambda: (self.add("M1"), self.add("M2")),
                lambda: services.nomination_move(
                    nomination=self.nomination("M2"), direction="up", by=self.officer
                ),
                self.officer,
                Action.MOVE,
                lambda: {**self.ident("M2"), "position": 2},
                lambda: {**self.ident("M2"), "position": 1},
            ),
            (
                "justify",
                lambda: self.add("M1"),
                lambda: services.nomination_justify(
                    nomination=self.nomination("M1"), justification="ตลาดดี", by=self.officer
                ),
                self.officer,
                Action.JUSTIFY,
                lambda: {**self.ident("M1"), "justification": ""},
                lambda: {**self.ident("M1"), "justification": "ตลาดดี"},
            ),
            (
                "submit",
                lambda: (self.add("M1"), self.add("M2")),
                lambda: services.submission_submit(submission=self.submission(), by=self.officer),
                self.officer,
                Action.SUBMIT,
                lambda: {"status": "draft"},
                lambda: {"status": "submitted", "count": 2},
            ),
            (
                "return",
                self.submit,
                lambda: services.submission_return(
                    submission=self.submission(), comment="สลับลำดับ", by=self.staff
                ),
                self.staff,
                Action.RETURN,
                lambda: {"status": "submitted"},
                lambda: {"status": "returned", "comment": "สลับลำดับ"},
            ),
            (
                "approve",
                self.submit,
                lambda: services.submission_approve(submission=self.submission(), by=self.staff),
                self.staff,
                Action.APPROVE,
                lambda: {"status": "submitted"},
                lambda: {"status": "approved"},
            ),
            (
                "reopen",
                past_deadline,
                lambda: services.submission_reopen(
                    submission=self.submission(), until=until, by=self.staff
                ),
                self.staff,
                Action.REOPEN,
                lambda: {"status": "submitted", "reopened_until": None},
                lambda: {"status": "returned", "reopened_until": until.isoformat()},
            ),
            (
                "keep",
                self.submit,
                keep,
                self.staff,
                Action.KEEP,
                lambda: self.ident("M1"),
                lambda: {
                    **self.ident("M1"),
                    "kind": "ineligible",
                    "reason": "รอ",
                    "problem": self.nomination("M1").kept.get().problem,
                },
            ),
            (
                "form load",
                lambda: None,
                lambda: services.submission_form_loaded(
                    round_=self.round,
                    district_code="5601",
                    by=self.staff,
                    added=1,
                    removed=2,
                    kept=3,
                    refused=4,
                ),
                self.staff,
                Action.LOAD_FORM,
                lambda: {},
                lambda: {"added": 1, "removed": 2, "kept": 3, "refused": 4},
            ),
        ]
        for name, setup, act, user, action, before, after in cases:
            with self.subTest(name):
                Nomination.objects.all().delete()
                Submission.objects.all().delete()
                self.gone = None
                self.round.deadline = deadline
                self.round.save()
                setup()
                if name == "remove":
                    self.gone = self.nomination("M1").pk
                change = self.one_change(act)
                self.assertEqual((change.user, change.action), (user, action))
                self.assertEqual((change.before, change.after), (before(), after()))
                self.assertEqual(change.source, "web" if name != "form load" else "import")

    def test_a_form_load_edit_has_the_import_as_its_source(self):
        change = self.one_change(
            lambda: services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.p["M1"].pk,
                by=self.staff,
                through="load_form",
            )
        )
        self.assertEqual((change.source, change.source_ref), ("import", "แบบรายงานที่กรอกแล้ว"))

    def test_nothing_changed_writes_nothing(self):
        n = self.add("M1")
        before = ChangeLog.objects.count()
        services.nomination_move(nomination=self.nomination("M1"), direction="up", by=self.officer)
        services.nomination_justify(nomination=n, justification="", by=self.officer)
        self.assertEqual(ChangeLog.objects.count(), before)

    def test_the_round_history_leaves_the_timelines_to_their_pages(self):
        self.submit()
        self.client.force_login(self.staff)
        response = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(submission_changes().exists())
        self.assertEqual(
            [e.change.action for e in response.context["history"] if "submission" in e.title],
            [],
        )
        self.assertFalse(
            [e for e in response.context["history"] if e.change.object_type != "selection.round"]
        )


class ParticipationChangeLogTestCase(BaseTestCase):
    """Closing a round writes its participation: one row on the round with who closed it
    and the candidates added or removed; closing again with nothing new writes none."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = build_round(cls)
        cls.p = build_registry(cls)

    def close(self):
        Round.objects.filter(pk=self.round.pk).update(status=RoundStatus.OPEN)
        self.round.status = RoundStatus.OPEN
        round_close(round_=self.round, user=self.staff, source="web")

    def participation_changes(self):
        return ChangeLog.objects.filter(action="round.participation").order_by("pk")

    def test_closing_logs_what_became_participation_once(self):
        for name in ("M1", "M2"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.p[name].pk,
                by=self.officer,
            )
        Submission.objects.filter(round=self.round).update(status="approved")
        self.close()
        change = self.participation_changes().get()
        self.assertEqual(
            (change.user, change.object_type, change.object_id, change.source),
            (self.staff, "selection.round", str(self.round.pk), "web"),
        )
        self.assertEqual(
            (change.before, change.after), ({"participation": []}, {"participation": ["M1", "M2"]})
        )
        self.close()
        self.assertEqual(self.participation_changes().count(), 1)
        Submission.objects.filter(round=self.round).update(status="returned")
        self.close()
        last = self.participation_changes().last()
        self.assertEqual(
            (last.before, last.after), ({"participation": ["M1", "M2"]}, {"participation": []})
        )
        self.client.force_login(self.staff)
        page = self.client.get(reverse("selection:round_detail", args=[self.round.slug]))
        self.assertContains(page, "การเข้าร่วมโครงการจากการปิดรอบ")
