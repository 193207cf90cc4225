"""The producer list's search and filter form (GET): it only validates and normalises."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry import selectors, thai
from registry.models import Category, ProducerType, Quadrant

# OTOP began in 2544 BE (2001 CE): no registration or rating is older.
FIRST_OTOP_YEAR_BE = 2544


def year_choices(empty_label) -> list[tuple[str, str]]:
    """BE years from this year back to the first OTOP year, newest first."""
    this_year = thai.be_year(timezone.localdate().year)
    return [("", empty_label)] + [
        (str(year), str(year)) for year in range(this_year, FIRST_OTOP_YEAR_BE - 1, -1)
    ]


def _year_field(label):
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, choices=[]
    )


class ProducerFilterForm(forms.Form):
    """Search by name or code and filter the producers a user may read.

    Admins also pick a province, and the district list follows it; everyone else picks
    among their own province's districts. A district officer's list is their own district
    unless `scope` widens it to the province (the district filter only applies then).
    Product-level filters (category, star level and year, Quadrant and year) must hold for
    one and the same product.
    """

    scope = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[
            (selectors.SCOPE_DISTRICT, _("อำเภอของฉัน")),
            (selectors.SCOPE_PROVINCE, _("ทั้งจังหวัด")),
        ],
    )

    q = forms.CharField(
        label=_("ค้นหา"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("ชื่อหรือรหัสผู้ผลิต"), "autocomplete": "off"}
        ),
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=None, required=False, empty_label=_("ทุกจังหวัด")
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"), queryset=None, required=False, empty_label=_("ทุกอำเภอ")
    )
    producer_type = forms.ChoiceField(
        label=_("ประเภทผู้ผลิต"),
        required=False,
        choices=[("", _("ทุกประเภท")), *ProducerType.choices],
    )
    registered_year = _year_field(_("ปีที่ลงทะเบียน (พ.ศ.)"))
    category = forms.ChoiceField(
        label=_("ประเภทผลิตภัณฑ์"),
        required=False,
        choices=[("", _("ทุกประเภท")), *Category.choices],
    )
    stars = forms.TypedChoiceField(
        label=_("ระดับดาว"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("ทุกระดับ"))]
        + [(str(n), format_lazy("{} {}", n, _("ดาว"))) for n in range(1, 6)],
    )
    star_year = _year_field(_("ปีที่คัดสรร (พ.ศ.)"))
    quadrant = forms.ChoiceField(
        label=_("กลุ่ม Quadrant"),
        required=False,
        choices=[("", _("ทุกกลุ่ม")), *Quadrant.choices],
    )
    quadrant_year = _year_field(_("ปีที่จัดกลุ่ม (พ.ศ.)"))

    #: Filters beyond the search box; the page opens its filter panel when one is set.
    FILTER_FIELDS = (
        "province",
        "district",
        "producer_type",
        "registered_year",
        "category",
        "stars",
        "star_year",
        "quadrant",
        "quadrant_year",
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        any_year = _("ทุกปี")
        for name in ("registered_year", "star_year", "quadrant_year"):
            self.fields[name].choices = year_choices(any_year)
        if selectors.sees_every_province(user):
            self.fields["province"].queryset = selectors.provinces_for_user(user)
            province_code = (data or {}).get("province") or None
            self.fields["district"].queryset = selectors.districts_for_user(
                user, province_code=province_code
            )
            if not province_code:
                self.fields["district"].help_text = _("เลือกจังหวัดก่อน แล้วจึงเลือกอำเภอ")
            # htmx: a new province reloads the district list in place; without
            # JavaScript the search button does the same.
            self.fields["province"].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("registry:producer_list"),
                    "hx-select": "#div_id_district",
                    "hx-target": "#div_id_district",
                    "hx-swap": "outerHTML",
                    "hx-include": "this",
                }
            )
        else:
            del self.fields["province"]
            self.fields["district"].queryset = selectors.districts_for_user(user)
        if not selectors.may_widen(user):
            del self.fields["scope"]
        elif (data or {}).get("scope") != selectors.SCOPE_PROVINCE:
            # The officer's own district is the scope: no other district to pick.
            del self.fields["district"]

    def filters(self) -> dict:
        """The valid filters only: a bad value in one field does not void the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(self.cleaned_data)

    def active_filter_count(self) -> int:
        data = self.filters()
        return sum(1 for name in self.FILTER_FIELDS if data.get(name))
