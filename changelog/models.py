"""One record of every change to a setting or a rating: who, when, what, old and new.

`ChangeLog` is the shared bottom app's only model (in the spirit of NetBox's
`ObjectChange`): the services write it in the same transaction as the change, so changes
made by commands, imports and OPC publishing are recorded as well as those made on the
web (never a request-bound signal, which would miss them). It imports nothing of ours:
the object is named by a string ("selection.round", "registry.product") and its id, and
the round by its id without a foreign key, so every layer above may write and read it.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeSource(models.TextChoices):
    WEB = "web", _("หน้าเว็บ")
    COMMAND = "command", _("คำสั่งของระบบ")
    IMPORT = "import", _("นำเข้าข้อมูล")
    OPC = "opc", _("ประกาศผล OPC")


class ChangeLog(models.Model):
    """A change of one object: `before` and `after` hold the changed values only
    (`{}` before a creation, `{}` after a deletion), as JSON (dates as ISO text).

    `source_ref` says which import batch, OPC round or command it came from, in words a
    person can follow back ("#42 ทะเบียน.xlsx", a round's slug).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้เปลี่ยนแปลง"),
    )
    created_at = models.DateTimeField(_("เวลา"), default=timezone.now)
    object_type = models.CharField(_("ชนิดข้อมูล"), max_length=100)
    object_id = models.CharField(_("รหัสข้อมูล"), max_length=64)
    round_id = models.PositiveIntegerField(_("รอบ"), null=True, blank=True)
    district_code = models.CharField(_("อำเภอ"), max_length=10, blank=True)
    action = models.CharField(_("การเปลี่ยนแปลง"), max_length=40)
    before = models.JSONField(_("ก่อน"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("หลัง"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    source = models.CharField(_("ที่มา"), max_length=10, choices=ChangeSource)
    source_ref = models.CharField(_("อ้างอิงที่มา"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("บันทึกการเปลี่ยนแปลง")
        verbose_name_plural = _("บันทึกการเปลี่ยนแปลง")
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ChangeSource.values),
                name="changelog_source_valid",
                violation_error_message=_("ที่มาของการเปลี่ยนแปลงไม่ถูกต้อง"),
            )
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id", "created_at"]),
            models.Index(fields=["round_id", "created_at"]),
        ]

    def __str__(self):
        return f"{self.object_type}:{self.object_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    def describe(self) -> str:
        """The change in one short line of raw values ("deadline: 2024-12-05 → 2024-12-20"),
        for the admin and logs; pages show it through `changelog.display`."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        parts = [f"{k}: {_short(self.before.get(k))} → {_short(self.after.get(k))}" for k in keys]
        text = f"{self.action} " + "; ".join(parts)
        return text if len(text) <= 200 else text[:199] + "…"


def _short(value) -> str:
    if value in (None, "", [], {}):
        return "-"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
