from django.db import migrations

from court12368.core.migration_ops import drop_pattern_index


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_hearing_reminders")]

    operations = [
        drop_pattern_index("cases", "ServicePassword", "digest"),
        drop_pattern_index("cases", "Party", "id_digest"),
        drop_pattern_index("cases", "Case", "number"),
    ]
