"""Personal API tokens: made, found and revoked here. The token is made and hashed by agency.core.links,
like every other secret; the API's authentication (agency/site/api/auth.py) asks find_live()."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import audit, links
from .models import ApiToken

# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_issue(*, owner, name, by):
    """A new token for `owner`: returns (row, token). The token is shown once and never stored."""
    token, token_hash = links.new_token()
    with transaction.atomic():
        row = ApiToken.objects.create(owner=owner, name=name.strip(), token_hash=token_hash)
        audit.record("api_token.issued", obj=row, actor=by, data={"name": row.name})
    return row, token


def api_token_revoke(*, api_token, by):
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(pk=api_token.pk)
        if row.revoked_at is not None:
            return row
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        audit.record("api_token.revoked", obj=row, actor=by, data={"name": row.name})
    return row


def find_live(token):
    """The live token row for `token` (with its owner), or None: unknown, revoked, or its owner left."""
    queryset = ApiToken.objects.select_related("owner").filter(revoked_at__isnull=True, owner__is_active=True)
    return links.find(queryset, token)


def note_use(api_token, now=None):
    now = now or timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now
