"""Forms of the rules editor: one row per criterion, tier number included."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError

from selection.criteria import CRITERIA, KIND_CHOICES


class CriterionForm(forms.Form):
    tier = forms.IntegerField(label="ชั้นเกณฑ์", min_value=1, max_value=9, initial=1)
    kind = forms.ChoiceField(label="ชนิดเกณฑ์", choices=KIND_CHOICES)
    params = forms.CharField(
        label="ค่ากำหนด (JSON)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='เช่น {"min": 1, "max": 3, "year": 2567}',
    )
    any_group = forms.IntegerField(label="กลุ่ม 'หรือ'", min_value=1, required=False)
    explanation = forms.CharField(
        label="คำอธิบาย", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_params(self):
        try:
            params = json.loads(self.cleaned_data["params"] or "{}")
        except json.JSONDecodeError as error:
            raise ValidationError(f"รูปแบบ JSON ไม่ถูกต้อง: {error.msg}") from error
        if not isinstance(params, dict):
            raise ValidationError('ค่ากำหนดต้องเป็น JSON object เช่น {"year": 2567}')
        return params

    def clean(self):
        data = super().clean()
        kind, params = data.get("kind"), data.get("params")
        if kind and params is not None:
            try:
                data["params"] = CRITERIA[kind].clean_params(params)
            except ValidationError as error:
                self.add_error("params", error)
        return data


class BaseCriterionFormSet(forms.BaseFormSet):
    def tiers(self) -> list[dict]:
        """The rows as the `round_set_rules` service takes them, tiers renumbered 1, 2, …"""
        by_tier: dict[int, list[dict]] = {}
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            data = form.cleaned_data
            by_tier.setdefault(data["tier"], []).append(
                {
                    "kind": data["kind"],
                    "params": data["params"],
                    "any_group": data.get("any_group"),
                    "explanation": data.get("explanation", ""),
                }
            )
        return [{"criteria": by_tier[order]} for order in sorted(by_tier)]


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=3, can_delete=True
)


def criterion_initial(round_) -> list[dict]:
    return [
        {
            "tier": tier.order,
            "kind": criterion.kind,
            "params": json.dumps(criterion.params, ensure_ascii=False),
            "any_group": criterion.any_group,
            "explanation": criterion.explanation,
        }
        for tier in round_.tiers.prefetch_related("criteria")
        for criterion in tier.criteria.all()
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("open", "เปิดรอบ"), ("closed", "ปิดรอบ")])
