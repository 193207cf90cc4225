"""What import_registry and import_participation share: options, run, summary, exit code."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.importing.kinds import get_importer
from registry.importing.service import (
    ImportOutcome,
    batch_origin,
    import_batch_begin,
    import_batch_fail,
    import_batch_record,
    import_file,
    summary_lines,
)


class ImportCommand(BaseCommand):
    kind = ""
    help = ""

    def context(self, **options) -> dict:
        """What the importer needs beyond the file (kept on the batch); none by default."""
        return {}

    def importer(self, context: dict):
        """The importer of this command's sheet: the registry's own kind by default."""
        return get_importer(self.kind)

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .xlsx")
        parser.add_argument("--sheet", help="ชื่อชีต (ค่าเริ่มต้น: ชีตแรก)")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจและสรุปโดยไม่บันทึก")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="บันทึกแถวที่ถูกต้อง และส่งแถวที่ผิดออกเป็นไฟล์ (--errors-out)",
        )
        parser.add_argument("--errors-out", help="ไฟล์ .xlsx สำหรับแถวที่ไม่ถูกต้อง")
        parser.add_argument("--user", help="ชื่อผู้ใช้ที่บันทึกเป็นผู้นำเข้า")

    def handle(self, *args, **options):
        exit_code = self.run(**options)
        if exit_code:
            sys.exit(exit_code)

    def run(self, **options) -> int:
        """The import; returns the exit code (0 ok, 1 invalid rows, 2 unreadable file)."""
        if options.get("skip_invalid") and not options.get("errors_out"):
            raise CommandError("--skip-invalid ต้องใช้คู่กับ --errors-out ERRORS.xlsx")
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"ไม่พบผู้ใช้ {options['user']}")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"เปิดไฟล์ไม่ได้: {path} ({exc.strerror})")
            return 2
        context = self.context(**options)
        batch = None
        if not options.get("dry_run"):
            # Recorded first, so the change log rows of the writes name the batch.
            batch = import_batch_begin(
                kind=self.kind,
                user=user,
                file_name=path.name,
                data=data,
                sheet_name=options.get("sheet") or "",
                skip_invalid=options.get("skip_invalid", False),
                context=context,
            )
        try:
            result = import_file(
                importer=self.importer(context),
                data=data,
                sheet_name=options.get("sheet"),
                dry_run=options.get("dry_run", False),
                skip_invalid=options.get("skip_invalid", False),
                origin=batch_origin(batch) if batch else None,
            )
        except Exception as exc:
            if batch is not None:
                import_batch_fail(batch=batch, message=f"เกิดข้อผิดพลาดระหว่างนำเข้า: {exc}")
            raise
        out = self.stderr if result.outcome == ImportOutcome.UNREADABLE else self.stdout
        for line in summary_lines(result.summary):
            out.write(line)
        if result.errors_xlsx and options.get("errors_out"):
            Path(options["errors_out"]).write_bytes(result.errors_xlsx)
            self.stdout.write(f"เขียนแถวที่ไม่ถูกต้องไว้ที่ {options['errors_out']}")
        if not options.get("dry_run"):
            import_batch_record(
                kind=self.kind,
                user=user,
                file_name=path.name,
                data=data,
                result=result,
                sheet_name=options.get("sheet") or "",
                skip_invalid=options.get("skip_invalid", False),
                batch=batch,
                context=context,
            )
        return result.exit_code
