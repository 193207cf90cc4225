"""Named personas and registry data for tests, built with plain objects.create.

Phayao (56) is home; Chiang Rai (57) is the other province whose rows must stay hidden.
Geography comes from the data migration, so every test database has all of Thailand.
"""

from django.test import TestCase

from accounts.models import Role, User
from registry.models import (
    Category,
    District,
    Producer,
    ProducerType,
    Product,
    Province,
    QuadrantRating,
    StarRating,
)

PASSWORD = "demo-pass-1234"


def make_user(username: str, role: str, *, province=None, district=None, **extra) -> User:
    user = User(username=username, role=role, province=province, district=district, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_producer(code: str, district: District, **fields) -> Producer:
    defaults = {
        "name": f"กลุ่ม {code}",
        "producer_type": ProducerType.COMMUNITY_GROUP,
        "registered_year": 2560,
    }
    return Producer.objects.create(code=code, district=district, **{**defaults, **fields})


def make_product(code: str, producer: Producer, *, stars=None, quadrant=None, **fields) -> Product:
    """A product, with optional {year: stars} and {year: quadrant} history."""
    defaults = {"name": f"ผลิตภัณฑ์ {code}", "category": Category.FOOD, "registered_year": 2560}
    product = Product.objects.create(code=code, producer=producer, **{**defaults, **fields})
    for year, level in (stars or {}).items():
        StarRating.objects.create(product=product, year=year, stars=level)
    for year, quadrant_value in (quadrant or {}).items():
        QuadrantRating.objects.create(product=product, year=year, quadrant=quadrant_value)
    return product


class BaseTestCase(TestCase):
    """Personas: an officer of เมืองพะเยา, an officer of แม่ใจ, Phayao provincial staff,
    an admin, and Chiang Rai staff and officer (the outsiders)."""

    @classmethod
    def setUpTestData(cls):
        cls.phayao = Province.objects.get(code="56")
        cls.chiang_rai = Province.objects.get(code="57")
        cls.mueang = District.objects.get(code="5601")
        cls.mae_chai = District.objects.get(code="5607")
        cls.cr_mueang = District.objects.get(code="5701")

        cls.officer = make_user("officer", Role.DISTRICT_OFFICER, district=cls.mueang)
        cls.officer2 = make_user("officer_maechai", Role.DISTRICT_OFFICER, district=cls.mae_chai)
        cls.staff = make_user("staff", Role.PROVINCIAL_STAFF, province=cls.phayao)
        cls.admin = make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)
        cls.outsider = make_user("outsider", Role.PROVINCIAL_STAFF, province=cls.chiang_rai)
        cls.outsider_officer = make_user(
            "outsider_officer", Role.DISTRICT_OFFICER, district=cls.cr_mueang
        )
