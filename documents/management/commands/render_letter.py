"""python manage.py render_letter ROUND_SLUG -o letter.pdf [--html]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.letters import RoundNotReady, letter_html
from documents.pdf import render_pdf
from selection.models import Round


class Command(BaseCommand):
    help = "ทำหนังสือเวียนของรอบ พร้อมสิ่งที่ส่งมาด้วย เป็น PDF (หรือ HTML ด้วย --html)"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="รหัสรอบ (slug)")
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument("--html", action="store_true", help="เขียน HTML แทน PDF")

    def handle(self, *args, slug, output, html=False, **options):
        round_ = Round.objects.select_related("program", "province").filter(slug=slug).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ '{slug}'")
        try:
            source = letter_html(round_)
        except RoundNotReady as problem:
            lines = "\n".join(f"- {message}" for message in problem.messages)
            raise CommandError(f"รอบ '{slug}' ยังไม่ผ่านการตรวจสอบ ออกหนังสือไม่ได้:\n{lines}") from None
        path = Path(output)
        if html:
            path.write_text(source, encoding="utf-8")
            self.stdout.write(f"เขียน HTML แล้ว: {path}")
            return
        result = render_pdf(source)
        path.write_bytes(result.pdf)
        self.stdout.write(f"เขียน PDF แล้ว: {path} ({result.pages} หน้า, {result.seconds:.2f} วินาที)")
        for warning in result.warnings:
            self.stderr.write(f"คำเตือนจาก WeasyPrint: {warning}")
