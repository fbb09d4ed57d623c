"""Database-level guards that the ORM alone cannot give."""


def append_only_sql(vendor, table):
    """SQL that makes `table` refuse UPDATE and DELETE, even from raw SQL by the app's own role."""
    if vendor == "postgresql":
        return [
            f"""
            CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION USING MESSAGE = '{table} is append-only: ' || TG_OP || ' refused',
                    ERRCODE = 'integrity_constraint_violation';
            END;
            $$ LANGUAGE plpgsql;
            """,
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
        ]
        # TRUNCATE stays possible for the table's owner (test flushes, operators); the app's
        # role in production should not own the tables or hold TRUNCATE (see README).
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;",
        ]
        # No DELETE trigger on SQLite: the development database is emptied by plain DELETEs
        # between tests. Python refuses deletes everywhere; PostgreSQL refuses them in SQL too.
    raise NotImplementedError(f"append-only guard not written for {vendor}")


def make_append_only(table):
    """A migration operation installing the guard on `table` for whichever database runs it."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        for statement in append_only_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
