"""Load the curated articles shipped in knowledge/articles/*.json."""

from django.db import migrations


def seed(apps, schema_editor):
    from court12368.knowledge.seed import load

    load(apps.get_model("knowledge", "Article"), apps.get_model("knowledge", "ArticleVersion"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
