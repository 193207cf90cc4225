"""Forms of the nomination pages: they validate and normalise, nothing more."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nominations.models import StaleKind, SubmissionStatus


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
    # The place the officer saw the nomination in (a hidden field of the page).
    position = forms.IntegerField(required=False, min_value=1)


class SeenStatusForm(forms.Form):
    """The submission's status as the user's page showed it (a hidden field), so a
    transition someone else already made is refused as stale, not made again."""

    status = forms.ChoiceField(choices=SubmissionStatus.choices, required=False)

    def seen(self) -> str | None:
        return (self.cleaned_data.get("status") or None) if self.is_valid() else None


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("ความเห็น (สิ่งที่อำเภอต้องแก้ไข)"), max_length=2000, widget=forms.Textarea
    )


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_("ขยายเวลาให้ถึงวันที่"), widget=forms.DateInput(attrs={"type": "date"})
    )


class KeepForm(forms.Form):
    kind = forms.ChoiceField(choices=StaleKind.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("เหตุผลที่คงรายชื่อนี้ไว้"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )
