"""A round's full check before it opens: every app's own checks, called by name.

Each app checks what it owns and knows nothing of the others: selection the rules
(`selection.validation`), documents the letter's dates and texts
(`documents.validation`), allocations the quotas, OPC its
settings (bands, scoring parts, stages). The round page lists these issues and
`lifecycle.services.round_open` refuses while any is an error.
"""

from __future__ import annotations

from allocations.selectors import round_quota_issues
from documents.validation import round_letter_issues
from opc.validation import round_opc_issues
from selection.models import Round
from selection.rules import Issue
from selection.validation import round_issues as round_selection_issues


def round_issues(round_: Round) -> list[Issue]:
    """Every problem that should be fixed before the round opens (errors and warnings)."""
    return [
        *round_selection_issues(round_),
        *round_letter_issues(round_),
        *round_quota_issues(round_),
        *round_opc_issues(round_),
    ]


def round_errors(round_: Round) -> list[Issue]:
    return [issue for issue in round_issues(round_) if issue.is_error]
