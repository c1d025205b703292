"""Drop the varchar_pattern_ops indexes nothing reads (core/migration_ops.py says why)."""

from django.db import migrations

from court12368.core.migration_ops import drop_pattern_index


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [
        drop_pattern_index("cases", "ServicePassword", "digest"),
        drop_pattern_index("cases", "Party", "id_digest"),
        drop_pattern_index("cases", "Case", "number"),
    ]
