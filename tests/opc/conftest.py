import pytest


@pytest.fixture
def programs(transactional_db):
    """Transactional tests flush the programs of the data migration: put them back."""
    from importlib import import_module

    from selection.models import Program

    data = import_module("selection.migrations.0002_programs")
    for code, name_th, name_en, unit in data.PROGRAMS:
        Program.objects.get_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "unit": unit}
        )
