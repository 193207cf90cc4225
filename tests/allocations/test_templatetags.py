"""The quota filters (`{% load quotas %}`): the "at least" marker decided once."""

from django.test import SimpleTestCase
from django.utils import translation

from allocations.models import Quota, QuotaKind
from allocations.templatetags.quotas import quota_amount, quota_amount_short


class QuotaAmountTestCase(SimpleTestCase):
    def test_it_words_each_kind(self):
        table = [
            (Quota(amount=5, kind=QuotaKind.EXACT), "๕ ราย (พอดี)"),
            (Quota(amount=12, kind=QuotaKind.AT_LEAST), "๑๒ ราย ขึ้นไป"),
            (None, "—"),
        ]
        with translation.override("th"):
            for quota, text in table:
                with self.subTest(quota=quota and quota.kind):
                    self.assertEqual(quota_amount(quota), text)


class QuotaAmountShortTestCase(SimpleTestCase):
    def test_it_marks_a_minimum_with_a_plus(self):
        table = [
            (Quota(amount=5, kind=QuotaKind.EXACT), "๕"),
            (Quota(amount=12, kind=QuotaKind.AT_LEAST), "๑๒+"),
            (Quota(amount=0, kind=QuotaKind.AT_LEAST), "๐+"),
            (None, "—"),
        ]
        for quota, text in table:
            with self.subTest(quota=quota and quota.kind):
                self.assertEqual(quota_amount_short(quota), text)
