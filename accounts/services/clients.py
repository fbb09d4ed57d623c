"""State changes for clients, their brands, contacts and account team."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, permissions

from ..models import AccountTeamMember, Client
from .errors import ClientHasHistory, NotAllowed, StaleEdit

# Changes to these are kept in the client's history.
KEY_FIELDS = ("name", "legal_name", "tier", "stage", "currency")


def client_version(client):
    """What an edit form carries to detect that someone else saved in between."""
    return client.updated_at.isoformat() if client.updated_at else ""


def client_create(*, by, **fields):
    """Create a client; whoever creates it joins its account team as lead AE."""
    with transaction.atomic():
        client = Client.objects.create(**fields)
        AccountTeamMember.objects.create(client=client, user=by, role=AccountTeamMember.Role.LEAD_AE)
        audit.record("client.created", obj=client, actor=by, data={"code": client.code})
    return client


def client_update(*, client, by, version, **fields):
    """Save an edit, refusing it if the client changed since the form was opened."""
    with transaction.atomic():
        current = Client.objects.select_for_update().get(pk=client.pk)
        if version != client_version(current):
            raise StaleEdit(
                _("Someone else saved this client while you were editing. Check their changes and save again.")
            )
        changes = {}
        for field, value in fields.items():
            old = getattr(current, field)
            if old != value and field in KEY_FIELDS:
                changes[field] = [old, value]
            setattr(current, field, value)
        current.save()
        if changes:
            audit.record("client.updated", obj=current, actor=by, data={"changes": changes})
    return current


def client_archive(*, client, by):
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if client.archived_at is not None:
            return client
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at", "updated_at"])
        audit.record("client.updated", obj=client, actor=by, data={"changes": {"status": ["active", "archived"]}})
    return client


def client_unarchive(*, client, by):
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if client.archived_at is None:
            return client
        client.archived_at = None
        client.save(update_fields=["archived_at", "updated_at"])
        audit.record("client.updated", obj=client, actor=by, data={"changes": {"status": ["archived", "active"]}})
    return client


def _visible_for_update(client, by):
    """The client's row, locked, if `by` may see it: a bulk action never reaches a client out of sight, whoever
    calls it (the list offers only visible rows; this holds for any other caller too)."""
    current = Client.objects.visible_to(by).select_for_update().filter(pk=client.pk).first()
    if current is None:
        raise PermissionDenied
    return current


def client_set_tier(*, client, tier, by):
    """Give the client another tier (a bulk action on the client list). Returns False when it had it already.
    Rules (docs/practice.md): "Client tiers and lifecycle", "Who may do what"."""
    if tier not in Client.Tier.values:
        raise NotAllowed(_("Choose a tier."))
    with transaction.atomic():
        current = _visible_for_update(client, by)
        permissions.require(by, "client.edit", client=current.pk)
        if current.tier == tier:
            return False
        changes = {"tier": [current.tier, tier]}
        current.tier = tier
        current.save(update_fields=["tier", "updated_at"])
        audit.record("client.updated", obj=current, actor=by, data={"changes": changes})
    return True


def client_set_lead_ae(*, client, lead_ae, by):
    """Make `lead_ae` the client's lead AE (a bulk action on the client list); whoever led it before stays on
    the team as an AE, so nobody loses sight of the client. Returns False when `lead_ae` was already the
    only lead AE. Rule: "Who may do what" (docs/practice.md)."""
    lead, ae = AccountTeamMember.Role.LEAD_AE, AccountTeamMember.Role.AE
    with transaction.atomic():
        current = _visible_for_update(client, by)
        permissions.require(by, "client.team", client=current.pk)
        leads = list(current.team_members.select_related("user").filter(role=lead))
        if [member.user_id for member in leads] == [lead_ae.pk]:
            return False
        if not lead_ae.is_active or not lead_ae.is_account_person:
            raise NotAllowed(_("%(person)s is not an account person, so cannot lead an account.") % {"person": lead_ae})
        for member in leads:
            if member.user_id != lead_ae.pk:
                member.role = ae
                member.save(update_fields=["role"])
                audit.record(
                    "client.team_changed",
                    obj=current,
                    actor=by,
                    data={"user": member.user_id, "name": str(member.user), "role": ae, "added": False},
                )
        team_member_set(client=current, user=lead_ae, role=lead, by=by)
    return True


def client_history_reasons(client):
    """What makes a client part of the record; a client with any of these is archived, never deleted."""
    reasons = []
    if client.campaigns.exists():
        reasons.append(_("it has campaigns"))
    if client.contact_reports.exists():
        reasons.append(_("it has contact reports"))
    if client.outbox_messages.exists():
        reasons.append(_("emails were sent about it"))
    if hasattr(client, "prospect"):
        reasons.append(_("it was won from a prospect"))
    return reasons


def client_delete(*, client, by):
    """Delete a client entered by mistake. One with history is refused: archive it instead."""
    reasons = client_history_reasons(client)
    if reasons:
        raise ClientHasHistory(
            _("%(client)s cannot be deleted because %(reasons)s. Archive it instead: it keeps its history.")
            % {"client": client, "reasons": ", ".join(str(r) for r in reasons)}
        )
    try:
        with transaction.atomic():
            audit.record("client.deleted", obj=client, actor=by, data={"code": client.code, "name": client.name})
            client.team_members.all().delete()
            client.contacts.all().delete()
            client.brands.all().delete()
            client.delete()
    except ProtectedError:
        # Something newer (a media plan, a survey, ...) refers to it: that is history too.
        raise ClientHasHistory(
            _("%(client)s cannot be deleted because other records refer to it. Archive it instead.")
            % {"client": client}
        )


def team_member_set(*, client, user, role, by):
    """Put someone on the team, or change their role."""
    with transaction.atomic():
        member, created = AccountTeamMember.objects.update_or_create(client=client, user=user, defaults={"role": role})
        audit.record(
            "client.team_changed",
            obj=client,
            actor=by,
            data={"user": user.pk, "name": str(user), "role": role, "added": created},
        )
    return member


def team_member_remove(*, member, by):
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=member.client_id)
        leads = client.team_members.filter(role=AccountTeamMember.Role.LEAD_AE).exclude(pk=member.pk)
        if member.role == AccountTeamMember.Role.LEAD_AE and not leads.exists():
            raise NotAllowed(_("%(name)s is the only lead AE. Name another lead AE first.") % {"name": member.user})
        member.delete()
        audit.record(
            "client.team_changed",
            obj=client,
            actor=by,
            data={"user": member.user_id, "name": str(member.user), "role": member.role, "removed": True},
        )


def brand_save(*, brand, by):
    try:
        with transaction.atomic():
            created = brand.pk is None
            brand.save()
            audit.record("brand.created" if created else "brand.updated", obj=brand, actor=by)
    except IntegrityError:
        raise NotAllowed(_("This client already has a brand with that name."), field="name")
    return brand


def contact_save(*, contact, by):
    with transaction.atomic():
        created = contact.pk is None
        contact.save()
        audit.record("contact.created" if created else "contact.updated", obj=contact, actor=by)
    return contact
