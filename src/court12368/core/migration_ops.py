"""Migration operations of our own."""

from django.db import migrations


def drop_pattern_index(app_label: str, model_name: str, field_name: str) -> migrations.RunPython:
    """Drop the second index Django's PostgreSQL backend adds beside every indexed varchar column
    (``…_like``, varchar_pattern_ops), which serves only ``LIKE 'prefix%'``.

    Digests are only ever compared whole and case numbers are searched with ``icontains``, which no
    btree serves: for 34 M cases the pattern indexes on the password digest, the case number and the ID
    digest took 8.5 GB and were written on every insert but never read. Django does not make the index
    again unless the column stops being a varchar. SQLite has none.
    """

    def column_of(apps):
        model = apps.get_model(app_label, model_name)
        return model, model._meta.get_field(field_name)

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model, field = column_of(apps)
            name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_like")
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model, field = column_of(apps)
            schema_editor.execute(schema_editor._create_like_index_sql(model, field))

    return migrations.RunPython(forwards, backwards, elidable=False)
