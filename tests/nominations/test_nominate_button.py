"""The "nominate" button asks the service's own rule (`rules.nomination_refusal`)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from allocations.models import Quota, QuotaKind
from nominations import services
from selection.models import RoundStatus
from tests.base import BaseTestCase, make_producer, make_product
from tests.selection.data import make_round

QUADRANT_D = ("quadrant", {"quadrants": ["D"], "year": 2567})


class NominateButtonTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            "QD",
            2568,
            cls.phayao,
            slug="qd-button",
            status=RoundStatus.OPEN,
            deadline=dt.date.today() + dt.timedelta(days=10),
            max_products_per_producer=1,
            tiers=[[QUADRANT_D]],
        )
        Quota.objects.create(
            round=cls.round, district=cls.mueang, amount=6, kind=QuotaKind.AT_LEAST
        )
        owner = make_producer("Q1", cls.mueang)
        cls.first = make_product("Q1-01", owner, quadrant={2567: "D"})
        cls.second = make_product("Q1-02", owner, quadrant={2567: "D"})
        cls.other = make_product("Q2-01", make_producer("Q2", cls.mueang), quadrant={2567: "D"})

    def setUp(self):
        self.client.force_login(self.officer)

    def rows(self):
        url = reverse("nominations:submission_work", args=[self.round.slug, "5601"])
        response = self.client.get(url)
        return response, {r.result.facts.code: r for r in response.context["candidates"]}

    def add_url(self, product):
        return reverse("nominations:nomination_add", args=[self.round.slug, "5601", product.pk])

    def test_it_shows_no_button_for_a_product_over_the_producers_limit(self):
        services.nomination_add(
            round_=self.round, district_code="5601", candidate_pk=self.first.pk, by=self.officer
        )
        response, rows = self.rows()
        self.assertFalse(rows["Q1-02"].can_nominate)
        self.assertNotContains(response, self.add_url(self.second))
        self.assertEqual(rows["Q1-02"].refusal_text, "ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน ๑ ผลิตภัณฑ์")
        self.assertContains(response, "ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน ๑ ผลิตภัณฑ์")
        self.assertTrue(rows["Q2-01"].can_nominate)  # another producer's product
        self.assertContains(response, self.add_url(self.other))
        # The service refuses the same candidate for the same reason.
        with self.assertRaisesMessage(ValidationError, "ผู้ผลิตหนึ่งรายเสนอได้ไม่เกิน ๑ ผลิตภัณฑ์"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.second.pk,
                by=self.officer,
            )

    def test_a_justification_the_service_requires_is_a_required_field(self):
        self.round.tiers.get().criteria.create(
            order=2, kind="officer_judgement", params={"text": "มีศักยภาพ"}
        )
        response, rows = self.rows()
        self.assertTrue(rows["Q2-01"].can_nominate)
        self.assertContains(
            response,
            f'id="nominate-just-{self.other.pk}" name="justification" rows="2" '
            'maxlength="2000" required',
        )
        with self.assertRaisesMessage(ValidationError, "ต้องระบุเหตุผลประกอบการพิจารณา"):
            services.nomination_add(
                round_=self.round, district_code="5601", candidate_pk=self.other.pk, by=self.officer
            )
