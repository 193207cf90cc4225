"""`Nomination` moves from `selection` to `nominations`, its workflow's app (ADR 0022).

State only: the table keeps its name (`selection_nomination`, the model's `db_table`),
so no row, foreign key, index, constraint or PostgreSQL sequence is touched. This
migration gives `nominations` the model and points `KeptNomination` at it; it runs before
`selection.0004`, which drops the model from selection's state (`run_before`: declared
here so that selection's migrations never name an app above it).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0004_submission_events_to_changelog"),
        ("registry", "0001_initial"),
        ("selection", "0003_ordering_by_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    run_before = [("selection", "0004_nomination_moved_to_nominations")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Nomination",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "tier",
                            models.PositiveSmallIntegerField(default=1, verbose_name="ชั้นเกณฑ์"),
                        ),
                        (
                            "justification",
                            models.TextField(blank=True, verbose_name="เหตุผลประกอบการพิจารณา"),
                        ),
                        ("position", models.PositiveIntegerField(default=1, verbose_name="ลำดับ")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ผู้เสนอ",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="nominations",
                                to="registry.district",
                                verbose_name="อำเภอ",
                            ),
                        ),
                        (
                            "producer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="nominations",
                                to="registry.producer",
                                verbose_name="ผู้ผลิต",
                            ),
                        ),
                        (
                            "product",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="nominations",
                                to="registry.product",
                                verbose_name="ผลิตภัณฑ์",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="nominations",
                                to="selection.round",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "การเสนอชื่อ",
                        "verbose_name_plural": "การเสนอชื่อ",
                        "db_table": "selection_nomination",
                        "ordering": ["round_id", "district_id", "position", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["round", "district"], name="selection_n_round_i_04b66b_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("product__isnull", True)),
                                fields=("round", "producer"),
                                name="selection_nomination_once_per_round_producer",
                                violation_error_message="ผู้ผลิตนี้ได้รับการเสนอชื่อในรอบนี้แล้ว",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("product__isnull", False)),
                                fields=("round", "product"),
                                name="selection_nomination_once_per_round_product",
                                violation_error_message="ผลิตภัณฑ์นี้ได้รับการเสนอชื่อในรอบนี้แล้ว",
                            ),
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="keptnomination",
                    name="nomination",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kept",
                        to="nominations.nomination",
                        verbose_name="รายชื่อที่เสนอ",
                    ),
                ),
            ],
        ),
    ]
