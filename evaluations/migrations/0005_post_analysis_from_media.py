# The post-analysis moves here from media (media 0006 let it go). The database keeps its table
# (media_postanalysis, named in the model's Meta) and rows untouched: only Django's state changes.
#
# Client links, decisions, audit rows, reminders and outbox messages point at a post-analysis through
# its content type, so the row (media, postanalysis) is renamed to (evaluations, postanalysis) and keeps
# its id: the decisions and the audit log are append-only evidence and are never rewritten.
# If a post_migrate already made an (evaluations, postanalysis) row (a database created at this
# version, then migrated back and forward), what points at that newer row moves to the older one,
# the newer row goes, and the older one is renamed.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODEL = "postanalysis"


def _pointing_at(apps, label):
    """(model, field) for every foreign key to `label` ("contenttypes.contenttype", "auth.permission")."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model._meta.label_lower == label:
                yield model, field


def _repoint(apps, db, label, old_pk, new_pk):
    for model, field in _pointing_at(apps, label):
        model._base_manager.using(db).filter(**{field.attname: old_pk}).update(**{field.attname: new_pk})


def _merge_permission(apps, db, gone, kept):
    """Whoever holds permission `gone` (users, groups) holds its twin `kept` instead; `gone` is deleted."""
    for through, field in _pointing_at(apps, "auth.permission"):
        holder = next(f for f in through._meta.concrete_fields if f.is_relation and f is not field)
        rows = through._base_manager.using(db).filter(**{field.attname: gone.pk})
        holds_kept = through._base_manager.using(db).filter(**{field.attname: kept.pk}).values(holder.attname)
        rows.filter(**{f"{holder.attname}__in": holds_kept}).delete()
        rows.update(**{field.attname: kept.pk})
    gone.delete()


def move_content_type(apps, schema_editor, from_app, to_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    old = types.filter(app_label=from_app, model=MODEL).first()
    if old is None:
        return  # a new database: post_migrate makes the row when it is needed
    newer = types.filter(app_label=to_app, model=MODEL).first()
    if newer is not None:
        for permission in Permission.objects.using(db).filter(content_type_id=newer.pk):
            twin = Permission.objects.using(db).filter(content_type_id=old.pk, codename=permission.codename).first()
            if twin is not None:
                _merge_permission(apps, db, permission, twin)
        _repoint(apps, db, "contenttypes.contenttype", newer.pk, old.pk)
        types.filter(pk=newer.pk).delete()
    types.filter(pk=old.pk).update(app_label=to_app)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, "media", "evaluations")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, "evaluations", "media")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_complaints_surveys_status_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("briefs", "0005_kpi_direction"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0004_kpi_direction"),
        ("media", "0006_post_analysis_moves_to_evaluations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostAnalysis",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("sent", "Awaiting client decision"),
                                    ("approved", "Approved by client"),
                                    ("changes", "Client requested changes"),
                                    ("superseded", "Superseded"),
                                ],
                                default="draft",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent to client")),
                        ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="client decided")),
                        ("summary", models.TextField(blank=True, verbose_name="summary and learnings")),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="briefs.campaign",
                                verbose_name="campaign",
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="accounts.client",
                                verbose_name="client",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="media.planversion",
                                verbose_name="media plan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "post-analysis",
                        "verbose_name_plural": "post-analyses",
                        "db_table": "media_postanalysis",
                        "ordering": ["-created_at", "-id"],
                        "default_related_name": "post_analyses",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
