"""Nominations, a district's return in a round (`Submission`) and the actions its change
log records.

A `Nomination` is one candidate a district put forward in a round (round × district ×
candidate); a Submission is the envelope around one district's nominations in one round:
its status in the review workflow (`nominations.rules.TRANSITIONS`), the province's return comment,
and a deadline override when the province reopens a district after the deadline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations import rules
from nominations.querysets import NominationQuerySet, SubmissionQuerySet
from registry.models import District, Participation, Producer, Product
from selection.models import Round
from selection.units import Unit


class Nomination(models.Model):
    """A candidate a district put forward in a round (a target of that round).

    `product` is set for product programs and `producer` is then its owner. A candidate
    appears at most once per round. The table keeps the name it had when the model lived
    in `selection` (`selection_nomination`): moving the model moved no data (ADR 0022).
    Every nomination is also a `registry.Target` of the round's program and fiscal year,
    written by the services in the same transaction (`services.target_sync`).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="nominations", verbose_name="อำเภอ"
    )
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="nominations", verbose_name="ผู้ผลิต"
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
        verbose_name="ผลิตภัณฑ์",
    )
    tier = models.PositiveSmallIntegerField("ชั้นเกณฑ์", default=1)
    justification = models.TextField("เหตุผลประกอบการพิจารณา", blank=True)
    position = models.PositiveIntegerField("ลำดับ", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้เสนอ",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        db_table = "selection_nomination"
        ordering = ["round_id", "district_id", "position", "pk"]
        verbose_name = "การเสนอชื่อ"
        verbose_name_plural = "การเสนอชื่อ"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "producer"],
                condition=Q(product__isnull=True),
                name="selection_nomination_once_per_round_producer",
                violation_error_message="ผู้ผลิตนี้ได้รับการเสนอชื่อในรอบนี้แล้ว",
            ),
            models.UniqueConstraint(
                fields=["round", "product"],
                condition=Q(product__isnull=False),
                name="selection_nomination_once_per_round_product",
                violation_error_message="ผลิตภัณฑ์นี้ได้รับการเสนอชื่อในรอบนี้แล้ว",
            ),
        ]
        indexes = [models.Index(fields=["round", "district"])]

    def __str__(self):
        return f"{self.round_id}: {self.product_id or self.producer_id}"

    def clean(self):
        errors = {}
        if self.producer_id and self.district_id and self.producer.district_id != self.district_id:
            errors["district"] = "ผู้ผลิตไม่ได้อยู่ในอำเภอนี้"
        if self.product_id and self.producer_id and self.product.producer_id != self.producer_id:
            errors["product"] = "ผลิตภัณฑ์นี้ไม่ใช่ของผู้ผลิตที่ระบุ"
        if self.round_id:
            unit = self.round.program.unit
            if unit == Unit.PRODUCT and not self.product_id:
                errors["product"] = "โครงการนี้คัดเลือกเป็นรายผลิตภัณฑ์: ต้องระบุผลิตภัณฑ์"
            if unit == Unit.PRODUCER and self.product_id:
                errors["product"] = "โครงการนี้คัดเลือกเป็นรายผู้ผลิต: ไม่ต้องระบุผลิตภัณฑ์"
        if errors:
            raise ValidationError(errors)


class SubmissionStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("ร่าง (ยังไม่ส่ง)")
    SUBMITTED = rules.SUBMITTED, _("ส่งแล้ว รอตรวจ")
    RETURNED = rules.RETURNED, _("ส่งกลับให้แก้ไข")
    APPROVED = rules.APPROVED, _("อนุมัติแล้ว")


class Submission(models.Model):
    """One district's list of nominations in one round, and where it is in the review.

    `reopened_until` replaces the round's deadline for this district when the province
    reopens it after the deadline. `changed_at`/`changed_by` repeat the last change log row
    (`changelog.ChangeLog`, object "nominations.submission") so the
    fulfilment dashboard reads them without a query per district.
    """

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="submissions", verbose_name="รอบ"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="submissions", verbose_name="อำเภอ"
    )
    status = models.CharField(
        "สถานะ", max_length=10, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    reopened_until = models.DateField("ขยายเวลาถึง", null=True, blank=True)
    return_comment = models.TextField("ความเห็นเมื่อส่งกลับ", blank=True)
    submitted_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)
    changed_at = models.DateTimeField("แก้ไขล่าสุด", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="แก้ไขล่าสุดโดย",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "district_id"]
        verbose_name = "รายชื่อที่อำเภอเสนอ"
        verbose_name_plural = "รายชื่อที่อำเภอเสนอ"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "district"],
                name="nominations_submission_unique_round_district",
                violation_error_message="อำเภอนี้มีรายการเสนอชื่อในรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="nominations_submission_status_valid",
                violation_error_message="สถานะการเสนอชื่อไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.round_id} {self.district_id}: {self.status}"

    @property
    def deadline(self):
        """The deadline that applies to this district: the override, else the round's."""
        return self.reopened_until or self.round.deadline


class Action(models.TextChoices):
    """The actions of a district's timeline: `changelog.ChangeLog.action` of the rows
    the workflow services write on the district's `Submission` (see ADR 0017)."""

    NOMINATE = "submission.nominate", _("เสนอชื่อ")
    REMOVE = "submission.remove", _("ถอนชื่อ")
    MOVE = "submission.move", _("เปลี่ยนลำดับ")
    JUSTIFY = "submission.justify", _("บันทึกเหตุผล")
    SUBMIT = "submission.submit", _("ส่งรายชื่อ")
    RETURN = "submission.return", _("ส่งกลับให้แก้ไข")
    APPROVE = "submission.approve", _("อนุมัติ")
    REOPEN = "submission.reopen", _("เปิดให้แก้ไขหลังกำหนดส่ง")
    LOAD_FORM = "submission.load_form", _("นำเข้าแบบรายงานที่กรอกแล้ว")
    KEEP = "submission.keep", _("ยืนยันคงรายชื่อไว้")


class StaleKind(models.TextChoices):
    """Why a nomination stopped being justified (`nominations.rules.stale_nominations`)."""

    INELIGIBLE = "ineligible", _("ไม่ผ่านเกณฑ์แล้ว")
    FALLBACK_NOT_NEEDED = "fallback_not_needed", _("ชั้นสำรองที่ไม่ต้องใช้แล้ว")


class KeptNomination(models.Model):
    """The province's decision to keep a nomination the registry no longer supports.

    A registry import can leave a nomination stale (its candidate in no tier, or a
    fallback no longer needed); approval waits until the province decides. Keeping it
    is one row per nomination and kind of problem, with the reason, and a `keep` event
    in the district's timeline. A nomination that later goes stale for the other reason
    needs a decision again; a removed nomination takes its decisions with it.
    """

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="kept", verbose_name="รายชื่อที่เสนอ"
    )
    kind = models.CharField("ปัญหา", max_length=20, choices=StaleKind)
    problem = models.TextField("ปัญหาที่พบขณะตัดสินใจ")
    reason = models.TextField("เหตุผลที่คงไว้")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ตัดสินใจ",
    )
    at = models.DateTimeField("เมื่อ", default=timezone.now)

    class Meta:
        ordering = ["nomination_id", "kind"]
        verbose_name = "รายชื่อที่จังหวัดยืนยันคงไว้"
        verbose_name_plural = "รายชื่อที่จังหวัดยืนยันคงไว้"
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind"],
                name="nominations_keptnomination_unique",
                violation_error_message="จังหวัดยืนยันคงรายชื่อนี้ไว้แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.nomination_id} {self.kind}"


class RoundParticipation(models.Model):
    """A `registry.Participation` row that closing this round wrote (see ADR 0012).

    Closing a round turns its approved nominations into Participation; if the province
    reopens the round, changes approvals and closes it again, the rows must follow: rows
    this round wrote for nominations no longer approved go, new approvals get rows. This
    link says which rows are the round's, so participation loaded from spreadsheets (no
    link) is never touched. It lives here rather than as a column of Participation
    because registry is the lowest layer and knows nothing of rounds.
    """

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="participation_links", verbose_name="รอบ"
    )
    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="round_links",
        verbose_name="การเข้าร่วมโครงการ",
    )

    class Meta:
        ordering = ["round_id", "participation_id"]
        verbose_name = "การเข้าร่วมโครงการจากการปิดรอบ"
        verbose_name_plural = "การเข้าร่วมโครงการจากการปิดรอบ"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participation"],
                name="nominations_roundparticipation_unique",
                violation_error_message="รอบนี้บันทึกการเข้าร่วมโครงการรายการนี้แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.round_id} → {self.participation_id}"
