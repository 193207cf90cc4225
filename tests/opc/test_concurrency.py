"""The two-products rule under concurrent requests (PostgreSQL: real row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import Role
from opc import services
from opc.models import Application
from registry.models import District, Province
from tests.base import make_producer, make_product, make_user
from tests.opc.data import make_opc_round


def _enter_all_at_once(round_, producer, products, users):
    barrier = threading.Barrier(len(products))
    outcomes = []
    lock = threading.Lock()

    def enter(product, user):
        try:
            barrier.wait()
            services.application_create(
                round_=round_, producer=producer, products=[product], user=user
            )
            result = "created"
        except ValidationError as error:
            result = error.messages[0]
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=enter, args=(product, users[i % len(users)]))
        for i, product in enumerate(products)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_entries_for_one_producer_leave_exactly_two_applications(programs):
    province = Province.objects.get(code="56")
    district = District.objects.get(code="5601")
    officer = make_user("c_officer", Role.DISTRICT_OFFICER, district=district)
    staff = make_user("c_staff", Role.PROVINCIAL_STAFF, province=province)
    round_ = make_opc_round(province)
    producer = make_producer("CC1", district)
    products = [make_product(f"CC1-{i}", producer) for i in range(6)]

    outcomes = _enter_all_at_once(round_, producer, products, [officer, staff])

    assert outcomes.count("created") == 2
    assert all("ครบ ๒" in o for o in outcomes if o != "created")
    applications = Application.objects.filter(round=round_, producer=producer)
    assert applications.count() == 2
    assert sorted(applications.values_list("slot", flat=True)) == [1, 2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_entries_for_different_producers_do_not_block_each_other(programs):
    province = Province.objects.get(code="56")
    district = District.objects.get(code="5601")
    officer = make_user("c_officer2", Role.DISTRICT_OFFICER, district=district)
    round_ = make_opc_round(province)
    producers = [make_producer(f"CD{i}", district) for i in range(4)]
    barrier = threading.Barrier(4)
    errors = []

    def enter(producer):
        try:
            barrier.wait()
            product = producer.products.get()
            services.application_create(
                round_=round_, producer=producer, products=[product], user=officer
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    for producer in producers:
        make_product(f"{producer.code}-1", producer)
    threads = [threading.Thread(target=enter, args=(p,)) for p in producers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Application.objects.filter(round=round_).count() == 4
