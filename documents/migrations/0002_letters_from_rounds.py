# Every round's letter fields copied into its documents.Letter (before selection 0005
# removes them from the round); back again on reverse.

from django.db import migrations

FIELDS = [
    "letter_number",
    "letter_date",
    "urgency",
    "office_address",
    "subject",
    "addressee",
    "reference",
    "enclosures",
    "guidelines_title",
    "register_title",
    "signatory_name",
    "signatory_position",
    "owning_unit",
    "phone",
    "fax",
    "slogan",
]


def letters_from_rounds(apps, schema_editor):
    Round = apps.get_model("selection", "Round")
    Letter = apps.get_model("documents", "Letter")
    Letter.objects.bulk_create(
        Letter(round_id=values.pop("pk"), **values)
        for values in Round.objects.order_by("pk").values("pk", *FIELDS).iterator()
    )


def rounds_from_letters(apps, schema_editor):
    Round = apps.get_model("selection", "Round")
    Letter = apps.get_model("documents", "Letter")
    for letter in Letter.objects.order_by("pk").iterator():
        Round.objects.filter(pk=letter.round_id).update(
            **{name: getattr(letter, name) for name in FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("selection", "0003_ordering_by_id"),
    ]

    # Before the round's fields go (the edge is declared here, so that selection's
    # migrations depend on no higher app).
    run_before = [("selection", "0005_letter_moved_to_documents")]

    operations = [migrations.RunPython(letters_from_rounds, rounds_from_letters)]
