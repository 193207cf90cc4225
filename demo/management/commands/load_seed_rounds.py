"""The rounds of the seed letters from fixtures/rounds/ (and, with --demo, the open demo
round), through the one `round_import` service; prints what each still lacks to open."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.rounds import DEMO_ROUND_SLUG, load_demo_round, load_seed_rounds
from lifecycle.checks import round_issues
from selection.models import Round
from selection.round_definition import DefinitionError


class Command(BaseCommand):
    help = (
        "สร้างรอบการคัดเลือกตามหนังสือเวียนตัวอย่าง (seed 000–003) พร้อมเกณฑ์และจำนวนจัดสรร "
        "(รันซ้ำได้) / Create the rounds of the seed letters with rules and quotas (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="เพิ่มรอบสาธิตที่เปิดแล้ว (สำเนาของ seed 001 ลงวันที่รอบวันนี้) ให้อำเภอทดลองเสนอชื่อ",
        )

    def handle(self, *args, demo=False, **options):
        try:
            outcome = load_seed_rounds()
            if demo:
                outcome[DEMO_ROUND_SLUG] = load_demo_round(today=timezone.localdate())
        except (DefinitionError, OSError) as error:
            raise CommandError(f"ไฟล์นิยามรอบใน fixtures/rounds/ ใช้ไม่ได้:\n{error}") from error
        for slug, what in outcome.items():
            round_ = Round.objects.select_related("program", "province").get(slug=slug)
            errors = [i for i in round_issues(round_) if i.is_error]
            self.stdout.write(f"{slug}: {what}, ข้อที่ต้องแก้ก่อนเปิดรอบ {len(errors)} ข้อ")
            for issue in errors:
                self.stdout.write(f"  - {issue.message}")
