# On PostgreSQL a trigger refuses UPDATE and DELETE on frozen versions and signatures
# (see core.immutable).

from django.db import migrations

from driehoek.core.immutable import install_trigger

versions_forwards, versions_backwards = install_trigger(
    "agreements_agreementversion", nullable=("frozen_by_id",)
)
signatures_forwards, signatures_backwards = install_trigger(
    "agreements_signature", nullable=("user_id",)
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_immutable_audit_trigger"),
        ("agreements", "0003_submission_recipients"),
    ]

    operations = [
        migrations.RunPython(versions_forwards, versions_backwards),
        migrations.RunPython(signatures_forwards, signatures_backwards),
    ]
