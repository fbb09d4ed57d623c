"""Complaints, from receipt to the lesson learned: each step checks the state, runs in one transaction,
writes the audit log and sends its email through the outbox. Rule: "Complaints handled to the end"
(docs/practice.md).

    received ─► routed ─► investigating ─► remedy proposed ─► accepted ─► closed
       │           │            │    ▲            │ (client asks for changes: back to investigating)
       └───────────┴────────────┴────┴────────────┴──► closed (unfounded, or with a recorded reason)

The first answer to the client may be recorded at any step; it stops the response clock (accounts/sla.py).
A complex complaint also needs a handling plan (what will be done, by whom, by when) by its plan clock; it
may be recorded, and revised, at any step before the complaint is closed.
The client accepts a remedy through an emailed link (agency.core.decisions, kind "complaint_remedy").
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, decisions, outbox, webhooks

from .. import complaint_subjects, sla
from ..models import Complaint
from .errors import AccountsError, NotAllowed

Status = Complaint.Status


class ComplaintError(AccountsError):
    pass


def _locked(complaint):
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("client", "owner", "contact")
        .get(pk=complaint.pk)
    )


def _check_links(client, *, contact=None, campaign=None, booking=None):
    if contact is not None and contact.client_id != client.pk:
        raise NotAllowed(_("This contact does not belong to the client."), field="contact")
    if campaign is not None and campaign.client_id != client.pk:
        raise NotAllowed(_("This campaign does not belong to the client."), field="campaign")
    if booking is not None and booking.client_id != client.pk:
        raise NotAllowed(_("This booking does not belong to the client."), field="booking")
    subject = complaint_subjects.get("booking")
    if booking is not None and campaign is not None and subject is not None and subject.campaign_field:
        of_campaign = type(booking).objects.filter(pk=booking.pk, **{subject.campaign_field: campaign.pk})
        if not of_campaign.exists():
            raise NotAllowed(_("This booking is not one of the campaign's."), field="booking")


def complaint_record(
    *, client, by, channel, received_at, description, category, priority=Complaint.ProblemClass.BASIC, owner=None,
    contact=None, campaign=None, booking=None,
):  # fmt: skip
    """Record a complaint as it came in; the answer (and, for some classes, a handling plan) is due by the
    class's clocks. `priority` is the class of problem."""
    _check_links(client, contact=contact, campaign=campaign, booking=booking)
    if received_at > timezone.now():
        raise ComplaintError(_("A complaint cannot be received in the future."), field="received_at")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            client=client,
            contact=contact,
            campaign=campaign,
            booking=booking,
            channel=channel,
            received_at=received_at,
            received_by=by,
            owner=owner or by,
            description=description.strip(),
            category=category,
            priority=priority,
            respond_by=sla.respond_by(received_at, priority),
            warn_at=sla.warn_at(received_at, priority),
            plan_due=sla.plan_due(received_at, priority),
        )
        audit.record(
            "complaint.received",
            obj=complaint,
            actor=by,
            data={"client": client.pk, "priority": priority, "category": category, "channel": channel},
        )
        # "Outside systems hear by signed webhook" (docs/practice.md).
        webhooks.emit("complaint.opened", lambda: complaint_facts(complaint))
    return complaint


def complaint_facts(complaint):
    """What an outside system hears of a complaint: ids, class and clocks; not the client's words."""
    return {
        "complaint": complaint.pk,
        "client": complaint.client_id,
        "campaign": complaint.campaign_id,
        "booking": complaint.booking_id,
        "category": complaint.category,
        "priority": complaint.priority,
        "channel": complaint.channel,
        "received_at": complaint.received_at,
        "respond_by": complaint.respond_by,
    }


def complaint_route(*, complaint, department, by, note=""):
    """Send the complaint to the department responsible for it, by email through the outbox."""
    address = settings.AGENCY_DEPARTMENT_EMAILS.get(department)
    if not address:
        raise ComplaintError(_("There is no email address for this department."), field="department")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status not in (Status.RECEIVED, Status.ROUTED):
            raise ComplaintError(_("Only a complaint not yet under investigation can be routed."))
        complaint.department = department
        complaint.routed_at = timezone.now()
        complaint.status = Status.ROUTED
        complaint.save(update_fields=["department", "routed_at", "status"])
        outbox.queue_email(
            to_email=address,
            template="complaint_routed",
            context={"complaint": complaint, "note": note, "by": by, "url": complaint_url(complaint)},
            language=settings.LANGUAGE_CODE,
            related=complaint,
            client=complaint.client,
            by=by,
        )
        audit.record("complaint.routed", obj=complaint, actor=by, data={"department": department, "to": address})
    return complaint


def complaint_respond(*, complaint, text, by):
    """Record the first answer given to the client (by any channel): the response clock stops."""
    text = (text or "").strip()
    if not text:
        raise ComplaintError(_("Write down what the client was told."), field="text")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.first_response_at is not None:
            raise ComplaintError(_("The first answer is already recorded."))
        complaint.first_response_at = timezone.now()
        complaint.first_response = text
        complaint.save(update_fields=["first_response_at", "first_response"])
        audit.record(
            "complaint.answered",
            obj=complaint,
            actor=by,
            data={"within_sla": complaint.first_response_at <= complaint.respond_by},
        )
    return complaint


def complaint_record_plan(*, complaint, text, by):
    """Record the handling plan: what will be done, by whom and by when. It stops the plan clock; a later
    plan replaces it (the history keeps each)."""
    text = (text or "").strip()
    if not text:
        raise ComplaintError(_("Write down the handling plan: what will be done, by whom, by when."), field="text")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status == Status.CLOSED:
            raise ComplaintError(_("This complaint is already closed."))
        revised = complaint.plan_recorded_at is not None
        complaint.handling_plan = text
        complaint.plan_recorded_at = timezone.now()
        complaint.plan_recorded_by = by
        complaint.save(update_fields=["handling_plan", "plan_recorded_at", "plan_recorded_by"])
        in_time = complaint.plan_due is None or revised or complaint.plan_recorded_at <= complaint.plan_due
        audit.record("complaint.plan_recorded", obj=complaint, actor=by, data={"in_time": in_time})
    return complaint


def complaint_investigate(*, complaint, founded, cause, responsible_party, by):
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status in (Status.ACCEPTED, Status.CLOSED):
            raise ComplaintError(_("This complaint is already settled."))
        if founded and not cause.strip():
            raise ComplaintError(_("Say what caused it."), field="cause")
        complaint.founded = founded
        complaint.cause = cause.strip()
        complaint.responsible_party = responsible_party.strip()
        complaint.investigated_at = timezone.now()
        if complaint.status in (Status.RECEIVED, Status.ROUTED):
            complaint.status = Status.INVESTIGATING
        complaint.save(update_fields=["founded", "cause", "responsible_party", "investigated_at", "status"])
        audit.record("complaint.investigated", obj=complaint, actor=by, data={"founded": founded})
    return complaint


def complaint_propose_remedy(*, complaint, remedy, by, request=None):
    """Propose a remedy and email the contact a link to accept it or say what should change."""
    remedy = (remedy or "").strip()
    if not remedy:
        raise ComplaintError(_("Describe the remedy."), field="remedy")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status not in (Status.INVESTIGATING, Status.REMEDY_PROPOSED):
            raise ComplaintError(_("A remedy is proposed after the investigation, and before the client accepts."))
        if not complaint.founded:
            raise ComplaintError(_("Record the complaint as founded before proposing a remedy."))
        if complaint.contact is None:
            raise ComplaintError(_("Choose the contact who raised the complaint first; they accept the remedy."))
        complaint.remedy = remedy
        complaint.remedy_round += 1
        complaint.remedy_proposed_at = timezone.now()
        complaint.status = Status.REMEDY_PROPOSED
        complaint.save(update_fields=["remedy", "remedy_round", "remedy_proposed_at", "status"])
        audit.record("complaint.remedy_proposed", obj=complaint, actor=by, data={"round": complaint.remedy_round})
        # The earlier round's link (if still open) stops working: its content is no longer the remedy.
        decisions.supersede_open_requests(documents=[complaint], by=by)
        try:
            link = decisions.request_decision(document=complaint, contact=complaint.contact, by=by, request=request)
        except decisions.DecisionError as exc:
            raise ComplaintError(str(exc)) from None
    complaint.decision_request = link
    return complaint


def complaint_close(*, complaint, lesson_learned, by, close_reason=""):
    """Close and archive. A founded complaint needs the client's acceptance or a recorded reason."""
    lesson_learned, close_reason = (lesson_learned or "").strip(), (close_reason or "").strip()
    if not lesson_learned:
        raise ComplaintError(_("Write down the lesson learned."), field="lesson_learned")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status == Status.CLOSED:
            raise ComplaintError(_("This complaint is already closed."))
        if complaint.founded is None:
            raise ComplaintError(_("Investigate the complaint before closing it."))
        if complaint.founded and complaint.accepted_at is None and not close_reason:
            raise ComplaintError(
                _("The client has not accepted a remedy: record why the complaint is closed anyway."),
                field="close_reason",
            )
        complaint.status = Status.CLOSED
        complaint.lesson_learned = lesson_learned
        complaint.close_reason = close_reason
        complaint.closed_at = timezone.now()
        complaint.closed_by = by
        complaint.save(update_fields=["status", "lesson_learned", "close_reason", "closed_at", "closed_by"])
        decisions.supersede_open_requests(documents=[complaint], by=by)
        audit.record("complaint.closed", obj=complaint, actor=by, data={"accepted": complaint.accepted_at is not None})
    return complaint


# Called by agency.core.decisions inside the deciding transaction (registered in AccountsConfig.ready).


def on_remedy_accepted(*, document, decision):
    complaint = document
    complaint.status = Status.ACCEPTED
    complaint.accepted_at = decision.decided_at
    complaint.save(update_fields=["status", "accepted_at"])
    audit.record("complaint.remedy_accepted", obj=complaint, contact=decision.contact, data={"decision": decision.pk})
    _tell_owner(complaint, decision, accepted=True)


def on_remedy_changes_requested(*, document, decision):
    """The negotiation goes on: back to the owner for a better remedy."""
    complaint = document
    complaint.status = Status.INVESTIGATING
    complaint.save(update_fields=["status"])
    audit.record(
        "complaint.remedy_refused", obj=complaint, contact=decision.contact, data={"comment": decision.comment}
    )
    _tell_owner(complaint, decision, accepted=False)


def _tell_owner(complaint, decision, *, accepted):
    owner = complaint.owner
    if owner.is_active and owner.email:
        outbox.queue_email(
            to_email=owner.email,
            to_name=str(owner),
            template="complaint_remedy_decided",
            context={
                "complaint": complaint,
                "decision": decision,
                "accepted": accepted,
                "url": complaint_url(complaint),
            },
            language=owner.language,
            related=complaint,
            client=complaint.client,
        )


def complaint_url(complaint):
    from django.urls import reverse

    return settings.SITE_URL + reverse("complaints:detail", args=[complaint.pk])
