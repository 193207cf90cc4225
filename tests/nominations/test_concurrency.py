"""Two officers nominate the last slot of an exact quota at the same moment (PostgreSQL).

Each thread has its own database connection and its own transaction; a barrier releases
them together. Without the Submission row lock both would count one nomination, both
pass the quota check and both insert (different candidates, so no unique constraint
would stop them): the quota of 2 would hold 3.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.models import Role
from nominations import services
from registry.models import District, Province
from selection.models import Nomination
from tests.base import make_user
from tests.nominations.data import build_registry, build_round, ensure_programs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class _Case:
    """The attributes build_round/build_registry read from a test case."""

    def __init__(self):
        ensure_programs()
        self.phayao = Province.objects.get(code="56")
        self.mueang = District.objects.get(code="5601")
        self.mae_chai = District.objects.get(code="5607")


def race(round_, candidates, users, *, pre_created: bool):
    if pre_created:
        services.submission_get_or_create(round_=round_, district_code="5601")
    barrier = threading.Barrier(len(candidates))
    outcomes = []

    def nominate(candidate, user):
        try:
            barrier.wait(timeout=10)
            services.nomination_add(
                round_=round_, district_code="5601", candidate_pk=candidate.pk, by=user
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=nominate, args=(c, u))
        for c, u in zip(candidates, users, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("pre_created", [True, False])
def test_two_officers_racing_for_the_last_slot_get_exactly_one(transactional_db, pre_created):
    assert connection.vendor == "postgresql"
    case = _Case()
    round_ = build_round(case)
    producers = build_registry(case)
    first = make_user("officer-a", Role.DISTRICT_OFFICER, district=case.mueang)
    second = make_user("officer-b", Role.DISTRICT_OFFICER, district=case.mueang)
    services.nomination_add(
        round_=round_, district_code="5601", candidate_pk=producers["M1"].pk, by=first
    )

    outcomes = race(
        round_, [producers["M2"], producers["M3"]], [first, second], pre_created=pre_created
    )

    assert sorted(outcomes, key=len) == [
        "ok",
        "เสนอชื่อครบ ๒ รายตามจำนวนจัดสรรแล้ว ถอนชื่อรายอื่นก่อนหากต้องการเปลี่ยน",
    ]
    assert Nomination.objects.filter(round=round_, district_id="5601").count() == 2


def test_two_officers_nominating_the_same_candidate_get_it_once(transactional_db):
    case = _Case()
    round_ = build_round(case)
    producers = build_registry(case)
    first = make_user("officer-a", Role.DISTRICT_OFFICER, district=case.mueang)
    second = make_user("officer-b", Role.DISTRICT_OFFICER, district=case.mueang)

    outcomes = race(round_, [producers["M2"], producers["M2"]], [first, second], pre_created=False)

    assert outcomes.count("ok") == 1
    assert Nomination.objects.filter(round=round_, producer=producers["M2"]).count() == 1
