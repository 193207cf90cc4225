"""`Nomination` leaves selection's state for `nominations` (ADR 0022).

State only: the table `selection_nomination` and its rows stay where they are, now
owned by `nominations.Nomination` (`nominations.0005`, which runs before this one).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0003_ordering_by_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Nomination")],
        ),
    ]
