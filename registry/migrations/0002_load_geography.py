"""Load all 77 provinces, 928 districts and 7,436 subdistricts from geothai.

Data: geothai (code MIT, data CC-BY-4.0). `manage.py load_geography` re-runs the same
upsert when a newer geothai release changes names.
"""

from django.db import migrations


def load(apps, schema_editor):
    from registry.places import load_geography

    load_geography(
        apps.get_model("registry", "Province"),
        apps.get_model("registry", "District"),
        apps.get_model("registry", "Subdistrict"),
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
