"""Every emailed link gets a row of its own (DecisionLink), so a reminder adds a link instead of replacing
the earlier one; and a decision can be recorded by a staff member from evidence the client sent outside the
link (Decision.recorded_by, DecisionEvidence).

Each request's one stored hash becomes its first link: the links clients hold when the upgrade runs keep
working. DecisionRequest.token_hash stays (it still holds that first hash)."""

import agency.core.models.decisions
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_hashes_into_links(apps, schema_editor):
    DecisionRequest = apps.get_model("agency", "DecisionRequest")
    DecisionLink = apps.get_model("agency", "DecisionLink")
    batch = []
    requests = DecisionRequest.objects.values_list(
        "pk", "token_hash", "reminder_count", "reminded_at", "sent_at", "created_at"
    )
    for pk, token_hash, reminder_count, reminded_at, sent_at, created_at in requests.iterator():
        # The stored hash is the link of the last email: the reminder's when there was one.
        reminded = bool(reminder_count and reminded_at)
        batch.append(
            DecisionLink(
                request_id=pk,
                token_hash=token_hash,
                purpose="reminder" if reminded else "sent",
                created_at=reminded_at if reminded else (sent_at or created_at),
            )
        )
        if len(batch) >= 1000:
            DecisionLink.objects.bulk_create(batch)
            batch = []
    DecisionLink.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0008_decision_snapshot"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.CreateModel(
            name="DecisionEvidence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "file",
                    models.FileField(
                        max_length=300, upload_to=agency.core.models.decisions.evidence_path, verbose_name="file"
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence",
                        to="agency.decisionrequest",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "confirmation evidence",
                "verbose_name_plural": "confirmation evidence",
            },
        ),
        migrations.AddField(
            model_name="decision",
            name="evidence",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agency.decisionevidence",
                verbose_name="evidence",
            ),
        ),
        migrations.CreateModel(
            name="DecisionLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "purpose",
                    models.CharField(
                        choices=[("sent", "Sent"), ("reminder", "Reminder")], default="sent", max_length=10
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="links", to="agency.decisionrequest"
                    ),
                ),
            ],
            options={
                "verbose_name": "decision link",
                "verbose_name_plural": "decision links",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.RunPython(move_hashes_into_links, migrations.RunPython.noop),
    ]
