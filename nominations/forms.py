"""Forms of the nomination pages: they validate and normalise, nothing more."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("ค้นหา (รหัสหรือชื่อ)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    tier = forms.ChoiceField(
        label=_("ชั้นเกณฑ์"),
        required=False,
        choices=[("", _("ทุกชั้น")), ("1", _("ชั้นที่ ๑ (เกณฑ์หลัก)")), ("fallback", _("ชั้นสำรอง"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    show = forms.ChoiceField(
        label=_("แสดง"),
        required=False,
        choices=[("", _("ทั้งหมด")), ("open", _("ที่ยังไม่ได้เสนอชื่อ"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class NominateForm(forms.Form):
    justification = forms.CharField(
        label=_("เหตุผลประกอบการพิจารณา"), required=False, max_length=2000, widget=forms.Textarea
    )


class JustifyForm(forms.Form):
    justification = forms.CharField(
        label=_("เหตุผลประกอบการพิจารณา"), required=False, max_length=2000
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("ขึ้น")), ("down", _("ลง"))])


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("ความเห็น (สิ่งที่อำเภอต้องแก้ไข)"), max_length=2000, widget=forms.Textarea
    )


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_("ขยายเวลาให้ถึงวันที่"), widget=forms.DateInput(attrs={"type": "date"})
    )
