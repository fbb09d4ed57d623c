"""The one way to write the audit log."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, obj=None, actor=None, contact=None, data=None, request=None, ip=None):
    """Append one event. `actor` is a staff user; `contact` a client contact acting through a link.

    For a contact's action pass `ip` rather than `request`, so a staff login in the same browser
    is not taken for the actor.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_contact_id=contact.pk if contact is not None else None,
        actor_label=str(contact or actor or "system")[:200],
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=data or {},
        ip=ip or client_ip(request),
    )
