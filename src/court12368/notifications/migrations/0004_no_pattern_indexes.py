from django.db import migrations

from court12368.core.migration_ops import drop_pattern_index


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_request_received_event")]

    operations = [drop_pattern_index("notifications", "OptOut", "phone_digest")]
