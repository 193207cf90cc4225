# The circular letter moved to documents.Letter: documents 0002 copies the values and
# runs before this one (its `run_before`: selection depends on no higher app).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0004_nomination_moved_to_nominations"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="round",
            name="addressee",
        ),
        migrations.RemoveField(
            model_name="round",
            name="enclosures",
        ),
        migrations.RemoveField(
            model_name="round",
            name="fax",
        ),
        migrations.RemoveField(
            model_name="round",
            name="guidelines_title",
        ),
        migrations.RemoveField(
            model_name="round",
            name="letter_date",
        ),
        migrations.RemoveField(
            model_name="round",
            name="letter_number",
        ),
        migrations.RemoveField(
            model_name="round",
            name="office_address",
        ),
        migrations.RemoveField(
            model_name="round",
            name="owning_unit",
        ),
        migrations.RemoveField(
            model_name="round",
            name="phone",
        ),
        migrations.RemoveField(
            model_name="round",
            name="reference",
        ),
        migrations.RemoveField(
            model_name="round",
            name="register_title",
        ),
        migrations.RemoveField(
            model_name="round",
            name="signatory_name",
        ),
        migrations.RemoveField(
            model_name="round",
            name="signatory_position",
        ),
        migrations.RemoveField(
            model_name="round",
            name="slogan",
        ),
        migrations.RemoveField(
            model_name="round",
            name="subject",
        ),
        migrations.RemoveField(
            model_name="round",
            name="urgency",
        ),
    ]
