"""Fill the registry's `Target` from the nominations already made (ADR 0022).

One row per candidate that some round of a program and fiscal year nominates: the
"not a target" criterion now reads these rows, and the nomination services keep them
in step from here on (`nominations.services.target_sync`).
"""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    Target = apps.get_model("registry", "Target")
    keys = set(
        Nomination.objects.values_list(
            "round__program_id", "round__fiscal_year", "producer_id", "product_id"
        ).distinct()
    )
    Target.objects.bulk_create(
        [
            Target(program=program, fiscal_year=year, producer_id=producer, product_id=product)
            for program, year, producer, product in sorted(keys, key=str)
        ],
        batch_size=BATCH,
    )


def backwards(apps, schema_editor):
    apps.get_model("registry", "Target").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0005_nomination_moved_from_selection"),
        ("registry", "0009_target"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
