"""Many new rows of one model in one prepared statement run for each row (``executemany``).

Django's ``bulk_create`` builds one INSERT with a placeholder per value and prepares every value through
the compiler: for a sweep round's thousands of notices that Python work cost more than the database's.
Here the values are prepared by the same fields (``pre_save`` and ``get_db_prep_save``, so defaults,
``auto_now`` and JSON are as Django writes them), and the one-row statement is sent once with every
row's values. No primary keys come back; a caller that needs them reads them by a unique column.
"""

from django.db import connection


def insert_many(model, objects) -> int:
    objects = list(objects)
    if not objects:
        return 0
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - the model's own names
    rows = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields] for row in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
