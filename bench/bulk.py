"""Bulk loading for the benchmarks: COPY on PostgreSQL, batched executemany on SQLite."""

from itertools import islice

from django.db import connection


def copy_rows(table: str, columns: list[str], rows, batch_size: int = 20000) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The generated rows are consistent by construction; checking each foreign key row by row
            # (a trigger per row) would double a 34 M-case load. Needs a superuser, as the bench's is.
            cursor.execute("SET session_replication_role = replica")
            with (
                _without_indexes(cursor, table),
                cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            rows = iter(rows)
            while batch := list(islice(rows, batch_size)):
                cursor.executemany(sql, batch)
        cursor.execute(f"ANALYZE {table}")


class _without_indexes:
    """Drop a PostgreSQL table's secondary indexes and unique constraints for the load, then build them
    again sorted: at tens of millions of rows, keeping random-order indexes (the password digests) up
    to date row by row outgrows the default 128 MB of shared buffers and the load slows tenfold."""

    def __init__(self, cursor, table: str):
        self.cursor, self.table = cursor, table

    def __enter__(self):
        self.cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [self.table],
        )
        self.constraints = self.cursor.fetchall()
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND i.indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE conrelid = %s::regclass)",
            [self.table, self.table],
        )
        self.indexes = self.cursor.fetchall()
        for name, _definition in self.constraints:
            self.cursor.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            self.cursor.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, *exc):
        self.cursor.execute("SET maintenance_work_mem = '2GB'")
        for name, definition in self.constraints:
            self.cursor.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in self.indexes:
            self.cursor.execute(definition)
        return False
