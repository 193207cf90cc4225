"""Programs, their yearly rounds and the rules of a round as data.

A round's rules are ordered tiers of criteria (`Tier`, `Criterion`): tier 1 holds the
main rules, tier 2… the fallbacks used only where tier 1 does not fill a district's
quota. A criterion is one entry of the fixed vocabulary in `selection.criteria` with its
parameters as JSON, so the rules of next year are typed in, never coded.

Nominations live with their workflow in `nominations` (ADR 0022): the criterion "not a
target of program P in FY F" reads the registry's `Target` rows, which the nomination
services keep in step, so nothing here needs them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import ProgramCode, Province
from selection import rules
from selection.querysets import RoundQuerySet
from selection.units import Unit


class Program(models.Model):
    """A CDD program that runs in yearly rounds (KBO, QD, PSO, OPC).

    The code is the registry's `ProgramCode`, so participation records and programs
    name the same thing. The unit says what a round of it selects.
    """

    code = models.CharField("รหัสโครงการ", max_length=10, primary_key=True, choices=ProgramCode)
    name_th = models.CharField("ชื่อ (ไทย)", max_length=255)
    name_en = models.CharField("ชื่อ (อังกฤษ)", max_length=255)
    unit = models.CharField("หน่วยที่คัดเลือก", max_length=10, choices=Unit)

    class Meta:
        ordering = ["code"]
        verbose_name = "โครงการ"
        verbose_name_plural = "โครงการ"

    def __str__(self):
        return f"{self.code} {self.name_th}"


class RoundStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("ร่าง")
    OPEN = rules.OPEN, _("เปิดรับการคัดเลือก")
    CLOSED = rules.CLOSED, _("ปิดแล้ว")


class Round(models.Model):
    """One program in one fiscal year (BE) and one province: its status, deadline and
    rules. Its circular letter is `documents.Letter` (a higher layer; `round.letter`)."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="rounds", verbose_name="โครงการ"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="rounds", verbose_name="จังหวัด"
    )
    slug = models.SlugField("รหัสรอบ", max_length=80, unique=True)
    title = models.CharField("ชื่อรอบ", max_length=255)
    status = models.CharField(
        "สถานะ", max_length=10, choices=RoundStatus, default=RoundStatus.DRAFT
    )
    deadline = models.DateField("กำหนดส่ง", null=True, blank=True)
    max_products_per_producer = models.PositiveSmallIntegerField(
        "จำนวนผลิตภัณฑ์สูงสุดต่อผู้ผลิต",
        null=True,
        blank=True,
        help_text="เช่น OPC: ผู้ผลิต ๑ ราย/กลุ่ม ส่งได้ไม่เกิน ๒ ผลิตภัณฑ์",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "program", "province"]
        verbose_name = "รอบการคัดเลือก"
        verbose_name_plural = "รอบการคัดเลือก"
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="selection_round_fiscal_year_be_range",
                violation_error_message="ปีงบประมาณ (พ.ศ.) ต้องอยู่ระหว่าง 2500–2700",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values),
                name="selection_round_status_valid",
                violation_error_message="สถานะรอบไม่ถูกต้อง",
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return self.title or f"{self.program_id} {self.fiscal_year} {self.province_id}"

    @property
    def unit(self) -> str:
        return self.program.unit

    @property
    def is_draft(self) -> bool:
        return self.status == RoundStatus.DRAFT


class Tier(models.Model):
    """An ordered set of rules of a round: tier 1 is the main rules, 2… the fallbacks.

    A candidate belongs to the first tier whose criteria it meets, and to that one only.
    A rule that holds in every tier (seed 001's "not a KBO participant in FY 2567") is
    listed in each tier: the tiers are data, read as written.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tiers")
    order = models.PositiveSmallIntegerField("ลำดับ")
    title = models.CharField("ชื่อ", max_length=255, blank=True)

    class Meta:
        ordering = ["round_id", "order"]
        verbose_name = "ชั้นเกณฑ์"
        verbose_name_plural = "ชั้นเกณฑ์"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "order"],
                name="selection_tier_unique_order",
                violation_error_message="ลำดับชั้นเกณฑ์ซ้ำในรอบเดียวกัน",
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="selection_tier_order_positive",
                violation_error_message="ลำดับชั้นเกณฑ์เริ่มที่ ๑",
            ),
        ]

    def __str__(self):
        return f"ชั้นที่ {self.order}" + (f" {self.title}" if self.title else "")

    @property
    def is_fallback(self) -> bool:
        return self.order > 1


class Criterion(models.Model):
    """One rule of a tier: a kind from the fixed vocabulary, its parameters and its Thai text.

    Criteria of a tier that share an `any_group` number are alternatives (one of them is
    enough: seed 000's "Quadrant D with potential, or 1–3 stars"); every other criterion
    must hold. `clean()` checks the parameters against the kind's own validation.
    """

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("ลำดับ", default=1)
    kind = models.CharField("ชนิดเกณฑ์", max_length=40)
    params = models.JSONField("ค่ากำหนด", default=dict, blank=True)
    any_group = models.PositiveSmallIntegerField(
        "กลุ่ม 'หรือ'",
        null=True,
        blank=True,
        help_text="เกณฑ์ที่มีหมายเลขกลุ่มเดียวกัน ผ่านข้อใดข้อหนึ่งก็พอ",
    )
    explanation = models.TextField("คำอธิบาย (ภาษาไทย)", blank=True)

    class Meta:
        ordering = ["tier_id", "order", "pk"]
        verbose_name = "เกณฑ์"
        verbose_name_plural = "เกณฑ์"

    def __str__(self):
        return self.explanation or self.kind

    @property
    def text(self) -> str:
        """The Thai sentence people read: the typed explanation, or the kind's default."""
        return self.explanation or self.as_rule().describe()

    def clean(self):
        from selection.criteria import CRITERIA

        if self.kind not in CRITERIA:
            raise ValidationError({"kind": _("ไม่รู้จักชนิดเกณฑ์ '%(value)s'") % {"value": self.kind}})
        try:
            self.params = CRITERIA[self.kind].clean_params(self.params or {})
        except ValidationError as error:
            raise ValidationError({"params": error.messages}) from error

    def as_rule(self):
        """The criterion object of `selection.criteria` for this row."""
        from selection.criteria import build

        return build(
            self.kind,
            self.params,
            explanation=self.explanation,
            key=self.pk,
            any_group=self.any_group,
        )
