"""Forms of the rules editor: one row per criterion, tier number included.

A row's parameter fields come from its kind's `params_fields` declaration in
`selection.criteria` (multi-selects, BE years, star levels, program choices…), so nobody
types JSON. The kind's own `clean_params` still decides what is valid: the form only
turns widgets into the params dict and shows that decision's Thai message.

Parameter fields are named `<kind>__<param>` so switching a row's kind never feeds one
kind's values (a registration year "min") into another's (a star level "min").
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.models import MAX_YEAR_BE, MIN_YEAR_BE
from registry.thai import parse_int, thai_digits
from selection.criteria import CHOICE, CRITERIA, FLAG, KIND_CHOICES, MULTI, TEXT, YEAR, Param

CE_YEARS = range(1900, 2200)
TIER_TITLE = re.compile(r"tiers-title_([1-9])")


def param_field_name(kind: str, name: str) -> str:
    return f"{kind}__{name}"


class BEYearField(forms.Field):
    """A Buddhist Era year typed in Arabic or Thai digits; a CE year gets a hint."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "maxlength": 8})

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            year = parse_int(text)
        except ValueError:
            raise ValidationError(
                _("%(label)s: ต้องเป็นปี พ.ศ. เช่น ๒๕๖๗") % {"label": self.label}
            ) from None
        if year in CE_YEARS:
            raise ValidationError(
                _("%(label)s: ปี %(year)s เป็นปี ค.ศ. ต้องเป็นปี พ.ศ. (หมายถึง %(be)s?)")
                % {"label": self.label, "year": thai_digits(year), "be": thai_digits(year + 543)}
            )
        if not MIN_YEAR_BE <= year <= MAX_YEAR_BE:
            raise ValidationError(
                _("%(label)s: ปี พ.ศ. %(year)s ไม่อยู่ในช่วง %(low)s–%(high)s")
                % {
                    "label": self.label,
                    "year": thai_digits(year),
                    "low": thai_digits(MIN_YEAR_BE),
                    "high": thai_digits(MAX_YEAR_BE),
                }
            )
        return year


def _flag_value(value) -> str:
    return "1" if value in (True, "1", "True", "true") else "0"


def param_form_field(param: Param) -> forms.Field:
    """The form field of one declared parameter, with Thai messages."""
    errors = {
        "required": _("กรุณาระบุ%(label)s") % {"label": param.label},
        # %%(value)s: Django fills in the rejected value afterwards.
        "invalid_choice": _("%(label)s: ไม่รู้จักค่า '%%(value)s'") % {"label": param.label},
        "invalid_list": _("%(label)s: ต้องเลือกจากรายการ") % {"label": param.label},
    }
    common = {"label": param.label, "help_text": param.help, "error_messages": errors}
    small_select = forms.Select(attrs={"class": "form-select form-select-sm"})
    small_input = {"class": "form-control form-control-sm"}
    if param.type == MULTI:
        return forms.MultipleChoiceField(
            choices=param.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if param.type == CHOICE:
        coerce = int if param.choices and isinstance(param.choices[0][0], int) else str
        choices = param.choices
        if param.initial is None:
            choices = [("", _("— เลือก —")), *choices]
        return forms.TypedChoiceField(choices=choices, coerce=coerce, widget=small_select, **common)
    if param.type == FLAG:
        off, on = param.choices
        return forms.TypedChoiceField(
            choices=[("0", off), ("1", on)],
            coerce=lambda value: value == "1",
            widget=forms.RadioSelect,
            **common,
        )
    if param.type == YEAR:
        field = BEYearField(**common)
        field.widget.attrs.update(small_input)
        return field
    if param.type == TEXT:
        return forms.CharField(
            max_length=500, widget=forms.TextInput(attrs={**small_input, "size": 60}), **common
        )
    raise ValueError(f"unknown parameter type {param.type!r}")


def _initial_value(param: Param, value):
    if param.type == FLAG:
        return _flag_value(value)
    return value


class CriterionForm(forms.Form):
    """One criterion: tier, kind, the kind's parameter fields, 'or' group, explanation.

    `cleaned_data["params"]` is the params dict as the kind's `clean_params` returns it.
    """

    tier = forms.IntegerField(
        label=_("ชั้นเกณฑ์"),
        min_value=1,
        max_value=9,
        initial=1,
        error_messages={
            "required": _("กรุณาระบุชั้นเกณฑ์"),
            "invalid": _("ชั้นเกณฑ์ต้องเป็นตัวเลข ๑–๙"),
            "min_value": _("ชั้นเกณฑ์ต้องเป็นตัวเลข ๑–๙"),
            "max_value": _("ชั้นเกณฑ์ต้องเป็นตัวเลข ๑–๙"),
        },
    )
    kind = forms.ChoiceField(
        label=_("ชนิดเกณฑ์"),
        choices=[("", _("— เลือกชนิดเกณฑ์ —")), *KIND_CHOICES],
        required=False,
        error_messages={"invalid_choice": _("ไม่รู้จักชนิดเกณฑ์ '%(value)s'")},
    )
    any_group = forms.IntegerField(
        label=_("กลุ่ม 'หรือ'"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("เกณฑ์ในชั้นเดียวกันที่มีหมายเลขกลุ่มเดียวกัน ผ่านข้อใดข้อหนึ่งก็พอ"),
        error_messages={
            "invalid": _("กลุ่ม 'หรือ' ต้องเป็นตัวเลข"),
            "min_value": _("กลุ่ม 'หรือ' ต้องเป็นตัวเลข ๑ ขึ้นไป"),
        },
    )
    explanation = forms.CharField(
        label=_("คำอธิบาย (เว้นว่างให้ระบบเขียนจากค่ากำหนด)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected_kind = self._current_kind()
        self.rule_class = CRITERIA.get(self.selected_kind)
        params = self.initial.get("params") or {}
        for param in self.declared_params():
            field = param_form_field(param)
            field.initial = _initial_value(param, params.get(param.name, param.initial))
            self.fields[param_field_name(self.selected_kind, param.name)] = field
        if self.is_bound and self.rule_class:
            self._fill_defaults_of_a_new_kind()
        self.generated_text = self._generated_text(params)
        if self.generated_text:
            self.fields["explanation"].widget.attrs["placeholder"] = self.generated_text

    def _current_kind(self) -> str:
        if self.is_bound:
            kind = self.data.get(self.add_prefix("kind"), "")
        else:
            kind = self.initial.get("kind", "")
        return kind if kind in CRITERIA else ""

    def declared_params(self) -> tuple[Param, ...]:
        return self.rule_class.params_fields if self.rule_class else ()

    def param_fields(self) -> list[forms.BoundField]:
        return [self[param_field_name(self.selected_kind, p.name)] for p in self.declared_params()]

    def _fill_defaults_of_a_new_kind(self) -> None:
        """A row whose kind was just changed posts none of the new kind's fields: show the
        kind's defaults (star levels 1–3, "this year only") rather than blanks."""
        kind = self.selected_kind
        names = [self.add_prefix(param_field_name(kind, p.name)) for p in self.declared_params()]
        if any(name in self.data for name in names):
            return
        self.data = self.data.copy()
        for param, name in zip(self.declared_params(), names, strict=True):
            if param.initial is not None:
                self.data[name] = str(_initial_value(param, param.initial))

    def _generated_text(self, params: dict) -> str:
        if not self.rule_class or not params:
            return ""
        try:
            return self.rule_class(params).describe()
        except ValidationError:
            return ""

    def clean(self):
        data = super().clean()
        if not self.rule_class:
            if "kind" not in self.errors and (self.has_changed() or not self.empty_permitted):
                self.add_error("kind", _("กรุณาเลือกชนิดเกณฑ์"))
            return data
        kind = self.selected_kind
        names = {p.name: param_field_name(kind, p.name) for p in self.declared_params()}
        if any(name in self.errors for name in names.values()):
            return data
        params = {key: data.get(name) for key, name in names.items()}
        try:
            data["params"] = self.rule_class.clean_params(params)
        except ValidationError as error:
            self.add_error(None, error)
            return data
        self.generated_text = self.rule_class(data["params"]).describe()
        return data


class BaseCriterionFormSet(forms.BaseFormSet):
    def quiet(self) -> None:
        """Redisplay the posted rows without judging them (the kind was changed, not saved)."""
        self._errors, self._non_form_errors = [], forms.utils.ErrorList()
        for form in self.forms:
            form._errors, form.cleaned_data = forms.utils.ErrorDict(), {}

    def tiers(self) -> list[dict]:
        """The rows grouped by the tier number typed ("number"), in that order; the
        `round_set_rules` service numbers them 1, 2, … so gaps close."""
        by_tier: dict[int, list[dict]] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or self._should_delete_form(form) or "params" not in data:
                continue
            by_tier.setdefault(data["tier"], []).append(
                {
                    "kind": data["kind"],
                    "params": data["params"],
                    "any_group": data.get("any_group"),
                    "explanation": (data.get("explanation") or "").strip(),
                }
            )
        return [{"number": number, "criteria": by_tier[number]} for number in sorted(by_tier)]


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=2, can_delete=True
)


class TierTitlesForm(forms.Form):
    """The titles of the tiers, by the tier number typed in the rows (optional)."""

    def __init__(self, *args, numbers, saved=None, **kwargs):
        kwargs.setdefault("prefix", "tiers")
        super().__init__(*args, **kwargs)
        self.saved = saved or {}
        for number in numbers:
            self.fields[f"title_{number}"] = forms.CharField(
                label=f"ชื่อชั้นที่ {thai_digits(number)}",
                max_length=255,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def titles(self) -> dict[int, str]:
        """{tier number: title}; a post without title fields keeps the saved titles."""
        if not self.fields:
            return dict(self.saved)
        return {
            int(name.removeprefix("title_")): (value or "").strip()
            for name, value in self.cleaned_data.items()
        }


def tier_titles_form(round_, data=None) -> TierTitlesForm:
    """Titles of the saved tiers and one more on GET; on POST, the numbers posted."""
    titles = dict(round_.tiers.values_list("order", "title"))
    if data is not None:
        found = (TIER_TITLE.fullmatch(key) for key in data)
        numbers = sorted({int(m.group(1)) for m in found if m})
        return TierTitlesForm(data, numbers=numbers, saved=titles)
    numbers = [*sorted(titles), max(titles, default=0) + 1]
    initial = {f"title_{n}": t for n, t in titles.items()}
    return TierTitlesForm(numbers=numbers, initial=initial)


def criterion_initial(round_) -> list[dict]:
    """The editor's rows for a round's saved criteria.

    An explanation that is just the kind's generated sentence comes back blank, so
    changing the parameters also changes the sentence.
    """
    rows = []
    for tier in round_.tiers.prefetch_related("criteria"):
        for criterion in tier.criteria.all():
            explanation = criterion.explanation
            if criterion.kind in CRITERIA and explanation == criterion.as_rule().describe():
                explanation = ""
            rows.append(
                {
                    "tier": tier.order,
                    "kind": criterion.kind,
                    "params": criterion.params,
                    "any_group": criterion.any_group,
                    "explanation": explanation,
                }
            )
    return rows


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("open", _("เปิดรอบ")), ("closed", _("ปิดรอบ"))])
