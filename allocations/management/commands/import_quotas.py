from django.core.management.base import CommandError

from allocations.importing import QuotaImporter, quota_context
from allocations.models import QuotaKind
from registry.management.commands._import_command import ImportCommand
from selection.models import Round


class Command(ImportCommand):
    kind = QuotaImporter.kind
    help = (
        "นำเข้าทะเบียนจัดสรรกลุ่มเป้าหมาย (อำเภอ จำนวน หมายเหตุ) จากไฟล์ .xlsx เข้ารอบที่ระบุ "
        "(exit 0 สำเร็จ, 1 มีแถวไม่ถูกต้อง, 2 อ่านไฟล์ไม่ได้)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--round", required=True, help="รหัสรอบ (slug)")
        parser.add_argument(
            "--kind",
            choices=QuotaKind.values,
            default=QuotaKind.EXACT,
            help="ชนิดจำนวนเมื่อไฟล์ไม่มีคอลัมน์ชนิด (exact หรือ at_least)",
        )

    def context(self, **options) -> dict:
        round_ = Round.objects.filter(slug=options["round"]).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ '{options['round']}'")
        return quota_context(round_, default_kind=options["kind"])

    def importer(self, context: dict):
        return QuotaImporter(context)
