"""The upload form of the web import; it only validates and normalises."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.importing.kinds import REGISTRY_KIND, importer_choices
from registry.importing.reader import _mb, max_upload_bytes


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("ชนิดข้อมูล"), choices=(), initial=REGISTRY_KIND)
    file = forms.FileField(label=_("ไฟล์ Excel (.xlsx)"))
    sheet_name = forms.CharField(label=_("ชื่อชีต (เว้นว่าง = ชีตแรก)"), required=False, max_length=100)
    skip_invalid = forms.BooleanField(
        label=_("นำเข้าเฉพาะแถวที่ถูกต้อง (แถวที่ผิดจะได้คืนเป็นไฟล์ .xlsx)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importer_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("ไฟล์ใหญ่เกินกำหนด: %(size)s (สูงสุด %(limit)s)")
                % {"size": _mb(upload.size), "limit": _mb(limit)}
            )
        return upload
