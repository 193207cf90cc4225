"""A round's change history as its page shows it, newest first: every app's rows of the
round, each shown by its own app's table (`CHANGE_ACTIONS` of its history module, named
here rather than registered anywhere)."""

from __future__ import annotations

from allocations import history as allocations_history
from changelog.display import ChangeEntry, entries
from changelog.selectors import round_change_list
from changelog.services import object_type_of
from documents import history as documents_history
from nominations import history as nominations_history
from opc import history as opc_history
from registry import history as registry_history
from registry.history import PRODUCT_TYPE
from selection import history as selection_history
from selection.models import Round

HISTORY_LIMIT = 100
ROUND_ACTIONS = {
    **registry_history.CHANGE_ACTIONS,
    **selection_history.CHANGE_ACTIONS,
    **allocations_history.CHANGE_ACTIONS,
    **nominations_history.CHANGE_ACTIONS,
    **documents_history.CHANGE_ACTIONS,
    **opc_history.CHANGE_ACTIONS,
}


def round_history(round_: Round, *, limit: int = HISTORY_LIMIT) -> list[ChangeEntry]:
    """The round's latest changes, newest first, ready for the template: its own rows
    (settings, status, rules, quotas, committee, publishing) and the star ratings its
    publishing wrote. The districts' timelines and the OPC applications' histories,
    also rows of the round, have their own pages."""
    changes = round_change_list(round_id=round_.pk).filter(
        object_type__in=[object_type_of(round_), PRODUCT_TYPE]
    )
    return entries(changes[:limit], ROUND_ACTIONS)
