"""The nomination pages' filters: the return comment shows only while the list is returned."""

from django.test import SimpleTestCase

from nominations.models import Submission, SubmissionStatus
from nominations.templatetags.nominations import pending_return_comment


class PendingReturnCommentTestCase(SimpleTestCase):
    def test_it_shows_the_comment_only_while_returned(self):
        table = [
            (SubmissionStatus.DRAFT, ""),
            (SubmissionStatus.SUBMITTED, ""),
            (SubmissionStatus.RETURNED, "แก้ลำดับที่ ๒"),
            (SubmissionStatus.APPROVED, ""),
        ]
        self.assertEqual({s for s, _ in table}, set(SubmissionStatus.values))
        for status, shown in table:
            with self.subTest(status=status):
                submission = Submission(status=status, return_comment="แก้ลำดับที่ ๒")
                self.assertEqual(pending_return_comment(submission), shown)

    def test_no_submission_and_no_comment_show_nothing(self):
        self.assertEqual(pending_return_comment(None), "")
        returned = Submission(status=SubmissionStatus.RETURNED, return_comment="")
        self.assertEqual(pending_return_comment(returned), "")
