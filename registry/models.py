"""The OTOP registry: places, producers, products, their yearly history, participation.

This app knows nothing of programs or rounds: `selection/` builds on it. Years are
Buddhist Era (BE) integers everywhere; constraints keep them in a sane window so a CE
year typed by mistake (2024) cannot be stored as if it were BE.
"""

import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.scope import ImportBatchQuerySet, ProducerQuerySet, ProductQuerySet
from registry.thai import PhoneError, phone_canonical

# BE years the registry accepts: OTOP began in 2544 (2001 CE).
MIN_YEAR_BE = 2500
MAX_YEAR_BE = 2700


def _not_blank(field: str, label: str) -> models.CheckConstraint:
    """A required text (a code, a name) is not empty in the database either: the bulk
    writers (registry import, national generator) skip `full_clean`, see ADR 0020."""
    return models.CheckConstraint(
        condition=~Q(**{field: ""}),
        name="%(app_label)s_%(class)s_" + f"{field}_not_blank",
        violation_error_message=f"{label}ต้องไม่ว่าง",
    )


def _year_range_check(field: str, *, nullable: bool = False) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gte": MIN_YEAR_BE, f"{field}__lte": MAX_YEAR_BE})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name="%(app_label)s_%(class)s_" + f"{field}_be_range",
        violation_error_message=f"ปี พ.ศ. ต้องอยู่ระหว่าง {MIN_YEAR_BE}–{MAX_YEAR_BE}",
    )


def _once_per_program_year(
    kind: str, *, producer_message: str, product_message: str
) -> list[models.BaseConstraint]:
    """A producer (producer-unit rows) or a product (product-unit rows) at most once per
    program and fiscal year, a BE fiscal year, a known program: the shared rules of the
    records kept per program and year (`Participation`, `Target`)."""
    return [
        models.UniqueConstraint(
            fields=["program", "fiscal_year", "producer"],
            condition=Q(product__isnull=True),
            name=f"registry_{kind}_unique_producer",
            violation_error_message=producer_message,
        ),
        models.UniqueConstraint(
            fields=["program", "fiscal_year", "product"],
            condition=Q(product__isnull=False),
            name=f"registry_{kind}_unique_product",
            violation_error_message=product_message,
        ),
        _year_range_check("fiscal_year"),
        models.CheckConstraint(
            condition=Q(program__in=ProgramCode.values),
            name=f"registry_{kind}_program_valid",
            violation_error_message="รหัสโครงการไม่ถูกต้อง",
        ),
    ]


class Province(models.Model):
    """A province (จังหวัด) with its 2-digit DOPA code; loaded from geothai."""

    code = models.CharField("รหัส", max_length=2, primary_key=True)
    name_th = models.CharField("ชื่อ (ไทย)", max_length=100, unique=True)
    name_en = models.CharField("ชื่อ (อังกฤษ)", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "จังหวัด"
        verbose_name_plural = "จังหวัด"

    def __str__(self):
        return self.name_th


class District(models.Model):
    """A district (อำเภอ, or เขต in Bangkok) with its 4-digit DOPA code."""

    code = models.CharField("รหัส", max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name="จังหวัด"
    )
    name_th = models.CharField("ชื่อ (ไทย)", max_length=100)
    name_en = models.CharField("ชื่อ (อังกฤษ)", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "อำเภอ"
        verbose_name_plural = "อำเภอ"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_th"],
                name="registry_district_unique_name_in_province",
                violation_error_message="ชื่ออำเภอซ้ำในจังหวัดเดียวกัน",
            )
        ]

    def __str__(self):
        return self.name_th


class Subdistrict(models.Model):
    """A subdistrict (ตำบล, or แขวง in Bangkok) with its 6-digit DOPA code."""

    code = models.CharField("รหัส", max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name="อำเภอ"
    )
    name_th = models.CharField("ชื่อ (ไทย)", max_length=100)
    name_en = models.CharField("ชื่อ (อังกฤษ)", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "ตำบล"
        verbose_name_plural = "ตำบล"

    def __str__(self):
        return self.name_th


class ProducerType(models.TextChoices):
    COMMUNITY_GROUP = "group", _("กลุ่มผู้ผลิตชุมชน")
    SINGLE_OWNER = "single", _("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว")
    SME = "sme", _("ผู้ผลิตชุมชนที่เป็นวิสาหกิจขนาดกลางและขนาดย่อม (SME)")


class Category(models.TextChoices):
    FOOD = "food", _("อาหาร")
    DRINK = "drink", _("เครื่องดื่ม")
    TEXTILE = "textile", _("ผ้า เครื่องแต่งกาย")
    HOUSEHOLD = "household", _("ของใช้ ของตกแต่ง ของที่ระลึก")
    HERBAL = "herbal", _("สมุนไพรที่ไม่ใช่อาหาร")


class Quadrant(models.TextChoices):
    A = "A", "A กลุ่มดาวเด่นสู่สากล"
    B = "B", "B กลุ่มเอกลักษณ์สร้างคุณค่า"
    C = "C", "C กลุ่มพัฒนาสร้างสรรค์"
    D = "D", "D กลุ่มปรับตัวสู่การพัฒนา"


class Producer(models.Model):
    """A registered OTOP producer (ผู้ผลิต ผู้ประกอบการ OTOP), keyed by its registration code.

    The district is required (every registry row names one); the subdistrict is optional
    because many registry exports leave it blank.
    """

    code = models.CharField("รหัสผู้ผลิต", max_length=50, unique=True)
    name = models.CharField("ชื่อผู้ผลิต", max_length=255)
    producer_type = models.CharField("ประเภทผู้ผลิต", max_length=10, choices=ProducerType)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="producers", verbose_name="อำเภอ"
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        related_name="producers",
        null=True,
        blank=True,
        verbose_name="ตำบล",
    )
    village_no = models.PositiveSmallIntegerField("หมู่ที่", null=True, blank=True)
    address = models.CharField("ที่อยู่", max_length=255, blank=True)
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)
    registered_year = models.PositiveSmallIntegerField("ปีที่ลงทะเบียน (พ.ศ.)", null=True, blank=True)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "ผู้ผลิต"
        verbose_name_plural = "ผู้ผลิต"
        constraints = [
            _year_range_check("registered_year", nullable=True),
            _not_blank("code", "รหัสผู้ผลิต"),
            _not_blank("name", "ชื่อผู้ผลิต"),
            models.CheckConstraint(
                condition=Q(village_no__isnull=True) | Q(village_no__gte=1, village_no__lte=999),
                name="registry_producer_village_no_1_999",
                violation_error_message="หมู่ที่ต้องอยู่ระหว่าง 1–999",
            ),
            models.CheckConstraint(
                condition=Q(producer_type__in=ProducerType.values),
                name="registry_producer_type_valid",
                violation_error_message="ประเภทผู้ผลิตไม่ถูกต้อง",
            ),
        ]
        indexes = [models.Index(fields=["district", "producer_type"])]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        # The phone is stored in one form (digits, see registry.thai.phone_canonical) so
        # that one number typed two ways is one value, here as in the registry import.
        super().clean()
        if self.phone:
            try:
                self.phone = phone_canonical(self.phone)
            except PhoneError:
                raise ValidationError({"phone": _("โทรศัพท์ต้องมีตัวเลข")}) from None


class Product(models.Model):
    """A registered OTOP product (ผลิตภัณฑ์) of one producer, keyed by its code."""

    code = models.CharField("รหัสผลิตภัณฑ์", max_length=50, unique=True)
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="products", verbose_name="ผู้ผลิต"
    )
    name = models.CharField("ชื่อผลิตภัณฑ์", max_length=255)
    category = models.CharField("ประเภทผลิตภัณฑ์", max_length=10, choices=Category)
    registered_year = models.PositiveSmallIntegerField("ปีที่ลงทะเบียน (พ.ศ.)")

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "ผลิตภัณฑ์"
        verbose_name_plural = "ผลิตภัณฑ์"
        constraints = [
            _year_range_check("registered_year"),
            _not_blank("code", "รหัสผลิตภัณฑ์"),
            _not_blank("name", "ชื่อผลิตภัณฑ์"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="registry_product_category_valid",
                violation_error_message="ประเภทผลิตภัณฑ์ไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class StarRating(models.Model):
    """The star level (ระดับดาว) a product was given in one OPC year; one per product and year."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="star_ratings", verbose_name="ผลิตภัณฑ์"
    )
    year = models.PositiveSmallIntegerField("ปีที่คัดสรร (พ.ศ.)")
    stars = models.PositiveSmallIntegerField("ระดับดาว")
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["product", "year"]
        verbose_name = "ระดับดาว"
        verbose_name_plural = "ระดับดาว"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year"],
                name="registry_starrating_one_per_year",
                violation_error_message="ผลิตภัณฑ์นี้มีระดับดาวของปีนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="registry_starrating_stars_1_5",
                violation_error_message="ระดับดาวต้องอยู่ระหว่าง ๑–๕",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="registry_starrating_score_0_100",
                violation_error_message="คะแนนต้องอยู่ระหว่าง ๐–๑๐๐",
            ),
            _year_range_check("year"),
        ]
        indexes = [models.Index(fields=["year", "stars"])]

    def __str__(self):
        return f"{self.product.code} {self.year}: {self.stars} ดาว"


class QuadrantRating(models.Model):
    """The Quadrant group (A–D) a product was placed in for one year; one per product and year."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="quadrant_ratings",
        verbose_name="ผลิตภัณฑ์",
    )
    year = models.PositiveSmallIntegerField("ปีที่จัดกลุ่ม (พ.ศ.)")
    quadrant = models.CharField("กลุ่ม Quadrant", max_length=1, choices=Quadrant)

    class Meta:
        ordering = ["product", "year"]
        verbose_name = "กลุ่ม Quadrant"
        verbose_name_plural = "กลุ่ม Quadrant"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year"],
                name="registry_quadrantrating_one_per_year",
                violation_error_message="ผลิตภัณฑ์นี้มีกลุ่ม Quadrant ของปีนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(quadrant__in=Quadrant.values),
                name="registry_quadrantrating_quadrant_valid",
                violation_error_message="กลุ่ม Quadrant ต้องเป็น A, B, C หรือ D",
            ),
            _year_range_check("year"),
        ]
        indexes = [models.Index(fields=["year", "quadrant"])]

    def __str__(self):
        return f"{self.product.code} {self.year}: {self.quadrant}"


class ProgramCode(models.TextChoices):
    """The programs whose participation the registry records.

    Only the codes live here (the registry keeps history, it does not run programs);
    `selection.Program` holds each program's names and unit.
    """

    KBO = "KBO", "KBO เครือข่ายองค์ความรู้"
    QD = "QD", "พัฒนาผลิตภัณฑ์กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)"
    PSO = "PSO", "สุดยอดผลิตภัณฑ์ OTOP เด่นจังหวัด"
    OPC = "OPC", "คัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย"


class Participation(models.Model):
    """Who took part in which program in which fiscal year (BE).

    For a program whose unit is a product, `product` is set and `producer` is its owner;
    for a producer program `product` is empty. Rules such as "not a KBO participant in
    FY 2567" read this table.
    """

    program = models.CharField("โครงการ", max_length=10, choices=ProgramCode)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="participations", verbose_name="ผู้ผลิต"
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="participations",
        null=True,
        blank=True,
        verbose_name="ผลิตภัณฑ์",
    )

    class Meta:
        ordering = ["-fiscal_year", "program"]
        verbose_name = "การเข้าร่วมโครงการ"
        verbose_name_plural = "การเข้าร่วมโครงการ"
        constraints = _once_per_program_year(
            "participation",
            producer_message="ผู้ผลิตนี้มีประวัติเข้าร่วมโครงการนี้ในปีนี้แล้ว",
            product_message="ผลิตภัณฑ์นี้มีประวัติเข้าร่วมโครงการนี้ในปีนี้แล้ว",
        )
        indexes = [models.Index(fields=["program", "fiscal_year"])]

    def __str__(self):
        return f"{self.program} {self.fiscal_year}: {self.producer.code}"


class Target(models.Model):
    """A producer or product already chosen as a target of a program in a fiscal year (BE)
    by a round in this application: nominated in some round of that program and year.

    It is what the criterion "not a target of program P in FY F" (`selection.criteria`)
    reads, beside `Participation` (targets chosen outside the application). The registry
    knows no rounds: the nomination services (`nominations.services.target_sync`) write
    and delete these rows in the same transaction as the nominations, one row while at
    least one round of the program and year nominates the candidate. Keyed like
    `Participation`: `product` for a product program (`producer` is then its owner),
    none for a producer program.
    """

    program = models.CharField("โครงการ", max_length=10, choices=ProgramCode)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="targets", verbose_name="ผู้ผลิต"
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="targets",
        null=True,
        blank=True,
        verbose_name="ผลิตภัณฑ์",
    )

    class Meta:
        ordering = ["-fiscal_year", "program", "pk"]
        verbose_name = "กลุ่มเป้าหมายที่เสนอชื่อในระบบ"
        verbose_name_plural = "กลุ่มเป้าหมายที่เสนอชื่อในระบบ"
        constraints = _once_per_program_year(
            "target",
            producer_message="ผู้ผลิตนี้เป็นกลุ่มเป้าหมายของโครงการนี้ในปีนี้แล้ว",
            product_message="ผลิตภัณฑ์นี้เป็นกลุ่มเป้าหมายของโครงการนี้ในปีนี้แล้ว",
        )
        indexes = [models.Index(fields=["program", "fiscal_year"])]

    def __str__(self):
        return f"{self.program} {self.fiscal_year}: {self.product_id or self.producer_id}"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", "กำลังตรวจไฟล์"
    PREVIEWED = "previewed", "รอยืนยัน"
    REJECTED = "rejected", "อ่านไฟล์ไม่ได้"
    QUEUED = "queued", "รอคิว"
    RUNNING = "running", "กำลังนำเข้า"
    SUCCEEDED = "succeeded", "สำเร็จ"
    PARTIAL = "partial", "สำเร็จบางส่วน (ข้ามแถวที่ผิด)"
    FAILED = "failed", "ไม่สำเร็จ"
    CANCELLED = "cancelled", "ยกเลิก"


def _unguessable_name(folder: str, filename: str) -> str:
    """`folder/<32 random hex digits><extension>`: a stored name nobody can guess or count.

    The service's name (`32-errors.xlsx`) gave away the batch number, and a sequential name
    is one any logged-in user could try. Files are only served through views that check
    who may see the batch (registry.files); the original name is kept in `file_name`.
    """
    extension = PurePosixPath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
        extension = ""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def import_upload_to(instance, filename: str) -> str:
    """Where an ImportBatch's uploaded spreadsheet is stored (see _unguessable_name)."""
    return _unguessable_name("imports", filename)


def import_errors_upload_to(instance, filename: str) -> str:
    """Where an ImportBatch's error workbook is stored (see _unguessable_name)."""
    return _unguessable_name("imports/errors", filename)


class ImportBatch(models.Model):
    """One spreadsheet import (registry, participation, or another registered kind).

    Every import is recorded: who, when, the file's name, size and SHA-256, the preview or
    result summary (counts, warnings, errors) and its status. The uploaded file is kept in
    storage between preview and confirm and re-checked against the checksum before the
    real run. Progress fields are updated by the background task and polled by the page.
    `kind` is free text (see registry.importing.kinds) so other apps can add sheet types
    without a registry migration.
    """

    Status = ImportStatus

    kind = models.CharField("ชนิดข้อมูล", max_length=30)
    status = models.CharField(
        "สถานะ", max_length=12, choices=ImportStatus, default=ImportStatus.PREVIEWED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name="ผู้นำเข้า",
    )
    created_at = models.DateTimeField("เวลาอัปโหลด", auto_now_add=True)
    started_at = models.DateTimeField("เริ่มนำเข้า", null=True, blank=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)
    file_name = models.CharField("ชื่อไฟล์", max_length=255)
    file_size = models.PositiveBigIntegerField("ขนาดไฟล์ (ไบต์)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    sheet_name = models.CharField("ชีต", max_length=100, blank=True)
    skip_invalid = models.BooleanField("ข้ามแถวที่ไม่ถูกต้อง", default=False)
    # What an importer needs beyond the file, given by the app that uploads it (the
    # allocation register: {"round_id", "default_kind"}). Plain data: the registry knows
    # no rounds; the importer of that app reads it (registry.importing.kinds).
    context = models.JSONField("บริบทการนำเข้า", default=dict, blank=True)
    stored_file = models.FileField("ไฟล์ที่อัปโหลด", upload_to=import_upload_to, blank=True)
    errors_file = models.FileField("ไฟล์ข้อผิดพลาด", upload_to=import_errors_upload_to, blank=True)
    summary = models.JSONField("สรุป", default=dict, blank=True)
    phase = models.CharField("ขั้นตอน", max_length=10, blank=True)
    rows_total = models.PositiveIntegerField("จำนวนแถว", default=0)
    rows_done = models.PositiveIntegerField("แถวที่ทำแล้ว", default=0)
    error_count = models.PositiveIntegerField("จำนวนข้อผิดพลาด", default=0)
    message = models.TextField("ข้อความ", blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "การนำเข้าข้อมูล"
        verbose_name_plural = "การนำเข้าข้อมูล"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values),
                name="registry_importbatch_status_valid",
                violation_error_message="สถานะการนำเข้าไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
