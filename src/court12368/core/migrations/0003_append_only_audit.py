"""The audit log is append-only once sealed: database triggers refuse to change or delete a sealed entry,
and the chain's head row exists from the start (core/auditchain.py)."""

from django.db import migrations

APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER audit_sealed_no_update BEFORE UPDATE ON core_auditentry WHEN OLD.seq IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
        "CREATE TRIGGER audit_sealed_no_delete BEFORE DELETE ON core_auditentry WHEN OLD.seq IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION court12368_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$",
        "CREATE TRIGGER audit_sealed_no_update BEFORE UPDATE ON core_auditentry FOR EACH ROW "
        "WHEN (OLD.seq IS NOT NULL) EXECUTE FUNCTION court12368_audit_append_only()",
        "CREATE TRIGGER audit_sealed_no_delete BEFORE DELETE ON core_auditentry FOR EACH ROW "
        "WHEN (OLD.seq IS NOT NULL) EXECUTE FUNCTION court12368_audit_append_only()",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER audit_sealed_no_update", "DROP TRIGGER audit_sealed_no_delete"],
    "postgresql": ["DROP FUNCTION court12368_audit_append_only() CASCADE"],
}


def head_and_triggers(apps, schema_editor):
    apps.get_model("core", "AuditSeal").objects.get_or_create(pk=1)
    for statement in APPEND_ONLY.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(head_and_triggers, drop_triggers)]
