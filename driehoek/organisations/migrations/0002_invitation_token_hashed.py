# Invitation tokens are stored as their SHA-256 only. Existing raw tokens are hashed in place:
# the raw token in an e-mailed link hashes to the same value, so existing links keep working.
# Backwards the column keeps the hashes (raw tokens cannot be recovered): old links stop working.

import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    Invitation = apps.get_model("organisations", "Invitation")
    for pk, token in Invitation.objects.values_list("pk", "token_hash"):
        if token:
            Invitation.objects.filter(pk=pk).update(
                token_hash=hashlib.sha256(token.encode()).hexdigest()
            )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("invitation", "token", "token_hash"),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="token hash"
            ),
        ),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
    ]
