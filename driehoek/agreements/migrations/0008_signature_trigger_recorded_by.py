# The signatures' trigger (0004) let only user_id be cleared; 0006 added recorded_by, which is
# also cleared when the account of the person who recorded it is erased (SET_NULL).

from django.db import migrations

from driehoek.core.immutable import install_trigger

forwards, _ = install_trigger("agreements_signature", nullable=("user_id", "recorded_by_id"))
old_forwards, _ = install_trigger("agreements_signature", nullable=("user_id",))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0007_signature_successor")]

    operations = [migrations.RunPython(forwards, old_forwards)]
