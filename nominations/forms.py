"""Forms of the nomination pages: they validate and normalise, nothing more."""

from django import forms


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label="ค้นหา (รหัสหรือชื่อ)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    tier = forms.ChoiceField(
        label="ชั้นเกณฑ์",
        required=False,
        choices=[("", "ทุกชั้น"), ("1", "ชั้นที่ ๑ (เกณฑ์หลัก)"), ("fallback", "ชั้นสำรอง")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    show = forms.ChoiceField(
        label="แสดง",
        required=False,
        choices=[("", "ทั้งหมด"), ("open", "ที่ยังไม่ได้เสนอชื่อ")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class NominateForm(forms.Form):
    justification = forms.CharField(
        label="เหตุผลประกอบการพิจารณา", required=False, max_length=2000, widget=forms.Textarea
    )


class JustifyForm(forms.Form):
    justification = forms.CharField(label="เหตุผลประกอบการพิจารณา", required=False, max_length=2000)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "ขึ้น"), ("down", "ลง")])


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="ความเห็น (สิ่งที่อำเภอต้องแก้ไข)", max_length=2000, widget=forms.Textarea
    )


class ReopenForm(forms.Form):
    until = forms.DateField(label="ขยายเวลาให้ถึงวันที่", widget=forms.DateInput(attrs={"type": "date"}))
