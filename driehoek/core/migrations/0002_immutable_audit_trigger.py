# On PostgreSQL a trigger refuses UPDATE and DELETE on audit events (see core.immutable).

from django.db import migrations

from driehoek.core.immutable import install_trigger

forwards, backwards = install_trigger("core_auditevent", nullable=("actor_id", "organisation_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
