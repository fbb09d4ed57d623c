"""Private parts of stored emails (client links, one-time codes, password-reset links) leave the readable
text: messages written before this kept them in body_text, where anyone reading the Outbox could use them.
Each is replaced by its mark; a message not yet delivered keeps the parts sealed so it can still be sent."""

import base64
import hashlib
import json
import re

from django.conf import settings
from django.db import migrations, models

LINK = re.compile(r"https?://[^\s\"'<>]+/(?:(?:d|s|r)/[A-Za-z0-9_-]{20,100}/|auth/reset/[^\s\"'<>]+/)")
CODE = re.compile(r"(?<![\d#])\d{6}(?!\d)")
UNDELIVERED = ("queued", "sending", "retrying", "failed", "kept")


def seal(parts):
    from cryptography.fernet import Fernet

    key = hashlib.sha256(b"accountable outbox private parts:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key)).encrypt(json.dumps(parts).encode()).decode()


def hide_private_parts(apps, schema_editor):
    OutboxMessage = apps.get_model("agency", "OutboxMessage")
    for message in OutboxMessage.objects.iterator():
        texts = [message.subject, message.body_text, message.body_html]
        found = set()
        for text in texts:
            found.update(LINK.findall(text))
            if message.template == "decision_code":
                found.update(CODE.findall(message.body_text))
        if not found:
            continue
        parts = sorted(found, key=len, reverse=True)
        for number, part in enumerate(parts, 1):
            texts = [text.replace(part, f"[[private:{number}]]") for text in texts]
        message.subject, message.body_text, message.body_html = texts
        message.sealed = seal(parts) if message.status in UNDELIVERED else ""
        message.save(update_fields=["subject", "body_text", "body_html", "sealed"])


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0006_decision_answered"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="sealed",
            field=models.TextField(blank=True, default="", db_default="", editable=False),
        ),
        migrations.RunPython(hide_private_parts, migrations.RunPython.noop),
    ]
