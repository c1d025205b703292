"""Bulk loading for the benchmarks: COPY on PostgreSQL, batched executemany on SQLite."""

from itertools import islice

from django.db import connection


def copy_rows(table: str, columns: list[str], rows, batch_size: int = 20000) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            rows = iter(rows)
            while batch := list(islice(rows, batch_size)):
                cursor.executemany(sql, batch)
        cursor.execute(f"ANALYZE {table}")
