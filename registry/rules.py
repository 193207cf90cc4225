"""Pure rules of the registry: which status an import record (`ImportBatch`) may move to.

Every status change of a batch goes through `registry.importing.service
.import_batch_transition`, which checks this table and logs the change. The path of a
web upload: (new) → validating → previewed → queued → running → succeeded / partial /
failed; a file that cannot be imported ends rejected, a preview the admin drops ends
cancelled. Any stage that is waiting or working can end failed (an unexpected error, a
worker that died: never stuck); a task presumed dead that finishes after all still
records its result. A command records its batch as running from the start
(new → running) or, done, in its final status (new → succeeded…).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.models import ImportStatus

NEW = ""  # a batch not recorded yet

FINAL = frozenset(
    {
        ImportStatus.SUCCEEDED,
        ImportStatus.PARTIAL,
        ImportStatus.FAILED,
        ImportStatus.CANCELLED,
        ImportStatus.REJECTED,
    }
)

IMPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset(
        {ImportStatus.VALIDATING, ImportStatus.RUNNING, *FINAL} - {ImportStatus.CANCELLED}
    ),
    ImportStatus.VALIDATING: frozenset(
        {ImportStatus.PREVIEWED, ImportStatus.REJECTED, ImportStatus.FAILED}
    ),
    ImportStatus.PREVIEWED: frozenset({ImportStatus.QUEUED, ImportStatus.CANCELLED}),
    ImportStatus.QUEUED: frozenset({ImportStatus.RUNNING, ImportStatus.FAILED}),
    ImportStatus.RUNNING: frozenset(
        {ImportStatus.SUCCEEDED, ImportStatus.PARTIAL, ImportStatus.FAILED, ImportStatus.REJECTED}
    ),
    # Failed as stale (`import_batch_fail_stale`: its worker presumed dead), a task that
    # does finish after all records its own result over that failure: rows it wrote must
    # not sit under "nothing was written".
    ImportStatus.FAILED: frozenset(
        {
            ImportStatus.PREVIEWED,
            ImportStatus.REJECTED,
            ImportStatus.SUCCEEDED,
            ImportStatus.PARTIAL,
        }
    ),
    **{status: frozenset() for status in FINAL - {ImportStatus.FAILED}},
}

# The statuses a batch may be failed from when something goes wrong (waiting or working).
FAILABLE = frozenset(
    s for s, allowed in IMPORT_TRANSITIONS.items() if s and ImportStatus.FAILED in allowed
)


def import_transition_allowed(old: str, new: str) -> bool:
    return new in IMPORT_TRANSITIONS.get(old, frozenset())


def check_import_transition(old: str, new: str) -> None:
    """Refuse (ValidationError, Thai) a status change the table does not allow."""
    if import_transition_allowed(old, new):
        return
    labels = dict(ImportStatus.choices)
    if not IMPORT_TRANSITIONS.get(old):
        raise ValidationError(
            _("การนำเข้านี้สิ้นสุดแล้ว (%(old)s): เปลี่ยนเป็น “%(new)s” ไม่ได้")
            % {"old": labels[old], "new": labels.get(new, new)},
            code="import_transition",
        )
    raise ValidationError(
        _("การนำเข้าที่มีสถานะ “%(old)s” เปลี่ยนเป็น “%(new)s” ไม่ได้")
        % {"old": labels.get(old, old) if old else _("ยังไม่บันทึก"), "new": labels.get(new, new)},
        code="import_transition",
    )
