"""The quota grid: every district of the round's province on one form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.models import QuotaKind


class QuotaGridForm(forms.Form):
    """Three fields per district (amount, kind, remark); a blank amount means no quota."""

    def __init__(self, *args, districts, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = list(districts)
        for district in self.districts:
            quota = quotas.get(district.code)
            self.fields[f"amount_{district.code}"] = forms.IntegerField(
                label=f"จำนวน อำเภอ{district.name_th}",
                min_value=0,
                max_value=999,
                required=False,
                initial=quota.amount if quota else None,
            )
            self.fields[f"kind_{district.code}"] = forms.ChoiceField(
                label=f"ชนิด อำเภอ{district.name_th}",
                choices=QuotaKind.choices,
                initial=quota.kind if quota else QuotaKind.EXACT,
            )
            self.fields[f"remark_{district.code}"] = forms.CharField(
                label=f"หมายเหตุ อำเภอ{district.name_th}",
                max_length=255,
                required=False,
                initial=quota.remark if quota else "",
            )

    def rows(self):
        """(district, amount field, kind field, remark field) for the template."""
        return [
            (d, self[f"amount_{d.code}"], self[f"kind_{d.code}"], self[f"remark_{d.code}"])
            for d in self.districts
        ]

    def amounts(self) -> dict:
        data = self.cleaned_data
        return {
            d.code: (data[f"amount_{d.code}"], data[f"kind_{d.code}"], data[f"remark_{d.code}"])
            for d in self.districts
        }


class QuotaUploadForm(forms.Form):
    """An allocation register sheet for the round's quota grid; it only validates."""

    file = forms.FileField(
        label=_("ไฟล์ทะเบียนจัดสรร (.xlsx)"),
        error_messages={"required": _("กรุณาเลือกไฟล์ .xlsx"), "empty": _("ไฟล์ว่างเปล่า")},
    )
    default_kind = forms.ChoiceField(
        label=_("ชนิดจำนวน เมื่อไฟล์ไม่มีคอลัมน์ชนิด"),
        choices=QuotaKind.choices,
        initial=QuotaKind.EXACT,
    )
    sheet_name = forms.CharField(label=_("ชื่อชีต (เว้นว่าง = ชีตแรก)"), required=False, max_length=100)

    def clean_file(self):
        from registry.importing.reader import _mb, max_upload_bytes

        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกินกำหนด: {_mb(upload.size)} (สูงสุด {_mb(limit)})")
        return upload
