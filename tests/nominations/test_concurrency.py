"""Two users acting on the same district's list at the same moment.

Every scenario is two requests that both loaded their page (or planned their form load)
before either acted: the first must succeed, the second must be refused with a Thai
message, each change must be logged once, and nothing else may be raised.

PostgreSQL (`postgres`): each request runs in its own thread, connection and
transaction. The interleaving is forced, not hoped for: the first request is held
inside its critical section, after its writes and before its commit (`services._log`,
the last step of every workflow service, waits on an event), while the second starts;
the first is released only once PostgreSQL shows the second waiting for a lock
(`pg_stat_activity`), or once the second has finished (which it only can without the
lock, and then the assertions fail). Without `select_for_update` on the submission the
second reads the row the first has not committed yet and acts on it too.

SQLite: the test database is in memory with a shared cache, where a second connection
is told "database table is locked" at once instead of waiting, so two threads cannot
race on it (a file database with `transaction_mode=IMMEDIATE` serialises whole write
transactions instead). There the same scenarios run one after the other, the second with
what its request loaded before the first committed: the outcome the lock turns a race
into, which exercises the re-reads under the lock on both databases.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.models import Role
from documents import loadback
from nominations import services
from nominations.models import Action, Nomination, Submission
from registry.models import District, Province
from tests.base import make_user
from tests.nominations.data import (
    build_registry,
    build_round,
    ensure_programs,
    submission_changes,
)

STALE = "รายชื่อนี้ถูกถอนหรือเปลี่ยนแปลงไปแล้ว โปรดโหลดหน้าใหม่"
APPROVED_ALREADY = "สถานะของรายชื่อเปลี่ยนเป็น “อนุมัติแล้ว” แล้ว (มีผู้ดำเนินการก่อนหน้า) โปรดโหลดหน้าใหม่"
SUBMITTED_ALREADY = "แก้ไขรายชื่อไม่ได้เมื่อสถานะเป็น “ส่งแล้ว รอตรวจ”"
NOW_SHORT = "ยังขาดอีก ๑ ราย"


class World:
    """เมืองพะเยา's exact quota of 2 filled with M1, M2 by officer A; a second officer of
    the district, two provincial staff. The attributes build_round/build_registry read."""

    def __init__(self):
        ensure_programs()
        self.phayao = Province.objects.get(code="56")
        self.mueang = District.objects.get(code="5601")
        self.mae_chai = District.objects.get(code="5607")
        self.round = build_round(self)
        self.p = build_registry(self)
        self.officer_a = make_user("officer-a", Role.DISTRICT_OFFICER, district=self.mueang)
        self.officer_b = make_user("officer-b", Role.DISTRICT_OFFICER, district=self.mueang)
        self.staff_a = make_user("staff-a", Role.PROVINCIAL_STAFF, province=self.phayao)
        self.staff_b = make_user("staff-b", Role.PROVINCIAL_STAFF, province=self.phayao)
        for name in ("M1", "M2"):
            services.nomination_add(
                round_=self.round,
                district_code="5601",
                candidate_pk=self.p[name].pk,
                by=self.officer_a,
            )

    # What a view loads before the request's transaction.
    def nomination(self, name) -> Nomination:
        n = Nomination.objects.get(round=self.round, producer=self.p[name])
        n.round = self.round
        return n

    def submission(self) -> Submission:
        s = services.submission_get_or_create(round_=self.round, district_code="5601")
        s.round = self.round
        return s

    def submit(self):
        services.submission_submit(submission=self.submission(), by=self.officer_a)

    def planned_load(self, user, codes) -> Callable[[], None]:
        """A form load listing `codes`, planned now (as the confirm view plans it before
        applying); the returned call applies it and raises its refusal, if any."""
        form = loadback.FilledForm(
            meta={"round": self.round.slug, "district": "5601", "unit": "producer"},
            rows=[loadback.FormRow(row=5 + i, code=code) for i, code in enumerate(codes)],
            sheet="แบบรายงาน",
        )
        plan = loadback.plan_loadback(form, round_=self.round, district=self.mueang, by=user)

        def apply():
            loadback.loadback_apply(plan, by=user)
            errors = plan.form_errors + [e for row in plan.bad_rows for e in row.errors]
            if errors:
                raise ValidationError(errors)

        return apply


@dataclass
class Scenario:
    first: Callable[[], object]
    second: Callable[[], object]
    refusal: str  # what the second one is told
    logged: dict[str, int]  # action -> events written by the two
    after: Callable[[], None] = field(default=lambda: None)  # more checks of the end state


def remove_remove(w: World) -> Scenario:
    m1 = w.nomination("M1")
    return Scenario(
        lambda: services.nomination_remove(nomination=m1, by=w.officer_a),
        lambda: services.nomination_remove(nomination=m1, by=w.officer_b),
        STALE,
        {"remove": 1},
        lambda: positions(w, [("M2", 1)]),
    )


def remove_justify(w: World) -> Scenario:
    m1 = w.nomination("M1")
    return Scenario(
        lambda: services.nomination_remove(nomination=m1, by=w.officer_a),
        lambda: services.nomination_justify(nomination=m1, justification="ดี", by=w.officer_b),
        STALE,
        {"remove": 1, "justify": 0},
        lambda: positions(w, [("M2", 1)]),
    )


def remove_move(w: World) -> Scenario:
    m1 = w.nomination("M1")
    return Scenario(
        lambda: services.nomination_remove(nomination=m1, by=w.officer_a),
        lambda: services.nomination_move(
            nomination=m1, direction="down", by=w.officer_b, expected_position=1
        ),
        STALE,
        {"remove": 1, "move": 0},
        lambda: positions(w, [("M2", 1)]),
    )


def move_move(w: World) -> Scenario:
    m2 = w.nomination("M2")

    def up(user):
        return lambda: services.nomination_move(
            nomination=m2, direction="up", by=user, expected_position=2
        )

    return Scenario(
        up(w.officer_a),
        up(w.officer_b),
        STALE,
        {"move": 1},
        lambda: positions(w, [("M2", 1), ("M1", 2)]),
    )


def submit_remove(w: World) -> Scenario:
    submission, m2 = w.submission(), w.nomination("M2")
    return Scenario(
        lambda: services.submission_submit(
            submission=submission, by=w.officer_a, expected_status="draft"
        ),
        lambda: services.nomination_remove(nomination=m2, by=w.officer_b),
        SUBMITTED_ALREADY,
        {"submit": 1, "remove": 0},
        lambda: status_is(w, "submitted"),
    )


def remove_submit(w: World) -> Scenario:
    submission, m2 = w.submission(), w.nomination("M2")
    return Scenario(
        lambda: services.nomination_remove(nomination=m2, by=w.officer_a),
        lambda: services.submission_submit(
            submission=submission, by=w.officer_b, expected_status="draft"
        ),
        NOW_SHORT,
        {"remove": 1, "submit": 0},
        lambda: status_is(w, "draft"),
    )


def approve_return(w: World) -> Scenario:
    w.submit()
    submission = w.submission()
    return Scenario(
        lambda: services.submission_approve(
            submission=submission, by=w.staff_a, expected_status="submitted"
        ),
        lambda: services.submission_return(
            submission=submission, comment="แก้ลำดับ", by=w.staff_b, expected_status="submitted"
        ),
        APPROVED_ALREADY,
        {"approve": 1, "return": 0},
        lambda: status_is(w, "approved"),
    )


def approve_approve(w: World) -> Scenario:
    w.submit()
    submission = w.submission()

    def approve(user):
        return lambda: services.submission_approve(
            submission=submission, by=user, expected_status="submitted"
        )

    return Scenario(approve(w.staff_a), approve(w.staff_b), APPROVED_ALREADY, {"approve": 1})


def load_remove(w: World) -> Scenario:
    """The province loads the district's form, which no longer lists M2, while the
    district's officer withdraws M2 by hand."""
    m2 = w.nomination("M2")
    return Scenario(
        w.planned_load(w.staff_a, ["M1"]),
        lambda: services.nomination_remove(nomination=m2, by=w.officer_b),
        STALE,
        {"remove": 1, "load_form": 1},
        lambda: positions(w, [("M1", 1)]),
    )


def remove_load(w: World) -> Scenario:
    m2 = w.nomination("M2")
    return Scenario(
        lambda: services.nomination_remove(nomination=m2, by=w.officer_b),
        w.planned_load(w.staff_a, ["M1"]),
        STALE,
        {"remove": 1, "load_form": 0},
        lambda: positions(w, [("M1", 1)]),
    )


SCENARIOS = {
    f.__name__: f
    for f in (
        remove_remove,
        remove_justify,
        remove_move,
        move_move,
        submit_remove,
        remove_submit,
        approve_return,
        approve_approve,
        load_remove,
        remove_load,
    )
}


def positions(w: World, expected):
    rows = Nomination.objects.filter(round=w.round, district=w.mueang).order_by("position")
    assert [(n.producer.code, n.position) for n in rows] == expected


def status_is(w: World, status):
    assert Submission.objects.get(round=w.round, district=w.mueang).status == status


def outcome(action) -> str:
    """ "ok", the Thai refusal, or the unexpected exception (which fails the test)."""
    try:
        action()
    except ValidationError as error:
        return " ".join(error.messages)
    except Exception as error:  # any other is the failure, reported by the assertion
        return f"{type(error).__name__}: {error}"
    return "ok"


def check(w: World, scenario: Scenario, outcomes: dict, events_before: int):
    assert outcomes["first"] == "ok", outcomes
    assert outcomes["second"] == scenario.refusal or scenario.refusal in outcomes["second"], (
        outcomes
    )
    new = submission_changes().order_by("pk")[events_before:]
    written = [e.action.removeprefix("submission.") for e in new]
    for action, count in scenario.logged.items():
        assert written.count(action) == count, written
    assert len(written) == sum(scenario.logged.values()), written
    scenario.after()


# ---------------------------------------------------------------- PostgreSQL: real races


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def interleave(first, second) -> dict:
    """Run `first` and hold it after its writes, run `second` meanwhile, release `first`
    once `second` waits for a lock or has finished; returns both outcomes."""
    held, release = threading.Event(), threading.Event()
    first_thread: list[int] = []
    outcomes: dict[str, str] = {}
    log = services._log

    def log_then_hold(*args, **kwargs):
        event = log(*args, **kwargs)
        if threading.get_ident() in first_thread and not held.is_set():
            held.set()
            release.wait(timeout=20)
        return event

    def run(name, action):
        if name == "first":
            first_thread.append(threading.get_ident())
        try:
            outcomes[name] = outcome(action)
        finally:
            if name == "first":
                held.set()  # a first that fails before logging must not stall the test
            connections.close_all()

    with mock.patch.object(services, "_log", log_then_hold):
        one = threading.Thread(target=run, args=("first", first))
        one.start()
        assert held.wait(timeout=20), "the first request never reached its critical section"
        two = threading.Thread(target=run, args=("second", second))
        two.start()
        deadline = time.monotonic() + 10
        while two.is_alive() and not _lock_waiters() and time.monotonic() < deadline:
            time.sleep(0.005)
        waited = two.is_alive()
        release.set()
        one.join(timeout=30)
        two.join(timeout=30)
    assert not one.is_alive() and not two.is_alive(), "a request is still running"
    outcomes["second waited for the first"] = waited
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", SCENARIOS)
def test_racing_requests_one_succeeds_the_other_is_told_in_thai(transactional_db, name):
    assert connection.vendor == "postgresql"
    w = World()
    scenario = SCENARIOS[name](w)
    before = submission_changes().count()
    outcomes = interleave(scenario.first, scenario.second)
    check(w, scenario, outcomes, before)
    assert outcomes["second waited for the first"], "the second never waited for the lock"


# ---------------------------------------------------------------- any database: in turn


@pytest.mark.django_db
@pytest.mark.parametrize("name", SCENARIOS)
def test_the_second_request_acting_on_what_it_loaded_is_told_in_thai(name):
    w = World()
    scenario = SCENARIOS[name](w)
    before = submission_changes().count()
    outcomes = {"first": outcome(scenario.first), "second": outcome(scenario.second)}
    check(w, scenario, outcomes, before)


# ---------------------------------------------------------------- the last slot (PostgreSQL)


def _race_to_nominate(round_, candidates, users, *, pre_created: bool):
    """Both officers released together by a barrier (no hold needed: the quota check
    and the insert are in one transaction either way)."""
    if pre_created:
        services.submission_get_or_create(round_=round_, district_code="5601")
    barrier = threading.Barrier(len(candidates))
    outcomes = []

    def nominate(candidate, user):
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                outcome(
                    lambda: services.nomination_add(
                        round_=round_, district_code="5601", candidate_pk=candidate.pk, by=user
                    )
                )
            )
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("pre_created", [True, False])
def test_two_officers_racing_for_the_last_slot_get_exactly_one(transactional_db, pre_created):
    assert connection.vendor == "postgresql"
    w = World()
    services.nomination_remove(nomination=w.nomination("M2"), by=w.officer_a)

    outcomes = _race_to_nominate(
        w.round, [w.p["M2"], w.p["M3"]], [w.officer_a, w.officer_b], pre_created=pre_created
    )

    assert sorted(outcomes, key=len) == [
        "ok",
        "เสนอชื่อครบ ๒ รายตามจำนวนจัดสรรแล้ว ถอนชื่อรายอื่นก่อนหากต้องการเปลี่ยน",
    ]
    assert Nomination.objects.filter(round=w.round, district_id="5601").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_nominating_the_same_candidate_get_it_once(transactional_db):
    w = World()
    services.nomination_remove(nomination=w.nomination("M2"), by=w.officer_a)

    outcomes = _race_to_nominate(
        w.round, [w.p["M2"], w.p["M2"]], [w.officer_a, w.officer_b], pre_created=False
    )

    assert sorted(outcomes, key=len) == ["ok", "“กลุ่ม M2” (M2) ได้รับการเสนอชื่อแล้ว"]
    assert Nomination.objects.filter(round=w.round, producer=w.p["M2"]).count() == 1


@pytest.mark.django_db
def test_a_form_load_refused_half_way_writes_nothing():
    """The form withdraws M1 and M2; M2 was withdrawn by hand after the load was planned:
    the load is refused as a whole, and M1 is not withdrawn by half of it."""
    w = World()
    load = w.planned_load(w.staff_a, [])
    services.nomination_remove(nomination=w.nomination("M2"), by=w.officer_b)
    assert outcome(load) == STALE
    positions(w, [("M1", 1)])
    removed_or_loaded = [Action.REMOVE, Action.LOAD_FORM]
    assert submission_changes().filter(action__in=removed_or_loaded).count() == 1


@pytest.mark.django_db
def test_a_form_row_keeping_what_was_withdrawn_meanwhile_is_refused_in_thai():
    w = World()
    load = w.planned_load(w.staff_a, ["M1", "M2"])  # both kept as they are
    services.nomination_remove(nomination=w.nomination("M2"), by=w.officer_b)
    assert outcome(load) == STALE
    positions(w, [("M1", 1)])
