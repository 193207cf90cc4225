"""Spreadsheet imports: one machinery for every sheet type people load.

Pipeline (each step its own module, each usable alone):

1. ``reader.open_workbook(data)`` checks the bytes before anything is parsed (size limit
   ``IMPORT_MAX_UPLOAD_BYTES``; .xls, encrypted, PDF, CSV refused; zip directory checked
   for total uncompressed size and compression ratio; every sheet part the workbook names,
   wherever it lives, parsed as XML for its extent against ``IMPORT_MAX_ROWS``,
   ``IMPORT_MAX_COLUMNS`` and rows × columns ``IMPORT_MAX_CELLS``, and its shared-string
   text against ``IMPORT_MAX_CELL_TEXT``: see the reader's docstring) and opens it with
   python-calamine (formulas give their cached values). It is the only way the app opens
   an uploaded workbook. Refusals raise ``errors.UnreadableFile`` with a Thai message.
2. ``sheet.read_sheet(sheet, spec)`` finds the header row within the first 30 rows (title
   rows and merged header cells are fine), matches headers to a ``SheetSpec``'s
   ``Column``s (case, spaces and a trailing colon ignored; aliases accepted; unknown
   columns listed), and parses every non-blank row with the columns' parsers
   (``values``: Thai digits, BE/CE years with a warning, stars, Quadrant, producer types,
   categories). Cell errors carry sheet row, column header and value (``errors.Issue``).
3. An importer's ``plan(parsed_sheet) -> plan.Plan`` checks across rows (conflicting
   values for one code name both rows) and against the database, set-based, and counts
   what it would create, update (with per-field diffs) or leave unchanged. No writes.
4. ``importer.apply(plan, progress=..., origin=...)`` writes with bulk operations; the
   caller (``service.import_file``) holds one transaction, so an import lands whole or
   not at all. ``origin`` (``changelog.services.ChangeOrigin``: user, source, batch) is
   what the importer writes on the change log rows of settings and ratings it changes.
   With ``skip_invalid`` the valid rows are written and the invalid ones come back as
   an .xlsx (``errors_workbook``) with the original cells and an error column.
5. ``service`` records every import as a ``registry.models.ImportBatch`` (who, when,
   file, SHA-256, counts, status, progress) for the web flow and the commands.

Adding a sheet type (e.g. the allocation register, a filled return form) in another
app: an object with ``kind``, ``label``, ``spec``, ``plan()`` and ``apply()``, built by
that app with whatever context it needs and passed as ``importer=``::

    from registry.importing import Column, SheetSpec, Plan, import_file
    from registry.importing.values import parse_int

    class QuotaImporter:
        kind = "quota"
        label = "ทะเบียนจัดสรรกลุ่มเป้าหมาย"
        spec = SheetSpec(title=label, columns=(
            Column("district", "อำเภอ", ("เขต",), required=True),
            Column("quota", "จำนวน", (), required=True, parse=parse_int),
        ))
        def __init__(self, context): ...  # e.g. {"round_id": 7}, kept on ImportBatch.context
        def plan(self, sheet): ...        # -> Plan (counts, errors, payload)
        def apply(self, plan, *, progress=None, origin=None): ...  # bulk writes, no transaction

    result = import_file(importer=QuotaImporter({"round_id": 7}), data=xlsx_bytes, dry_run=True)

The registry sheet's decisions (blank cells never clear data, producer registration year
= earliest product registration year unless an earlier one is stored, history only
grows) are in ``registry_sheet``.
"""

from registry.importing.errors import Issue, UnreadableFile
from registry.importing.kinds import get_importer, importer_choices
from registry.importing.plan import Counts, Plan
from registry.importing.service import ImportOutcome, ImportResult, import_file
from registry.importing.sheet import Column, ParsedSheet, SheetSpec, read_sheet

__all__ = [
    "Column",
    "Counts",
    "ImportOutcome",
    "ImportResult",
    "Issue",
    "ParsedSheet",
    "Plan",
    "SheetSpec",
    "UnreadableFile",
    "get_importer",
    "import_file",
    "importer_choices",
    "read_sheet",
]
