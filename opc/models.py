"""OPC rounds (applications, committee, scores, publications) and PSO picks.

An OPC round is a `selection.Round` of program OPC: its settings are rows here (the
score bands `ScoreBand`, the scoring parts `ScoringPart`, the stage dates `Stage`, and
`OpcSettings` for the rest, read together as `opc.rules.Settings` by
`opc.round_settings`), and its rules (tiers and criteria) say which producers may apply.
Publishing writes `registry.StarRating` for the round's fiscal year;
`PublishedRating` remembers what this round wrote so a
re-publication changes only what differs.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opc import rules
from opc.querysets import ApplicationQuerySet
from registry.models import Category, District, Producer, Product
from selection.models import Round

# ---------------------------------------------------------------- round settings
#
# Range rules are database checks; the rules across rows (bands without gaps or
# overlaps, parts adding up to 100, stages in order) are `opc.rules`, run by the
# services that write these rows (`opc.round_settings.settings_write`).


class OpcSettings(models.Model):
    """What an OPC or PSO round sets besides its bands, parts and stages."""

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, primary_key=True, related_name="opc_settings"
    )
    parts_by_province = models.BooleanField(
        _("จังหวัดกำหนดส่วนการให้คะแนนเองแล้ว"),
        default=False,
        help_text=_("ไม่ใช่ค่าเริ่มต้นของระบบ"),
    )
    pso_per_category = models.PositiveSmallIntegerField(
        _("จำนวนผลิตภัณฑ์ต่อประเภท (PSO)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("ค่าตั้งของรอบ OPC/PSO")
        verbose_name_plural = _("ค่าตั้งของรอบ OPC/PSO")
        constraints = [
            models.CheckConstraint(
                condition=Q(pso_per_category__isnull=True)
                | Q(pso_per_category__gte=1, pso_per_category__lte=99),
                name="opc_settings_pso_per_category_range",
                violation_error_message=_("จำนวนผลิตภัณฑ์ต่อประเภทต้องอยู่ระหว่าง ๑–๙๙"),
            ),
        ]

    def __str__(self):
        return str(self.round)


class ScoreBand(models.Model):
    """A score band of the round, in whole points: `min_score`–`max_score` give `stars`."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_score_bands")
    stars = models.PositiveSmallIntegerField(_("ระดับดาว"))
    min_score = models.PositiveSmallIntegerField(_("คะแนนต่ำสุด"))
    max_score = models.PositiveSmallIntegerField(_("คะแนนสูงสุด"))

    class Meta:
        ordering = ["round", "-min_score"]
        verbose_name = _("ช่วงคะแนนระดับดาว")
        verbose_name_plural = _("ช่วงคะแนนระดับดาว")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "stars"],
                name="opc_scoreband_one_per_stars",
                violation_error_message=_("ระดับดาวนี้มีช่วงคะแนนแล้ว"),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="opc_scoreband_stars_range",
                violation_error_message=_("ระดับดาวต้องอยู่ระหว่าง ๑–๕"),
            ),
            models.CheckConstraint(
                condition=Q(min_score__lte=100, max_score__lte=100),
                name="opc_scoreband_score_range",
                violation_error_message=_("คะแนนต้องอยู่ระหว่าง ๐–๑๐๐"),
            ),
        ]

    def __str__(self):
        return f"{self.stars}: {self.min_score}–{self.max_score}"

    def clean(self):
        if (
            self.min_score is not None
            and self.max_score is not None
            and self.min_score > self.max_score
        ):
            raise ValidationError(_("คะแนนต่ำสุดต้องไม่มากกว่าคะแนนสูงสุด"))

    def as_band(self) -> rules.Band:
        return rules.Band(self.stars, Decimal(self.min_score), Decimal(self.max_score))


class ScoringPart(models.Model):
    """A scoring part of the round with its maximum points, in the round's order."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_scoring_parts")
    key = models.CharField(_("รหัส"), max_length=40)
    name = models.CharField(_("ชื่อส่วนการให้คะแนน"), max_length=200)
    max_points = models.DecimalField(_("คะแนนเต็ม"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("ลำดับ"))

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("ส่วนการให้คะแนน")
        verbose_name_plural = _("ส่วนการให้คะแนน")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "key"],
                name="opc_scoringpart_key_once",
                violation_error_message=_("รหัสส่วนการให้คะแนนซ้ำ"),
            ),
            models.UniqueConstraint(
                fields=["round", "order"],
                name="opc_scoringpart_order_once",
                violation_error_message=_("ลำดับส่วนการให้คะแนนซ้ำ"),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0, max_points__lte=100),
                name="opc_scoringpart_max_points_range",
                violation_error_message=_("คะแนนเต็มต้องมากกว่า ๐ และไม่เกิน ๑๐๐"),
            ),
            models.CheckConstraint(
                condition=~Q(key="") & ~Q(name=""),
                name="opc_scoringpart_key_name_not_blank",
                violation_error_message=_("ทุกส่วนการให้คะแนนต้องมีรหัสและชื่อ"),
            ),
        ]

    def __str__(self):
        return self.name

    def as_part(self) -> rules.Part:
        """The part with its points as written (20, 17.5), not the column's 20.00."""
        points = self.max_points
        points = (
            points.quantize(Decimal(1)) if points == points.to_integral() else points.normalize()
        )
        return rules.Part(self.key, self.name, points)


class Stage(models.Model):
    """The dates of one of the round's stages (seed 003's six, `opc.rules.STAGES`);
    a stage without a row is undated."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_stages")
    key = models.CharField(_("ขั้นตอน"), max_length=20, choices=rules.STAGES)
    starts_on = models.DateField(_("วันเริ่ม"), null=True, blank=True)
    ends_on = models.DateField(_("วันสิ้นสุด"), null=True, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("ขั้นตอนของรอบ")
        verbose_name_plural = _("ขั้นตอนของรอบ")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "key"],
                name="opc_stage_once",
                violation_error_message=_("ขั้นตอนนี้มีวันแล้ว"),
            ),
            models.CheckConstraint(
                condition=Q(key__in=[key for key, _label in rules.STAGES]),
                name="opc_stage_key_valid",
                violation_error_message=_("ขั้นตอนไม่ถูกต้อง"),
            ),
        ]

    def __str__(self):
        return f"{self.round_id} {self.key}"

    def clean(self):
        messages = rules.check_stages([self.as_stage_dates()])
        if messages:
            raise ValidationError(messages)

    def as_stage_dates(self) -> rules.StageDates:
        label = dict(rules.STAGES).get(self.key, self.key)
        return rules.StageDates(self.key, label, self.starts_on, self.ends_on)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = rules.SUBMITTED, _("ส่งใบสมัครแล้ว (รอให้คะแนน)")
    SCORED = rules.SCORED, _("ให้คะแนนแล้ว")
    WITHDRAWN = rules.WITHDRAWN, _("ถอนการสมัคร")


class Application(models.Model):
    """One main product or one set a producer sends to an OPC round.

    `slot` numbers a producer's active applications 1…N: with the unique constraint it
    is the database's own guard of "at most N per producer" under concurrent entry (the
    service also locks the producer row). A withdrawn application frees its slot.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_applications")
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="opc_applications", verbose_name="ผู้ผลิต"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="opc_applications", verbose_name="อำเภอ"
    )
    is_set = models.BooleanField("สมัครเป็นชุดผลิตภัณฑ์", default=False)
    set_name = models.CharField("ชื่อชุดผลิตภัณฑ์", max_length=255, blank=True)
    slot = models.PositiveSmallIntegerField("ลำดับของผู้ผลิต")
    status = models.CharField(
        "สถานะ", max_length=10, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    total_score = models.DecimalField(
        "คะแนนรวม", max_digits=5, decimal_places=2, null=True, blank=True
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ให้คะแนน",
    )
    scored_at = models.DateTimeField("เวลาให้คะแนน", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึก",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "district_id", "producer_id", "slot"]
        verbose_name = "ใบสมัคร OPC"
        verbose_name_plural = "ใบสมัคร OPC"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "producer", "slot"],
                condition=~Q(status=ApplicationStatus.WITHDRAWN),
                name="opc_application_one_per_slot",
                violation_error_message="ผู้ผลิตรายนี้ส่งผลิตภัณฑ์เข้าคัดสรรครบจำนวนแล้ว",
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1),
                name="opc_application_slot_positive",
                violation_error_message="ลำดับใบสมัครเริ่มที่ ๑",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="opc_application_status_valid",
                violation_error_message="สถานะใบสมัครไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | Q(total_score__gte=0, total_score__lte=100),
                name="opc_application_total_0_100",
                violation_error_message="คะแนนรวมต้องอยู่ระหว่าง ๐–๑๐๐",
            ),
        ]
        indexes = [models.Index(fields=["round", "district"])]

    def __str__(self):
        return f"{self.round_id}/{self.pk}: {self.producer_id}"

    @property
    def title(self) -> str:
        if self.is_set and self.set_name:
            return self.set_name
        names = [item.product.name for item in self.items.all()]
        return ", ".join(names)


class ApplicationProduct(models.Model):
    """A registered product of an application (one, or several for a set)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="opc_items", verbose_name="ผลิตภัณฑ์"
    )

    class Meta:
        ordering = ["application_id", "product_id"]
        verbose_name = "ผลิตภัณฑ์ในใบสมัคร"
        verbose_name_plural = "ผลิตภัณฑ์ในใบสมัคร"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "product"],
                name="opc_applicationproduct_unique",
                violation_error_message="ผลิตภัณฑ์ซ้ำในใบสมัครเดียวกัน",
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.product_id}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("ประธานกรรมการ")
    MEMBER = "member", _("กรรมการ")


class CommitteeMember(models.Model):
    """A user on the scoring committee of one round (and so of its province only)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="opc_committees",
        verbose_name="ผู้ใช้",
    )
    role = models.CharField("บทบาท", max_length=10, choices=CommitteeRole, default="member")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_id", "role", "user_id"]
        verbose_name = "กรรมการคัดสรร"
        verbose_name_plural = "กรรมการคัดสรร"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                name="opc_committee_once_per_round",
                violation_error_message="ผู้ใช้นี้เป็นกรรมการของรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(role__in=CommitteeRole.values),
                name="opc_committee_role_valid",
                violation_error_message="บทบาทกรรมการไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.user_id} ({self.role})"


class Score(models.Model):
    """The committee's points for one scoring part of one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    part = models.CharField("ส่วนการให้คะแนน", max_length=40)
    points = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="ผู้ให้คะแนน",
    )
    scored_at = models.DateTimeField("เวลาให้คะแนน")

    class Meta:
        ordering = ["application_id", "pk"]
        verbose_name = "คะแนน"
        verbose_name_plural = "คะแนน"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "part"],
                name="opc_score_one_per_part",
                violation_error_message="ส่วนนี้มีคะแนนแล้ว",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=100),
                name="opc_score_points_0_100",
                violation_error_message="คะแนนต้องอยู่ระหว่าง ๐–๑๐๐",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.part}: {self.points}"


class Publication(models.Model):
    """One publication of a round's results into the registry: who, when, what changed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_publications")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="ผู้ประกาศผล",
    )
    published_at = models.DateTimeField("เวลาประกาศผล", auto_now_add=True)
    year = models.PositiveSmallIntegerField("ปีที่บันทึกระดับดาว (พ.ศ.)")
    created = models.PositiveIntegerField("เพิ่มใหม่", default=0)
    updated = models.PositiveIntegerField("แก้ไข", default=0)
    unchanged = models.PositiveIntegerField("ไม่เปลี่ยนแปลง", default=0)
    removed = models.PositiveIntegerField("ลบออก", default=0)
    details = models.JSONField("รายละเอียด", default=dict, blank=True)

    class Meta:
        ordering = ["round_id", "-published_at", "-pk"]
        verbose_name = "การประกาศผล"
        verbose_name_plural = "การประกาศผล"

    def __str__(self):
        return f"{self.round_id} {self.published_at:%Y-%m-%d %H:%M}"


class PublishedRating(models.Model):
    """What this round last wrote into the registry for a product (for re-publishing)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="opc_published")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "product"],
                name="opc_publishedrating_once",
                violation_error_message="ผลิตภัณฑ์นี้มีผลที่ประกาศแล้วในรอบนี้",
            )
        ]

    def __str__(self):
        return f"{self.round_id} {self.product_id}: {self.stars}"


class PsoPick(models.Model):
    """The province's product of one category in a PSO round, with its remark.

    One per category per round, enforced by the database as well as the service.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pso_picks")
    category = models.CharField("ประเภทผลิตภัณฑ์", max_length=10, choices=Category)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="pso_picks", verbose_name="ผลิตภัณฑ์"
    )
    remark = models.TextField("เหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด")
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_id", "category"]
        verbose_name = "ผลิตภัณฑ์ PSO"
        verbose_name_plural = "ผลิตภัณฑ์ PSO"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category"],
                name="opc_psopick_one_per_category",
                violation_error_message="ประเภทนี้เลือกผลิตภัณฑ์แล้ว (ประเภทละ ๑ ผลิตภัณฑ์)",
            ),
            models.UniqueConstraint(
                fields=["round", "product"],
                name="opc_psopick_product_once",
                violation_error_message="ผลิตภัณฑ์นี้ถูกเลือกในรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="opc_psopick_category_valid",
                violation_error_message="ประเภทผลิตภัณฑ์ไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.round_id} {self.category}: {self.product_id}"


class EventAction(models.TextChoices):
    """What OPC and PSO rounds record in the shared change log (`changelog.ChangeLog
    .action`): on the application for entries and scores, on the round for the
    committee, publishing and PSO picks. A score correction keeps the earlier points
    there, since `Score` holds only the latest. Settings changes are the round's own
    `round.opc_settings` rows (`opc.services.ROUND_OPC_SETTINGS`)."""

    ENTERED = "opc.entered", _("บันทึกใบสมัคร")
    WITHDRAWN = "opc.withdrawn", _("ถอนการสมัคร")
    SCORED = "opc.scored", _("ให้คะแนน")
    PUBLISHED = "opc.published", _("ประกาศผล")
    COMMITTEE_ADDED = "opc.committee_added", _("เพิ่มกรรมการ")
    COMMITTEE_REMOVED = "opc.committee_removed", _("นำกรรมการออก")
    PSO_PICKED = "opc.pso_picked", _("เลือกผลิตภัณฑ์ PSO")
    PSO_REMOVED = "opc.pso_removed", _("ยกเลิกผลิตภัณฑ์ PSO")
