"""python manage.py render_form ROUND_SLUG --district NAME_OR_CODE -o form.xlsx [--pdf] [--blank]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.forms import form_data, form_pdf, form_xlsx
from registry.models import District
from selection.models import Round


def find_district(round_: Round, text: str) -> District:
    """A district of the round's province by DOPA code or Thai name (with or without อ./อำเภอ)."""
    name = text.strip().removeprefix("อำเภอ").removeprefix("อ.").strip()
    districts = District.objects.filter(province=round_.province)
    found = districts.filter(code=name).first() or districts.filter(name_th=name).first()
    if found is None:
        raise CommandError(f"ไม่พบอำเภอ '{text}' ในจังหวัด{round_.province.name_th}")
    return found


class Command(BaseCommand):
    help = "ทำแบบรายงาน/แบบแจ้งรายชื่อของอำเภอ เป็น .xlsx (หรือ PDF ด้วย --pdf)"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="รหัสรอบ (slug)")
        parser.add_argument("--district", required=True, help="ชื่อหรือรหัสอำเภอ")
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument("--pdf", action="store_true", help="เขียน PDF แทน .xlsx")
        parser.add_argument("--blank", action="store_true", help="แบบว่าง ไม่เติมรายชื่อที่เสนอไว้")

    def handle(self, *args, slug, district, output, pdf=False, blank=False, **options):
        round_ = Round.objects.select_related("program", "province").filter(slug=slug).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ '{slug}'")
        data = form_data(round_, find_district(round_, district), prefill=not blank)
        path = Path(output)
        if pdf:
            path.write_bytes(form_pdf(data).pdf)
        else:
            path.write_bytes(form_xlsx(data))
        self.stdout.write(f"เขียนแบบรายงานแล้ว: {path} ({len(data.rows)} รายการ)")
