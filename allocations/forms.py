"""The quota grid: every district of the round's province on one form."""

from __future__ import annotations

from django import forms

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
