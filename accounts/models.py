"""Users and their roles.

A custom user model from the first migration (Django's advice for new projects). The role
decides the scope of everything a user sees: a district officer their district, provincial
staff their province, an admin everything. See docs/adr/0002-user-model-and-roles.md.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import rules
from registry.models import District, Province
from registry.scope import PlaceScope, province_code_of


class Role(models.TextChoices):
    DISTRICT_OFFICER = rules.DISTRICT_OFFICER, _("เจ้าหน้าที่พัฒนาชุมชนอำเภอ")
    PROVINCIAL_STAFF = rules.PROVINCIAL_STAFF, _("เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัด")
    ADMIN = rules.ADMIN, _("ผู้ดูแลระบบ")


class User(AbstractUser):
    """A person using OTOP Select, bound to the place their role covers.

    A district officer has a district (and so a province), provincial staff a province,
    an admin neither. The database enforces the binding.
    """

    role = models.CharField("บทบาท", max_length=10, choices=Role, default=Role.DISTRICT_OFFICER)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="จังหวัด",
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="อำเภอ",
    )

    class Meta:
        verbose_name = "ผู้ใช้งาน"
        verbose_name_plural = "ผู้ใช้งาน"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="district") | Q(district__isnull=False, province__isnull=False),
                name="accounts_user_district_officer_has_district",
                violation_error_message="เจ้าหน้าที่อำเภอต้องระบุอำเภอ",
            ),
            models.CheckConstraint(
                condition=~Q(role="province") | Q(province__isnull=False, district__isnull=True),
                name="accounts_user_provincial_staff_has_province",
                violation_error_message="เจ้าหน้าที่จังหวัดต้องระบุจังหวัด และไม่ระบุอำเภอ",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="accounts_user_role_valid",
                violation_error_message="บทบาทไม่ถูกต้อง",
            ),
        ]

    def clean(self):
        super().clean()
        if self.district_id:  # before the constraints are validated (forms, admin)
            self.province_id = province_code_of(self.district_id)

    def save(self, *args, **kwargs):
        # The district decides the province (a DOPA district code starts with its
        # province's code), so the two can never disagree.
        if self.district_id:
            self.province_id = province_code_of(self.district_id)
        super().save(*args, **kwargs)

    @property
    def is_district_officer(self) -> bool:
        return self.role == Role.DISTRICT_OFFICER

    @property
    def is_provincial_staff(self) -> bool:
        return self.role == Role.PROVINCIAL_STAFF

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    def place_scope(self, access: str) -> PlaceScope:
        """How far this user reaches for `access` (accounts.rules, the one scope rule);
        what every `visible_to(user)` queryset method filters by."""
        return rules.place_scope(
            role=rules.ADMIN if self.is_admin else self.role,
            province=self.province_id,
            district=self.district_id,
            access=access,
        )

    def may(self, access: str, province: str | None, district: str | None = None) -> bool:
        """May this user have `access` to an object of `province` (and `district`; None:
        the whole province's, like a round)? The scope rule, for one object."""
        return self.place_scope(access).covers(province, district)
