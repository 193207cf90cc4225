"""Browser forms of the documents app (documents/forms.py is the return-form builder).

`LetterForm` edits every field of a round's circular letter. Dates are typed in BE
(documents.bedate); the enclosures list is one line per enclosure, "title | count".
`FilledFormUploadForm` takes a district's filled return form back.
"""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.bedate import format_be_date, parse_be_date
from documents.loadback import MAX_FORM_BYTES
from documents.models import Letter
from documents.services import LETTER_FIELDS
from registry.thai import arabic_digits
from selection.rules import deadline_after_letter

DEFAULT_COUNT = "๑ ฉบับ"


class BEDateInput(forms.TextInput):
    """A text box that shows a date in BE (5/12/2567), never in CE."""

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_be_date(value)
        return super().format_value(value)


class BEDateField(forms.Field):
    """A date typed with a Buddhist Era year; see documents.bedate for what is accepted."""

    widget = BEDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("วัน/เดือน/ปี พ.ศ. เช่น 5/12/2567 หรือ 5 ธ.ค. 2567"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", _("วว/ดด/ปปปป (พ.ศ.)"))
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        return parse_be_date(value)


def enclosures_to_text(enclosures) -> str:
    lines = []
    for entry in enclosures or []:
        if isinstance(entry, dict):
            title = entry.get("title") or entry.get("name") or ""
            count = entry.get("count") or ""
        else:
            title, count = str(entry), ""
        lines.append(f"{title} | {count}" if count else title)
    return "\n".join(lines)


def enclosures_from_text(text: str) -> list[dict[str, str]]:
    """[{"title", "count"}] from "title | count" lines; a missing count is ๑ ฉบับ."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        title, _bar, count = line.rpartition("|") if "|" in line else (line, "", "")
        title, count = title.strip(), count.strip() or DEFAULT_COUNT
        if not title:
            raise ValidationError(f"บรรทัดที่ {number}: ไม่มีชื่อเอกสารหน้าเครื่องหมาย |")
        if arabic_digits(count).isdigit():
            count = f"{count} ฉบับ"
        items.append({"title": title, "count": count})
    return items


class LetterForm(forms.ModelForm):
    """Every field of a round's circular letter (หนังสือเวียน): the `Letter` (maybe not
    saved yet, `documents.models.letter_of`) and the round's deadline."""

    letter_date = BEDateField(label=_("ลงวันที่"), required=False)
    deadline = BEDateField(label=_("กำหนดส่งแบบรายงาน"), required=False)
    enclosures = forms.CharField(
        label=_("สิ่งที่ส่งมาด้วย"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "บรรทัดละหนึ่งรายการ: ชื่อเอกสาร | จำนวน เช่น แนวทางการคัดเลือก | ๑ ฉบับ "
            "(เว้นว่างไว้ ระบบจะแนบแนวทาง ทะเบียนจัดสรร และแบบรายงาน ให้เอง)"
        ),
    )

    class Meta:
        model = Letter
        fields = LETTER_FIELDS
        widgets = {
            "office_address": forms.Textarea(attrs={"rows": 2}),
            "signatory_position": forms.Textarea(attrs={"rows": 3}),
            "owning_unit": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "letter_number": _("เช่น พย 0019.2/ว 15286 (ตัวเลขจะพิมพ์เป็นเลขไทยให้เอง)"),
            "office_address": _("บรรทัดละหนึ่งบรรทัดตามที่พิมพ์ในหนังสือ"),
            "signatory_position": _(
                "บรรทัดละหนึ่งบรรทัด เช่น พัฒนาการจังหวัด ปฏิบัติราชการแทน / ผู้ว่าราชการจังหวัด…"
            ),
            "owning_unit": _("บรรทัดละหนึ่งบรรทัด เช่น สำนักงานพัฒนาชุมชนจังหวัด / กลุ่มงาน…"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["deadline"] = self.instance.round.deadline
        self.initial["enclosures"] = enclosures_to_text(self.instance.enclosures)
        for field in self.fields.values():
            field.error_messages["max_length"] = _(
                "ข้อความยาวเกินกำหนด: ไม่เกิน %(limit_value)d ตัวอักษร (ขณะนี้ %(show_value)d ตัวอักษร)"
            )
            field.error_messages["invalid_choice"] = _("กรุณาเลือกจากรายการ")
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(
            Fieldset(
                _("หัวหนังสือ"),
                Div(
                    Div(Field("letter_number"), css_class="col-md-4"),
                    Div(Field("letter_date"), css_class="col-md-3"),
                    Div(Field("urgency"), css_class="col-md-2"),
                    Div(Field("deadline"), css_class="col-md-3"),
                    css_class="row",
                ),
                "office_address",
                "subject",
                "addressee",
                "reference",
                "enclosures",
            ),
            Fieldset(_("หัวเรื่องของสิ่งที่ส่งมาด้วย"), "guidelines_title", "register_title"),
            Fieldset(
                _("ท้ายหนังสือ"),
                Div(
                    Div(Field("signatory_name"), css_class="col-md-5"),
                    Div(Field("signatory_position"), css_class="col-md-7"),
                    css_class="row",
                ),
                Div(
                    Div(Field("owning_unit"), css_class="col-md-6"),
                    Div(Field("phone"), css_class="col-md-3"),
                    Div(Field("fax"), css_class="col-md-3"),
                    css_class="row",
                ),
                "slogan",
            ),
            Submit("save", _("บันทึกข้อมูลหนังสือ")),
        )

    def clean_enclosures(self):
        return enclosures_from_text(self.cleaned_data.get("enclosures", ""))

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                # Browsers post a textarea's line breaks as CRLF: stored as typed ("\n"),
                # a page saved unchanged would otherwise change every multi-line field.
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        letter_date, deadline = data.get("letter_date"), data.get("deadline")
        if letter_date and deadline and not deadline_after_letter(letter_date, deadline):
            # Seed 001's mistake: a return due before the letter that asks for it (or on
            # its day, which no district can meet): the round's validation rule.
            self.add_error(
                "deadline",
                f"กำหนดส่ง ({format_be_date(deadline)}) ต้องไม่ก่อนวันที่ของหนังสือ "
                f"({format_be_date(letter_date)}) และต้องไม่ใช่วันเดียวกัน",
            )
        return data


class FilledFormUploadForm(forms.Form):
    """A district's filled return form (.xlsx made by this system)."""

    file = forms.FileField(
        label=_("ไฟล์แบบรายงานที่กรอกแล้ว (.xlsx)"),
        help_text=_("ใช้ไฟล์ที่ดาวน์โหลดจากระบบนี้เท่านั้น เพราะในไฟล์มีข้อมูลระบุรอบและอำเภอ"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("รับเฉพาะไฟล์ .xlsx ที่ดาวน์โหลดจากระบบนี้"))
        if upload.size > MAX_FORM_BYTES:
            # Refused before it is read into memory (a district's form is some 10 KB).
            raise ValidationError(_("ไฟล์ใหญ่เกินกว่าแบบรายงานของอำเภอ (สูงสุด 2 MB)"))
        return upload
