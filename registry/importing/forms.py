"""The upload form of the web import; it only validates and normalises."""

from django import forms

from registry.importing.kinds import importer_choices
from registry.importing.reader import _mb, max_upload_bytes


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="ชนิดข้อมูล", choices=(), initial="registry")
    file = forms.FileField(label="ไฟล์ Excel (.xlsx)")
    sheet_name = forms.CharField(label="ชื่อชีต (เว้นว่าง = ชีตแรก)", required=False, max_length=100)
    skip_invalid = forms.BooleanField(
        label="นำเข้าเฉพาะแถวที่ถูกต้อง (แถวที่ผิดจะได้คืนเป็นไฟล์ .xlsx)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importer_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกินกำหนด: {_mb(upload.size)} (สูงสุด {_mb(limit)})")
        return upload
