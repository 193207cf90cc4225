"""What a round's districts are given: the quota of targets each must pick.

Quotas build on `selection.Round` (a higher layer than selection). They are stored as
entered, even for a district outside the round's province: the round validation reports
that, so a copied allocation register can be loaded and then corrected.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allocations import rules
from registry.models import District
from selection.models import Round


class QuotaKind(models.TextChoices):
    EXACT = rules.EXACT, _("จำนวนเท่ากับ")
    AT_LEAST = rules.AT_LEAST, _("อย่างน้อย (ขึ้นไป)")


class Quota(models.Model):
    """How many targets one district must pick in a round: exactly n (KBO "อำเภอละ ๒
    กลุ่ม") or at least n (QD "อำเภอละ ๖ ผลิตภัณฑ์ขึ้นไป")."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="quotas", verbose_name="รอบ"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="quotas", verbose_name="อำเภอ"
    )
    amount = models.PositiveSmallIntegerField("จำนวน")
    kind = models.CharField("ชนิด", max_length=10, choices=QuotaKind, default=QuotaKind.EXACT)
    remark = models.CharField("หมายเหตุ", max_length=255, blank=True)

    class Meta:
        ordering = ["round_id", "district_id"]
        verbose_name = "จำนวนจัดสรร"
        verbose_name_plural = "จำนวนจัดสรร"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "district"],
                name="allocations_quota_unique_round_district",
                violation_error_message="อำเภอนี้มีจำนวนจัดสรรในรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuotaKind.values),
                name="allocations_quota_kind_valid",
                violation_error_message="ชนิดจำนวนจัดสรรไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.district_id}: {self.amount}"
