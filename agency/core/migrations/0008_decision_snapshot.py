"""A decision keeps a copy of what was decided (text, files with SHA-256, money totals) and the hash of its
receipt link's token. Decisions made before keep {} and "": nothing is rewritten."""

from django.db import migrations, models

SNAPSHOT = models.JSONField(blank=True, db_default={}, default=dict, editable=False, verbose_name="what was decided")
RECEIPT_TOKEN_HASH = models.CharField(blank=True, db_default="", default="", editable=False, max_length=64)


def add_columns(apps, schema_editor):
    """Plain ADD COLUMNs. On SQLite, Django would rebuild the table to add a NOT NULL column, which the
    triggers other apps keep on agency_decision (and its own append-only guard) do not survive."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("""ALTER TABLE "agency_decision" ADD COLUMN "snapshot" text DEFAULT '{}' NOT NULL""")
        schema_editor.execute(
            """ALTER TABLE "agency_decision" ADD COLUMN "receipt_token_hash" varchar(64) DEFAULT '' NOT NULL"""
        )
        return
    Decision = apps.get_model("agency", "Decision")
    for name, field in (("snapshot", SNAPSHOT.clone()), ("receipt_token_hash", RECEIPT_TOKEN_HASH.clone())):
        field.set_attributes_from_name(name)
        field.model = Decision
        schema_editor.add_field(Decision, field)


class Migration(migrations.Migration):
    dependencies = [("agency", "0007_outbox_sealed_private_parts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, migrations.RunPython.noop)],
            state_operations=[
                migrations.AddField(model_name="decision", name="receipt_token_hash", field=RECEIPT_TOKEN_HASH),
                migrations.AddField(model_name="decision", name="snapshot", field=SNAPSHOT),
            ],
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["receipt_token_hash"], name="agency_decision_receipt_idx"),
        ),
    ]
