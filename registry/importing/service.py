"""Running an import: read → parse → plan → (write in one transaction) → summary.

`import_file` is the whole machinery for any importer; the ImportBatch services below
record it (who, when, file, checksum, counts, status) for the web flow and the commands.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from changelog.models import ChangeSource
from changelog.services import ChangeOrigin, change_build
from registry.importing.errors import Issue, UnreadableFile
from registry.importing.errors_workbook import error_workbook
from registry.importing.kinds import get_importer
from registry.importing.plan import Plan
from registry.importing.reader import open_workbook
from registry.importing.sheet import ParsedSheet, read_sheet

Progress = Callable[[str, int, int], None]
logger = logging.getLogger(__name__)


class ImportOutcome:
    OK = "ok"  # written (or would be, on a dry run)
    INVALID = "invalid"  # rows are invalid: nothing written
    PARTIAL = "partial"  # --skip-invalid: valid rows written, invalid ones returned
    UNREADABLE = "unreadable"  # the file could not be read at all


EXIT_CODES = {
    ImportOutcome.OK: 0,
    ImportOutcome.PARTIAL: 1,
    ImportOutcome.INVALID: 1,
    ImportOutcome.UNREADABLE: 2,
}


@dataclass
class ImportResult:
    outcome: str
    summary: dict
    written: bool = False
    errors_xlsx: bytes | None = None
    plan: Plan | None = field(default=None, repr=False)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.outcome]


@contextmanager
def _quiet_gc():
    """The cyclic GC rescans every live object on each generation-2 pass; in bulk paths that
    holds ~100k rows it costs more than the work itself. Objects made here are acyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImportCrashed(Exception):
    """An unexpected error inside `import_file` (a bug, the database, storage): not bad
    input, which gives an UNREADABLE or INVALID result instead. `stage` says where, as a
    Thai phrase; nothing was written (the write is one transaction, and nothing follows
    it that can fail)."""

    def __init__(self, stage: str, error: Exception):
        super().__init__(f"{stage}: {error.__class__.__name__}: {error}")
        self.stage = stage
        self.error = error


# Where import_file was when something unexpected happened (ImportCrashed.stage).
STAGE_OPEN = gettext_noop("เปิดและตรวจไฟล์")
STAGE_READ = gettext_noop("อ่านแถวในชีต")
STAGE_PLAN = gettext_noop("ตรวจข้อมูลกับฐานข้อมูล")
STAGE_REPORT = gettext_noop("สรุปผลและไฟล์ข้อผิดพลาด")
STAGE_WRITE = gettext_noop("บันทึกลงฐานข้อมูล")


def import_file(
    *,
    kind: str = "",
    importer=None,
    data: bytes,
    sheet_name: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    origin: ChangeOrigin | None = None,
) -> ImportResult:
    """Import `data` (.xlsx bytes) with `importer`, or the registry's own importer of
    `kind` (registry.importing.kinds).

    Default: all-or-nothing (any invalid row → nothing written, outcome INVALID).
    `skip_invalid`: write the valid rows, return the invalid ones as `errors_xlsx`.
    `dry_run`: plan only. Raises nothing for bad input: an unreadable file gives
    outcome UNREADABLE with the Thai reason in summary["message"]. Anything unexpected
    raises ImportCrashed, with nothing written.
    `origin` (who, which batch) goes to the change log rows the importer writes.
    """
    importer = importer or get_importer(kind)
    kind = importer.kind
    started = time.monotonic()
    stage = STAGE_OPEN
    try:
        with _quiet_gc():
            book = open_workbook(data)
            stage = STAGE_READ
            sheet = book.sheet(sheet_name)
            parsed = read_sheet(
                sheet,
                importer.spec,
                progress=(lambda d, t: progress("read", d, t)) if progress else None,
            )
            # The rows are in `parsed` now: calamine's copy of the sheet (a grid of every
            # cell, tens of MB for a national file) need not live through plan and write.
            del sheet, book
            stage = STAGE_PLAN
            plan = importer.plan(parsed)
            if plan.errors and not skip_invalid:
                outcome = ImportOutcome.INVALID
            elif plan.errors:
                outcome = ImportOutcome.PARTIAL
            else:
                outcome = ImportOutcome.OK
            will_write = not dry_run and outcome != ImportOutcome.INVALID
            # The report is made before the write, so nothing can fail after the commit.
            stage = STAGE_REPORT
            summary = summarize(importer, parsed, plan, written=will_write, dry_run=dry_run)
            errors_xlsx = error_workbook(parsed, plan.errors) if plan.errors else None
    except UnreadableFile as exc:
        return ImportResult(
            ImportOutcome.UNREADABLE,
            {"kind": kind, "message": str(exc), "errors": [], "warnings": [], "counts": {}},
        )
    except Exception as exc:
        raise ImportCrashed(stage, exc) from exc
    if will_write:
        if progress:
            progress("write", 0, 1)
        try:
            with _quiet_gc(), transaction.atomic():
                importer.apply(
                    plan,
                    progress=(lambda d, t: progress("write", d, t)) if progress else None,
                    origin=origin or ChangeOrigin(source=ChangeSource.IMPORT),
                )
        except Exception as exc:
            raise ImportCrashed(STAGE_WRITE, exc) from exc
    summary["seconds"] = round(time.monotonic() - started, 2)
    return ImportResult(outcome, summary, will_write, errors_xlsx, plan)


def summarize(importer, parsed: ParsedSheet, plan: Plan, *, written: bool, dry_run: bool) -> dict:
    return {
        "kind": importer.kind,
        "label": importer.label,
        "sheet": parsed.sheet_name,
        "header_row": parsed.header_row,
        "rows": plan.rows_total,
        "invalid_rows": len(plan.invalid_rows),
        "unknown_columns": parsed.unknown_headers,
        "counts": {entity: c.as_dict() for entity, c in plan.counts.items()},
        "diffs": plan.diffs,
        "warnings": [i.as_dict() for i in plan.warnings],
        "errors": [i.as_dict() for i in plan.errors],
        "written": written,
        "dry_run": dry_run,
        "message": "",
    }


def summary_lines(summary: dict) -> list[str]:
    """The summary as Thai text lines, for the command line."""
    lines = []
    if summary.get("message"):
        lines.append(summary["message"])
    if "sheet" in summary:
        lines.append(
            f"ชีต '{summary['sheet']}' หัวตารางแถว {summary['header_row']}: "
            f"{summary['rows']:,} แถวข้อมูล, ไม่ถูกต้อง {summary['invalid_rows']:,} แถว"
        )
    verb = "จะ" if not summary.get("written") else ""
    for entity, c in summary.get("counts", {}).items():
        lines.append(
            f"{entity}: {verb}สร้างใหม่ {c['create']:,}, {verb}ปรับปรุง {c['update']:,}, "
            f"ไม่เปลี่ยนแปลง {c['unchanged']:,}"
        )
    for diff in summary.get("diffs", [])[:50]:
        changes = "; ".join(f"{k}: '{a}' → '{b}'" for k, (a, b) in diff["changes"].items())
        lines.append(f"  ปรับปรุง {diff['entity']} {diff['code']}: {changes}")
    warnings = summary.get("warnings", [])
    if warnings:
        lines.append(f"คำเตือน {len(warnings):,} รายการ:")
        lines.extend("  " + Issue.from_dict(w).as_text() for w in warnings)
    errors = summary.get("errors", [])
    if errors:
        lines.append(f"ข้อผิดพลาด {len(errors):,} รายการ:")
        lines.extend("  " + Issue.from_dict(e).as_text() for e in errors)
    if summary.get("written"):
        lines.append("บันทึกลงฐานข้อมูลแล้ว")
    elif summary.get("dry_run"):
        lines.append("ทดลองนำเข้า (--dry-run): ไม่ได้บันทึกข้อมูล")
    elif errors:
        lines.append("ไม่ได้บันทึกข้อมูลใด ๆ เพราะมีข้อผิดพลาด (แก้ไขไฟล์ หรือใช้ --skip-invalid)")
    return lines


# -- ImportBatch: the record of every import ---------------------------------------------

# The change log's action for a batch's status change (before/after: {"status": …}).
BATCH_STATUS = "import.status"


def import_batch_transition(*, batch, status: str, user=None, fields: list[str] | None = None):
    """Move `batch` to `status` when `registry.rules.IMPORT_TRANSITIONS` allows it
    (ValidationError in Thai otherwise), saving it (only `fields` besides the status when
    given) and logging the change, in one transaction. The same status again saves and
    logs nothing new. `user`: who moved it (default: who uploaded it)."""
    from registry.rules import check_import_transition

    old = batch.status
    if old == status:
        batch.save(update_fields=fields)
        return
    check_import_transition(old, status)
    batch.status = status
    with transaction.atomic():
        batch.save(update_fields=None if fields is None else ["status", *fields])
        _log_status(batch, old, status, user)


def _log_status(batch, old: str, new: str, user=None) -> None:
    change = change_build(
        user=user,
        obj=batch,
        action=BATCH_STATUS,
        before={"status": old} if old else {},
        after={"status": new},
        source=ChangeSource.IMPORT,
        source_ref=batch_origin(batch).source_ref,
    )
    if user is None:
        change.user_id = batch.created_by_id
    change.save()


def _created(batch, user=None):
    """Log a batch just recorded (new → its status), in the caller's transaction."""
    from registry.rules import NEW, check_import_transition

    check_import_transition(NEW, batch.status)
    _log_status(batch, NEW, batch.status, user)
    return batch


def import_batch_create(
    *,
    kind: str,
    user,
    file_name: str,
    data: bytes,
    sheet_name: str = "",
    skip_invalid: bool = False,
    context: dict | None = None,
):
    """Record an upload and keep its file for the confirm step (checksummed).

    `context`: what the importer of another app needs beyond the file (ImportBatch.context).
    """
    from registry.models import ImportBatch

    with transaction.atomic():
        batch = _created(
            _batch_new(
                kind=kind,
                user=user,
                file_name=file_name,
                data=data,
                sheet_name=sheet_name,
                skip_invalid=skip_invalid,
                context=context,
                status=ImportBatch.Status.VALIDATING,
            )
        )
    batch.stored_file.save(f"{batch.pk}-{batch.sha256[:12]}.xlsx", ContentFile(data), save=True)
    return batch


def import_batch_validate(*, batch) -> None:
    """Queue the preview of an uploaded batch (big files take seconds: not in the request)."""
    from registry.models import ImportBatch
    from registry.tasks import preview_import_batch

    batch.started_at = timezone.now()
    import_batch_transition(
        batch=batch, status=ImportBatch.Status.VALIDATING, fields=["started_at"]
    )
    transaction.on_commit(lambda: preview_import_batch.enqueue(batch.pk))


def import_batch_preview(*, batch, importer=None) -> ImportResult | None:
    """Validate the stored file and keep the preview summary on the batch (no writes).

    `importer`: another app's importer, built from `batch.context` (default: the
    registry's own importer of the batch's kind).

    Ends PREVIEWED, REJECTED (the file cannot be imported: its reason) or, on anything
    unexpected, FAILED with the stage and the error's kind: never left VALIDATING.
    """
    from registry.models import ImportBatch

    batch.phase, batch.started_at = "check", timezone.now()
    batch.save(update_fields=["phase", "started_at"])
    stage = STAGE_FILE
    try:
        data = _batch_data(batch)
        result = import_file(
            kind=batch.kind,
            importer=importer,
            data=data,
            sheet_name=batch.sheet_name or None,
            dry_run=True,
            skip_invalid=batch.skip_invalid,
            progress=_progress_saver(batch),
        )
        stage = STAGE_RECORD
        batch.refresh_from_db()
        batch.summary = result.summary
        batch.rows_total = result.summary.get("rows", 0)
        batch.error_count = len(result.summary.get("errors", []))
        status = ImportBatch.Status.PREVIEWED
        if result.outcome == ImportOutcome.UNREADABLE:
            status = ImportBatch.Status.REJECTED
            batch.message = result.summary["message"]
        batch.phase = ""
        _save_errors(batch, result)
        import_batch_transition(batch=batch, status=status)
        return result
    except UnreadableFile as exc:
        _finish(batch, ImportBatch.Status.REJECTED, message=str(exc))
    except Exception as exc:
        _fail(batch, stage, exc)
    return None


def import_batch_confirm(*, batch, user=None) -> None:
    """Queue a previewed batch for the background worker (after this transaction commits)."""
    from registry.models import ImportBatch
    from registry.tasks import run_import_batch

    import_batch_transition(batch=batch, status=ImportBatch.Status.QUEUED, user=user, fields=[])
    transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))


def import_batch_cancel(*, batch, user=None) -> None:
    from registry.models import ImportBatch

    batch.finished_at = timezone.now()
    import_batch_transition(
        batch=batch, status=ImportBatch.Status.CANCELLED, user=user, fields=["finished_at"]
    )
    if batch.stored_file:
        batch.stored_file.delete(save=True)


def import_batch_run(*, batch_id: int, importer=None) -> str:
    """Run a queued batch for real; progress is saved on the batch as it goes.

    `importer`: as for `import_batch_preview`.

    Ends SUCCEEDED, PARTIAL or FAILED with its reason, whatever happens after it starts
    (an unexpected error gives FAILED with the stage and the error's kind, and is logged;
    the write is one transaction, so such a batch wrote nothing).
    """
    from registry.models import ImportBatch

    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.QUEUED:
        return batch.status
    batch.started_at = timezone.now()
    batch.phase = "check"
    import_batch_transition(
        batch=batch, status=ImportBatch.Status.RUNNING, fields=["started_at", "phase"]
    )
    stage = STAGE_FILE
    try:
        data = _batch_data(batch)
        result = import_file(
            kind=batch.kind,
            importer=importer,
            data=data,
            sheet_name=batch.sheet_name or None,
            skip_invalid=batch.skip_invalid,
            progress=_progress_saver(batch),
            origin=batch_origin(batch),
        )
    except UnreadableFile as exc:
        return _finish(batch, ImportBatch.Status.FAILED, message=str(exc))
    except Exception as exc:
        return _fail(batch, stage, exc)
    status = {
        ImportOutcome.OK: ImportBatch.Status.SUCCEEDED,
        ImportOutcome.PARTIAL: ImportBatch.Status.PARTIAL,
        ImportOutcome.INVALID: ImportBatch.Status.FAILED,
        ImportOutcome.UNREADABLE: ImportBatch.Status.FAILED,
    }[result.outcome]
    message = result.summary.get("message") or (
        "มีข้อผิดพลาด ไม่ได้บันทึกข้อมูล" if result.outcome == ImportOutcome.INVALID else ""
    )
    try:
        batch.refresh_from_db()
        batch.summary = result.summary
        batch.rows_total = result.summary.get("rows", 0)
        batch.rows_done = batch.rows_total
        batch.error_count = len(result.summary.get("errors", []))
        _save_errors(batch, result)
        return _finish(batch, status, message=message)
    except Exception as exc:
        # The rows are committed; only the record of the result could not be kept.
        return _fail(batch, STAGE_RECORD, exc, written=status if result.written else "")


def import_batch_fail_stale(*, batches=None) -> int:
    """Fail the batches whose task started but stopped reporting (its worker died: killed
    for memory, restarted by a deploy): status VALIDATING or RUNNING, the task begun
    (`phase` set), started more than IMPORT_STALE_MINUTES ago (default 30; an import of
    the national file takes about a minute). Returns how many. A batch still waiting for
    a worker (no phase yet) is left alone. If its task does finish after all, it
    records its own result over this one.
    """
    from registry.models import ImportBatch
    from registry.rules import check_import_transition

    minutes = int(getattr(settings, "IMPORT_STALE_MINUTES", 30))
    now = timezone.now()
    batches = ImportBatch.objects.all() if batches is None else batches
    stale = (
        batches.filter(
            status__in=[ImportBatch.Status.VALIDATING, ImportBatch.Status.RUNNING],
            started_at__lt=now - timedelta(minutes=minutes),
        )
        .exclude(phase__in=["", "done"])
        .only("pk", "status", "created_by_id", "file_name")
    )
    message = _(
        "การนำเข้าหยุดกลางคันโดยไม่มีผลลัพธ์ (เกิน %(minutes)s นาที: เครื่องที่ทำงานอาจหยุดหรือเริ่มใหม่) "
        "ไม่ได้บันทึกข้อมูลใด ๆ กรุณาอัปโหลดไฟล์ใหม่อีกครั้ง"
    ) % {"minutes": minutes}
    failed = 0
    for batch in stale:
        check_import_transition(batch.status, ImportBatch.Status.FAILED)
        with transaction.atomic():
            # Only if it is still where it was read: its task may have just finished.
            moved = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
                status=ImportBatch.Status.FAILED, phase="done", finished_at=now, message=message
            )
            if moved:
                _log_status(batch, batch.status, ImportBatch.Status.FAILED)
                failed += 1
    return failed


def import_batch_fail_unexpected(*, batch_id: int, error: Exception) -> None:
    """The tasks' last resort: an error escaped the services (the database, a bug
    before they started). A batch still waiting or working ends FAILED with the reason;
    if even that cannot be written, `import_batch_fail_stale` ends it later."""
    from registry.models import ImportBatch
    from registry.rules import FAILABLE

    try:
        batch = ImportBatch.objects.filter(pk=batch_id, status__in=FAILABLE).first()
        if batch is not None:
            _fail(batch, STAGE_TASK, error)
    except Exception:
        logger.exception("import batch %s: could not record its failure", batch_id)


def batch_origin(batch) -> ChangeOrigin:
    """Who and which batch, for the change log rows of an import ("#42 file.xlsx")."""
    return ChangeOrigin(
        user=batch.created_by,
        source=ChangeSource.IMPORT,
        source_ref=f"#{batch.pk} {batch.file_name}",
    )


def import_batch_begin(
    *,
    kind: str,
    user,
    file_name: str,
    data: bytes,
    sheet_name: str = "",
    skip_invalid: bool = False,
    context: dict | None = None,
):
    """Record an import the commands are about to write (status RUNNING), so the change
    log rows of its writes can name the batch; `import_batch_record` completes it."""
    from registry.models import ImportBatch

    with transaction.atomic():
        return _created(
            _batch_new(
                kind=kind,
                user=user,
                file_name=file_name,
                data=data,
                sheet_name=sheet_name,
                skip_invalid=skip_invalid,
                context=context,
                status=ImportBatch.Status.RUNNING,
                started_at=timezone.now(),
                phase="write",
            )
        )


def _batch_new(*, kind, user, file_name, data, sheet_name, skip_invalid, context, **state):
    """The ImportBatch row of an upload (web) or a command's import: the file's name, size
    and checksum, the importer's context, and the status it starts in (`state`)."""
    from registry.models import ImportBatch

    return ImportBatch.objects.create(
        kind=kind,
        context=context or {},
        created_by=user,
        file_name=file_name[:255],
        file_size=len(data),
        sha256=sha256_of(data),
        sheet_name=sheet_name or "",
        skip_invalid=skip_invalid,
        **state,
    )


def import_batch_fail(*, batch, message: str) -> None:
    """Mark a batch `import_batch_begin` made as failed (the import raised)."""
    from registry.models import ImportBatch

    _finish(batch, ImportBatch.Status.FAILED, message=message)


def import_batch_record(
    *,
    kind: str,
    user,
    file_name: str,
    data: bytes,
    result: ImportResult,
    sheet_name: str = "",
    skip_invalid: bool = False,
    batch=None,
    context: dict | None = None,
):
    """Record an import done outside the web flow (the management commands); `batch`:
    the one `import_batch_begin` made, completed rather than a new one."""
    from registry.models import ImportBatch

    status = {
        ImportOutcome.OK: ImportBatch.Status.SUCCEEDED,
        ImportOutcome.PARTIAL: ImportBatch.Status.PARTIAL,
        ImportOutcome.INVALID: ImportBatch.Status.FAILED,
        ImportOutcome.UNREADABLE: ImportBatch.Status.REJECTED,
    }[result.outcome]
    now = timezone.now()
    fields = {
        "kind": kind,
        "created_by": user,
        "file_name": file_name[:255],
        "file_size": len(data),
        "sha256": sha256_of(data),
        "sheet_name": sheet_name or "",
        "skip_invalid": skip_invalid,
        "context": context or {},
        "summary": result.summary,
        "rows_total": result.summary.get("rows", 0),
        "rows_done": result.summary.get("rows", 0),
        "error_count": len(result.summary.get("errors", [])),
        "message": result.summary.get("message", ""),
        "finished_at": now,
        "phase": "done",
    }
    if batch is None:
        batch = ImportBatch(started_at=now, status=status, **fields)
        with transaction.atomic():
            batch.save()
            _created(batch)
    else:
        for name, value in fields.items():
            setattr(batch, name, value)
        import_batch_transition(batch=batch, status=status)
    _save_errors(batch, result)
    return batch


def _progress_saver(batch) -> Progress:
    """A progress callback that saves rows done/total on the batch, at most twice a second.

    The read phase runs outside the write transaction, so pollers see it live; the write
    phase only records that writing has begun (its rows commit all at once).
    """
    from registry.models import ImportBatch

    last = [0.0]

    def progress(phase, done, total):
        now = time.monotonic()
        if phase == "read" and now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        fields = {"phase": phase}
        if phase == "read":
            fields.update(rows_done=done, rows_total=max(total, done))
        ImportBatch.objects.filter(pk=batch.pk).update(**fields)

    return progress


def _batch_data(batch) -> bytes:
    if not batch.stored_file:
        raise UnreadableFile("ไม่พบไฟล์ที่อัปโหลดไว้ (อาจถูกยกเลิกหรือลบแล้ว)")
    with batch.stored_file.open("rb") as handle:
        data = handle.read()
    if sha256_of(data) != batch.sha256:
        raise UnreadableFile("ไฟล์ที่เก็บไว้ไม่ตรงกับที่อัปโหลด (checksum ไม่ตรง): กรุณาอัปโหลดใหม่")
    return data


def _save_errors(batch, result: ImportResult) -> None:
    if result.errors_xlsx:
        batch.errors_file.save(
            f"{batch.pk}-errors.xlsx", ContentFile(result.errors_xlsx), save=False
        )
        batch.save(update_fields=["errors_file"])


STAGE_FILE = gettext_noop("อ่านไฟล์ที่อัปโหลดไว้")
STAGE_RECORD = gettext_noop("บันทึกผลการนำเข้า")
STAGE_TASK = gettext_noop("เริ่มงานนำเข้า")


def _fail(batch, stage: str, error: Exception, *, written: str = "") -> str:
    """End a batch FAILED after an unexpected error, with a reason the page shows.

    The traceback goes to the log; the page gets the stage and the error's kind only
    (its text may hold SQL or paths). ImportCrashed carries its own stage. `written`:
    the status the batch had reached when its rows were already committed (only the
    record of the result failed), kept so nobody imports it twice believing it failed.
    """
    from registry.models import ImportBatch

    if isinstance(error, ImportCrashed):
        stage, error = error.stage, error.error
    logger.error("import batch %s failed while %s", batch.pk, stage, exc_info=error)
    if written:
        message = _(
            "บันทึกข้อมูลแล้ว แต่เกิดข้อผิดพลาดที่ไม่คาดคิดระหว่าง%(stage)s (%(error)s): "
            "ผลสรุปอาจไม่ครบ กรุณาแจ้งผู้ดูแลระบบ"
        )
    else:
        message = _(
            "เกิดข้อผิดพลาดที่ไม่คาดคิดระหว่าง%(stage)s (%(error)s): ไม่ได้บันทึกข้อมูลใด ๆ "
            "กรุณาลองใหม่ หากยังเกิดอีกกรุณาแจ้งผู้ดูแลระบบ"
        )
    message %= {"stage": _(stage), "error": error.__class__.__name__}
    status = written or ImportBatch.Status.FAILED
    batch.refresh_from_db(fields=["summary", "rows_total", "rows_done", "error_count"])
    return _finish(batch, status, message=message)


def _finish(batch, status: str, *, message: str = "") -> str:
    batch.message = message
    batch.phase = "done"
    batch.finished_at = timezone.now()
    import_batch_transition(batch=batch, status=status)
    return status
