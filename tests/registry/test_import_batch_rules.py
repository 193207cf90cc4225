"""The import record's status table (`registry.rules.IMPORT_TRANSITIONS`), over every
(from, to) pair: the allowed moves are written out here, everything else is refused
with a Thai message."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from registry.models import ImportStatus as S
from registry.rules import (
    FAILABLE,
    NEW,
    check_import_transition,
    import_transition_allowed,
)

ALLOWED = {
    (NEW, S.VALIDATING),  # an upload, checked in the background
    (NEW, S.RUNNING),  # a command writing
    (NEW, S.SUCCEEDED),  # a command's import recorded when done
    (NEW, S.PARTIAL),
    (NEW, S.FAILED),
    (NEW, S.REJECTED),
    (S.VALIDATING, S.PREVIEWED),
    (S.VALIDATING, S.REJECTED),
    (S.VALIDATING, S.FAILED),
    (S.PREVIEWED, S.QUEUED),
    (S.PREVIEWED, S.CANCELLED),
    (S.QUEUED, S.RUNNING),
    (S.QUEUED, S.FAILED),
    (S.RUNNING, S.SUCCEEDED),
    (S.RUNNING, S.PARTIAL),
    (S.RUNNING, S.FAILED),
    (S.RUNNING, S.REJECTED),
    # failed as stale, its task finished after all: its own result stands
    (S.FAILED, S.PREVIEWED),
    (S.FAILED, S.REJECTED),
    (S.FAILED, S.SUCCEEDED),
    (S.FAILED, S.PARTIAL),
}


class ImportBatchTransitionsTestCase(SimpleTestCase):
    def test_every_pair_is_allowed_or_refused_as_the_table_says(self):
        for old in [NEW, *S.values]:
            for new in S.values:
                with self.subTest(old=old or "new", new=new):
                    allowed = (old, new) in ALLOWED
                    self.assertEqual(import_transition_allowed(old, new), allowed)
                    if allowed:
                        check_import_transition(old, new)
                    else:
                        with self.assertRaises(ValidationError) as refused:
                            check_import_transition(old, new)
                        self.assertIn("เปลี่ยนเป็น", refused.exception.messages[0])

    def test_a_finished_import_says_it_is_finished(self):
        with self.assertRaisesMessage(ValidationError, "การนำเข้านี้สิ้นสุดแล้ว (สำเร็จ)"):
            check_import_transition(S.SUCCEEDED, S.RUNNING)

    def test_only_waiting_or_working_batches_can_be_failed(self):
        self.assertEqual(FAILABLE, {S.VALIDATING, S.QUEUED, S.RUNNING})
