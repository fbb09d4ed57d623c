"""State changes for staff accounts."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from . import audit


def staff_deactivate(*, user, by):
    """Deactivate a staff member and end every session they have open."""
    with transaction.atomic():
        if not user.is_active:
            return
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions_of(user)
        audit.record("staff.deactivated", obj=user, actor=by, data={"sessions_ended": ended})


def end_sessions_of(user):
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended
