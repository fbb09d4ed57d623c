"""Client development: prospects, their activities, winning or losing them, conversion.

Rule: "A file per prospect" (docs/practice.md).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit

from ..models import AccountTeamMember, Client, Contact, Prospect, ProspectActivity
from .errors import NotAllowed, ProspectClosed


def prospect_create(*, by, **fields):
    with transaction.atomic():
        prospect = Prospect.objects.create(**fields)
        audit.record("prospect.created", obj=prospect, actor=by, data={"owner": prospect.owner_id})
    return prospect


def prospect_update(*, prospect, by, **fields):
    with transaction.atomic():
        for field, value in fields.items():
            setattr(prospect, field, value)
        prospect.save()
        audit.record("prospect.updated", obj=prospect, actor=by, data={"fields": sorted(fields)})
    return prospect


def prospect_add_activity(*, prospect, by, kind, date, record):
    if prospect.status != Prospect.Status.OPEN:
        raise ProspectClosed(_("This prospect is closed. Reopen it to record more."))
    with transaction.atomic():
        activity = ProspectActivity.objects.create(prospect=prospect, by=by, kind=kind, date=date, record=record)
        audit.record("prospect.activity_added", obj=prospect, actor=by, data={"kind": kind})
    return activity


def prospect_add_contact(*, prospect, by, contact):
    with transaction.atomic():
        contact.prospect = prospect
        contact.save()
        audit.record("prospect.contact_added", obj=prospect, actor=by, data={"name": contact.name})
    return contact


def prospect_close(*, prospect, by, status, reason=""):
    """Mark a prospect won or lost. Losing needs a reason: the agency learns from it."""
    if status not in (Prospect.Status.WON, Prospect.Status.LOST):
        raise NotAllowed(_("Choose won or lost."), field="status")
    reason = reason.strip()
    if status == Prospect.Status.LOST and not reason:
        raise NotAllowed(_("Say why the prospect was lost."), field="reason")
    with transaction.atomic():
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if prospect.client_id:
            raise ProspectClosed(_("This prospect is already a client."))
        prospect.status = status
        prospect.lost_reason = reason if status == Prospect.Status.LOST else ""
        prospect.closed_at = timezone.now()
        prospect.save()
        audit.record(f"prospect.{status}", obj=prospect, actor=by, data={"reason": prospect.lost_reason})
    return prospect


def prospect_reopen(*, prospect, by):
    with transaction.atomic():
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if prospect.client_id:
            raise ProspectClosed(_("This prospect is already a client."))
        prospect.status = Prospect.Status.OPEN
        prospect.lost_reason = ""
        prospect.closed_at = None
        prospect.save()
        audit.record("prospect.reopened", obj=prospect, actor=by)
    return prospect


def prospect_convert(*, prospect, by, name, code):
    """Turn a won prospect into a client (stage "new"); its contacts move over, its file stays linked."""
    with transaction.atomic():
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if prospect.status != Prospect.Status.WON:
            raise NotAllowed(_("Only a won prospect becomes a client. Mark it won first."))
        if prospect.client_id:
            raise ProspectClosed(_("This prospect is already a client."))
        client = Client.objects.create(
            name=name,
            code=code,
            industry=prospect.industry,
            currency=prospect.currency,
            stage=Client.Stage.NEW,
            notes=prospect.notes,
        )
        for user in {prospect.owner, by}:
            AccountTeamMember.objects.get_or_create(
                client=client, user=user, defaults={"role": AccountTeamMember.Role.LEAD_AE}
            )
        for person in prospect.contacts.filter(contact__isnull=True):
            if not person.email:
                continue  # a client contact needs an email to receive approvals; the file keeps them
            person.contact = Contact.objects.create(
                client=client,
                name=person.name,
                title=person.title,
                email=person.email,
                phone=person.phone,
                language=person.language,
            )
            person.save(update_fields=["contact"])
        prospect.client = client
        prospect.save(update_fields=["client", "updated_at"])
        audit.record("client.created", obj=client, actor=by, data={"code": client.code, "prospect": prospect.pk})
        audit.record("prospect.converted", obj=prospect, actor=by, data={"client": client.pk})
    return client
