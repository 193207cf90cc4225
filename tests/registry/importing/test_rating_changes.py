"""Every star rating the registry import writes is logged (old and new level, who, which
batch), in bulk: the number of queries does not grow with the number of ratings."""

from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from changelog.models import ChangeLog
from changelog.services import ChangeOrigin
from registry.importing import import_file
from registry.management.commands.import_registry import Command as RegistryCommand
from registry.models import ImportBatch, Product, StarRating
from tests.base import make_user
from tests.registry.importing.corpus import TempMediaMixin, registry_row, xlsx


def rows(count, stars):
    return [registry_row(f"P{i}", f"X{i}", stars=stars, rating_year=2565) for i in range(count)]


class ImportRatingChangesTestCase(TempMediaMixin, TestCase):
    def setUp(self):
        self.admin = make_user("importer", Role.ADMIN)
        self.origin = ChangeOrigin(user=self.admin, source="import", source_ref="#7 ทะเบียน.xlsx")

    def test_a_new_rating_is_logged_on_its_product_with_who_and_which_batch(self):
        import_file(kind="registry", data=xlsx(rows(1, 5)), origin=self.origin)
        change = ChangeLog.objects.get()
        product = Product.objects.get(code="X0")
        self.assertEqual(
            (change.object_type, change.object_id, change.action),
            ("registry.product", str(product.pk), "star_rating.create"),
        )
        self.assertEqual((change.before, change.after), ({}, {"year": 2565, "stars": 5}))
        self.assertEqual(
            (change.user, change.source, change.source_ref),
            (self.admin, "import", "#7 ทะเบียน.xlsx"),
        )

    def test_a_changed_level_keeps_the_old_one_and_an_unchanged_one_logs_nothing(self):
        import_file(kind="registry", data=xlsx(rows(2, 5)), origin=self.origin)
        ChangeLog.objects.all().delete()
        changed = [registry_row("P0", "X0", stars=4, rating_year=2565), rows(2, 5)[1]]
        import_file(kind="registry", data=xlsx(changed), origin=self.origin)
        change = ChangeLog.objects.get()
        self.assertEqual(change.action, "star_rating.update")
        self.assertEqual(change.before, {"year": 2565, "stars": 5})
        self.assertEqual(change.after, {"year": 2565, "stars": 4})
        self.assertEqual(StarRating.objects.get(product__code="X0").stars, 4)

    def test_the_queries_do_not_grow_with_the_number_of_ratings_logged(self):
        def queries_to_change(count):
            import_file(kind="registry", data=xlsx(rows(count, 2)))
            with CaptureQueriesContext(connection) as captured:
                import_file(kind="registry", data=xlsx(rows(count, 3)))
            StarRating.objects.all().delete()
            Product.objects.all().delete()
            return len(captured)

        few, many = queries_to_change(3), queries_to_change(40)
        self.assertEqual(few, many)
        self.assertEqual(ChangeLog.objects.filter(action="star_rating.update").count(), 43)

    def test_the_command_names_its_batch_and_user(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "ทะเบียน.xlsx"
            path.write_bytes(xlsx(rows(1, 3)))
            code = RegistryCommand(stdout=StringIO(), stderr=StringIO()).run(
                file=str(path), user="importer"
            )
        self.assertEqual(code, 0)
        batch = ImportBatch.objects.get()
        self.assertEqual(
            (batch.status, batch.created_by, batch.phase), ("succeeded", self.admin, "done")
        )
        change = ChangeLog.objects.get(object_type="registry.product")
        self.assertEqual((change.source, change.user), ("import", self.admin))
        self.assertEqual(change.source_ref, f"#{batch.pk} ทะเบียน.xlsx")
