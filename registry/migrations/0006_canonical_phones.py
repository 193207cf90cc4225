"""Producers' phones in the one stored form of registry.thai.phone_canonical (digits, a
comma and a space between numbers): "054-523838" and "0-5452-3838" become "054523838",
so a re-import of the same number typed another way is "unchanged". A phone with no digit
(or whose stored form would not fit the column) is left as it was. The function is
imported, not copied: it is pure, and running it on its own output changes nothing.
"""

from django.db import migrations

BATCH = 2000


def canonicalise_phones(apps, schema_editor):
    from registry.thai import PhoneError, phone_canonical

    Producer = apps.get_model("registry", "Producer")
    max_length = Producer._meta.get_field("phone").max_length
    # Read first, then write: SQLite gives no isolation between a cursor still being read
    # and updates of the same table.
    stored = list(Producer.objects.exclude(phone="").values_list("pk", "phone"))
    changed = []
    for pk, stored_phone in stored:
        try:
            phone = phone_canonical(stored_phone)
        except PhoneError:
            continue
        if phone != stored_phone and len(phone) <= max_length:
            changed.append(Producer(pk=pk, phone=phone))
    Producer.objects.bulk_update(changed, ["phone"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_import_batch_unguessable_names"),
    ]

    operations = [
        migrations.RunPython(canonicalise_phones, migrations.RunPython.noop, elidable=True),
    ]
