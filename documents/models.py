"""The circular letter (หนังสือเวียน) of a round: what the letter says, kept apart from
what the round is (`selection.Round`: program, year, province, status, deadline, rules).

A round has at most one `Letter`; a round without one has an empty letter with the
model's defaults (`letter_of`), and the letter editor creates the row when it first
saves. The fields are stored as the letter states them, mistakes included: the letter
checks (`documents.validation`) report contradictions rather than the model refusing
them, so a copied letter can be loaded and then corrected.
"""

from django.db import models

from selection.models import Round


class Urgency(models.TextChoices):
    NONE = "", "ไม่ระบุ"
    URGENT = "urgent", "ด่วน"
    VERY_URGENT = "very_urgent", "ด่วนมาก"
    MOST_URGENT = "most_urgent", "ด่วนที่สุด"


class Letter(models.Model):
    """The circular letter of one round (its deadline stays on the round: it gates
    nominations)."""

    round = models.OneToOneField(
        Round,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="letter",
        verbose_name="รอบการคัดเลือก",
    )
    letter_number = models.CharField("เลขที่หนังสือ", max_length=100, blank=True)
    letter_date = models.DateField("ลงวันที่", null=True, blank=True)
    urgency = models.CharField(
        "ชั้นความเร็ว", max_length=12, choices=Urgency, default=Urgency.NONE, blank=True
    )
    office_address = models.TextField("ที่ตั้งส่วนราชการ", blank=True)
    subject = models.CharField("เรื่อง", max_length=500, blank=True)
    addressee = models.CharField("เรียน", max_length=255, blank=True, default="นายอำเภอ ทุกอำเภอ")
    reference = models.CharField("อ้างถึง", max_length=500, blank=True)
    enclosures = models.JSONField(
        "สิ่งที่ส่งมาด้วย", default=list, blank=True, help_text="รายการ: ชื่อเอกสารและจำนวน"
    )
    guidelines_title = models.CharField("หัวเรื่องแนวทางการคัดเลือก", max_length=500, blank=True)
    register_title = models.CharField("หัวเรื่องทะเบียนจัดสรร", max_length=500, blank=True)
    signatory_name = models.CharField("ผู้ลงนาม", max_length=255, blank=True)
    signatory_position = models.TextField("ตำแหน่งผู้ลงนาม", blank=True)
    owning_unit = models.CharField("ส่วนราชการเจ้าของเรื่อง", max_length=255, blank=True)
    phone = models.CharField("โทร.", max_length=100, blank=True)
    fax = models.CharField("โทรสาร", max_length=100, blank=True)
    slogan = models.CharField("คำขวัญ", max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "หนังสือเวียน"
        verbose_name_plural = "หนังสือเวียน"

    def __str__(self):
        return str(self.round)


# The letter's own fields (the model's, in the order the letter prints them).
LETTER_MODEL_FIELDS = [
    "letter_number",
    "letter_date",
    "urgency",
    "office_address",
    "subject",
    "addressee",
    "reference",
    "enclosures",
    "guidelines_title",
    "register_title",
    "signatory_name",
    "signatory_position",
    "owning_unit",
    "phone",
    "fax",
    "slogan",
]


def letter_of(round_: Round) -> Letter:
    """The round's letter, or an unsaved empty one (the model's defaults) when the
    round has none yet. Uses the row `select_related("letter")` fetched, if any."""
    try:
        return round_.letter
    except Letter.DoesNotExist:
        return Letter(round=round_)
