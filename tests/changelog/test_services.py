"""The change log itself: what a row holds, what is left out, how pages read it."""

import datetime as dt
from decimal import Decimal

from changelog.display import entries
from changelog.models import ChangeLog, ChangeSource
from changelog.selectors import change_list, round_change_list
from changelog.services import change_build, change_record, change_record_many, changed_values
from tests.base import BaseTestCase, make_producer, make_product


class ChangedValuesTestCase(BaseTestCase):
    def test_it_keeps_only_the_keys_that_differ_with_plain_json_values(self):
        before, after = changed_values(
            {"deadline": dt.date(2024, 12, 20), "subject": "ก", "score": Decimal("85.50")},
            {"deadline": dt.date(2024, 12, 27), "subject": "ก", "score": Decimal("85.50")},
        )
        self.assertEqual((before, after), ({"deadline": "2024-12-20"}, {"deadline": "2024-12-27"}))

    def test_a_key_on_one_side_only_is_a_change(self):
        self.assertEqual(changed_values({}, {"amount": 3}), ({}, {"amount": 3}))


class ChangeRecordTestCase(BaseTestCase):
    def test_it_records_who_what_old_new_and_source_for_an_object(self):
        product = make_product("P1", make_producer("G1", self.mueang))
        change = change_record(
            user=self.staff,
            obj=product,
            action="star_rating.update",
            before={"year": 2565, "stars": 5},
            after={"year": 2565, "stars": 4},
            source=ChangeSource.OPC,
            source_ref="opc-2565",
            round_id=7,
            district_code="5601",
        )
        stored = ChangeLog.objects.get()
        self.assertEqual(stored, change)
        self.assertEqual(
            (stored.user, stored.object_type, stored.object_id, stored.round_id),
            (self.staff, "registry.product", str(product.pk), 7),
        )
        self.assertEqual((stored.before["stars"], stored.after["stars"]), (5, 4))
        self.assertEqual((stored.source, stored.source_ref), ("opc", "opc-2565"))
        self.assertIn("stars: 5 → 4", stored.describe())

    def test_it_refuses_an_unknown_source_and_a_missing_object(self):
        with self.assertRaises(ValueError):
            change_build(
                user=None,
                object_type="x",
                object_id=1,
                action="a",
                before={},
                after={},
                source="email",
            )
        with self.assertRaises(ValueError):
            change_build(user=None, action="a", before={}, after={}, source="web")

    def test_many_rows_go_in_one_insert_and_read_back_newest_first_per_object(self):
        rows = [
            change_build(
                user=None,
                object_type="registry.product",
                object_id=pk,
                action="star_rating.create",
                before={},
                after={"year": 2567, "stars": 3},
                source=ChangeSource.IMPORT,
            )
            for pk in (1, 2, 2)
        ]
        with self.assertNumQueries(1):
            self.assertEqual(change_record_many(rows), 3)
        self.assertEqual(change_list(object_type="registry.product", object_ids=[2]).count(), 2)
        self.assertEqual(round_change_list(round_id=1).count(), 0)

    def test_an_action_nobody_registered_still_shows_its_raw_values(self):
        change = change_record(
            user=None,
            object_type="x.y",
            object_id=1,
            action="x.unknown",
            before={"a": 1},
            after={"a": 2},
            source=ChangeSource.COMMAND,
        )
        (entry,) = entries([change])
        self.assertEqual(entry.title, "x.unknown")
        self.assertEqual(
            [(line.label, line.old, line.new) for line in entry.lines], [("a", "1", "2")]
        )
