"""Drop the varchar_pattern_ops indexes nothing reads (core/migration_ops.py says why)."""

from django.db import migrations

from court12368.core.migration_ops import drop_pattern_index


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [
        drop_pattern_index("notifications", "OptOut", "phone_digest"),
    ]
