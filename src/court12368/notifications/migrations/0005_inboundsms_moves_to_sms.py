# Incoming SMS belong to the SMS channel now (court12368.sms, its 0001_initial makes the table anew).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_no_pattern_indexes'),
    ]

    operations = [
        migrations.DeleteModel(
            name='InboundSms',
        ),
    ]
