"""The one scope rule, over every role × where the object is × kind of access."""

from django.db.models import Q
from django.test import SimpleTestCase

from accounts import rules
from accounts.rules import BROWSE, MANAGE, WORK
from registry.scope import EVERYTHING, NOTHING, PlaceScope, either, province_code_of

# Users: (role, province, district). Phayao is 56, Mueang Phayao 5601.
USERS = {
    "admin": (rules.ADMIN, None, None),
    "staff": (rules.PROVINCIAL_STAFF, "56", None),
    "officer": (rules.DISTRICT_OFFICER, "56", "5601"),
    "staff without province": (rules.PROVINCIAL_STAFF, None, None),
    "officer without district": (rules.DISTRICT_OFFICER, "56", None),
    "unknown role": ("guest", "56", "5601"),
}

# Objects: (province, district); a district of None is a province-wide object (a round).
PLACES = {
    "same district": ("56", "5601"),
    "other district, same province": ("56", "5602"),
    "other province": ("57", "5701"),
    "no district, same province": ("56", None),
    "no district, other province": ("57", None),
}

Y, N = True, False
# user -> place -> (BROWSE, WORK, MANAGE)
EXPECTED = {
    "admin": {place: (Y, Y, Y) for place in PLACES},
    "staff": {
        "same district": (Y, Y, Y),
        "other district, same province": (Y, Y, Y),
        "other province": (N, N, N),
        "no district, same province": (Y, Y, Y),
        "no district, other province": (N, N, N),
    },
    "officer": {
        # Officers read their province's registry and rounds, work on their district only
        # and manage nothing.
        "same district": (Y, Y, N),
        "other district, same province": (Y, N, N),
        "other province": (N, N, N),
        "no district, same province": (Y, N, N),
        "no district, other province": (N, N, N),
    },
    "staff without province": {place: (N, N, N) for place in PLACES},
    "officer without district": {place: (N, N, N) for place in PLACES},
    "unknown role": {place: (N, N, N) for place in PLACES},
}


class ScopeRuleTestCase(SimpleTestCase):
    def test_it_decides_every_role_place_and_access(self):
        for user, (role, province, district) in USERS.items():
            for place, (object_province, object_district) in PLACES.items():
                row = EXPECTED[user][place]
                for access, expected in zip((BROWSE, WORK, MANAGE), row, strict=True):
                    with self.subTest(user=user, place=place, access=access):
                        allowed = rules.may(
                            role=role,
                            province=province,
                            district=district,
                            access=access,
                            object_province=object_province,
                            object_district=object_district,
                        )
                        self.assertEqual(allowed, expected)

    def test_it_takes_an_officers_province_from_their_district(self):
        scope = rules.place_scope(
            role=rules.DISTRICT_OFFICER, province="57", district="5601", access=BROWSE
        )
        self.assertEqual(scope, PlaceScope(province="56"))

    def test_it_refuses_an_unknown_access(self):
        with self.assertRaises(ValueError):
            rules.place_scope(role=rules.ADMIN, province=None, district=None, access="delete")


class PlaceScopeTestCase(SimpleTestCase):
    def test_it_filters_as_it_covers(self):
        fields = {"province": "round__province_id", "district": "district_id"}
        self.assertEqual(EVERYTHING.q(**fields), Q())
        self.assertEqual(PlaceScope(province="56").q(**fields), Q(round__province_id="56"))
        self.assertEqual(
            PlaceScope(province="56", district="5601").q(**fields), Q(district_id="5601")
        )
        self.assertEqual(NOTHING.q(**fields), Q(pk__in=[]))
        # A district scope filters a province-wide object out.
        self.assertEqual(
            PlaceScope(province="56", district="5601").q(province="province_id"), Q(pk__in=[])
        )

    def test_it_says_which_provinces_it_reaches(self):
        self.assertTrue(PlaceScope(province="56", district="5601").reaches("56"))
        self.assertFalse(PlaceScope(province="56").reaches("57"))
        self.assertTrue(EVERYTHING.reaches("57"))
        self.assertFalse(NOTHING.reaches("56"))

    def test_it_knows_a_districts_province(self):
        self.assertEqual(province_code_of("5601"), "56")
        self.assertEqual(province_code_of("560101"), "56")

    def test_either_keeps_everything_true(self):
        self.assertEqual(either(Q(), Q(status="open")), Q())
        self.assertEqual(either(Q(a=1), Q(b=2)), Q(a=1) | Q(b=2))
