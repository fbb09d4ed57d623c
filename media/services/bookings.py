"""Bookings (insertion orders), the confirmed schedule sent to the client, airing monitoring with proof,
make-goods for missed spots, and the client notices about them. Rules (docs/practice.md): "Written confirmation
before booking", "The confirmed schedule goes to the client", "Monitoring with proof", "Make-goods for missed
spots", "Airing notices to the client".

A booking needs the client's written confirmation of the media recommendation and of the monthly plan of
every month its line airs in (media/services/confirmations.py), and of exactly the version its line belongs to:
checked here (agency.core.decisions.approval_for: the approved content hash must still match) and again
by the database (a trigger on media_booking, migration 0002).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountTeamMember
from agency.core import audit, decisions, files, outbox, permissions, webhooks
from agency.core.models import Notification
from briefs.models import WORKING_STAGES, Action, ClientStatus
from briefs.queries import approved_budget, campaign_money
from briefs.rollups import campaign_rollup_refresh
from briefs.services.documents import amount
from briefs.workflow import notify_team, step_done

from ..models import (
    Booking,
    ClientNotice,
    MakeGood,
    MakeGoodProof,
    MonitoringReport,
    PlanLine,
    PlanVersion,
    ProofFile,
)
from ..queries import delivery
from . import MediaError, OverBudget
from .confirmations import require_written_confirmations

END_NOTICE_DAYS = 7


def require_confirmed(version):
    """The client's written confirmation of this exact version, or MediaError."""
    if version.status != ClientStatus.APPROVED:
        raise MediaError(
            _("Media plan %(v)s is not confirmed by the client in writing (%(status)s): nothing can be booked.")
            % {"v": version.version_label, "status": version.get_status_display()}
        )
    approval = decisions.approval_for(version)
    if approval is None:
        raise MediaError(
            _("Media plan %(v)s changed after the client confirmed it: send the new version for confirmation.")
            % {"v": version.version_label}
        )
    return approval


def booking_budget(line, version):
    """Where booking `line` leaves the campaign's money: None when it stays within the approved budget
    (or no budget is set), else the budget, what is committed before it and how far over it goes.
    Rule: "Money committed counts" (docs/practice.md)"""
    campaign = version.campaign
    budget = approved_budget(campaign, version.currency)
    if budget is None:
        return None
    committed = campaign_money(campaign).used
    after = committed + line.net
    if after <= budget:
        return None
    return {"budget": budget, "committed": committed, "after": after, "over": after - budget}


def booking_create(*, line, by, notes="", over_budget_reason=""):
    """An insertion order for one line of the confirmed version (all its spots). Beyond the campaign's
    approved budget only with a reason, and the account managers are told (docs/practice.md, "Money
    committed counts")."""
    permissions.require(by, "booking.create", client=line.version.client_id)
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().select_related("campaign").get(pk=line.version_id)
        if not version.campaign.is_open:
            raise MediaError(_("The campaign is not running; nothing can be booked."))
        require_confirmed(version)
        line = PlanLine.objects.get(pk=line.pk)
        require_written_confirmations(version, line)
        if line.bookings.exclude(status=Booking.Status.CANCELLED).exists():
            raise MediaError(_("This line is already booked."))
        over = booking_budget(line, version)
        reason = over_budget_reason.strip() if over else ""
        if over and not reason:
            raise OverBudget(
                _(
                    "This booking takes the money committed on the campaign to %(after)s, %(over)s over its "
                    "approved budget of %(budget)s. Give the reason to book it anyway; the account manager is told."
                )
                % {key: amount(over[key], version.currency) for key in ("after", "over", "budget")}
            )
        count = Booking.objects.filter(line__version__campaign=version.campaign).count()
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    line=line,
                    client=version.client,
                    reference=f"IO-{version.campaign.job_number}-{count + 1:03d}",
                    spots=line.spots,
                    notes=notes.strip(),
                    over_budget_reason=reason,
                    requested_by=by,
                    requested_at=timezone.now(),
                )
        except IntegrityError:
            raise MediaError(_("This line was booked at the same moment by someone else.")) from None
        data = {"line": line.position, "version": version.number, "net": str(line.net)}
        if over:
            data |= {"over_budget_by": str(over["over"]), "reason": reason}
        audit.record("booking.requested", obj=booking, actor=by, data=data)
        campaign_rollup_refresh(version.campaign_id)  # a booking commits its line's net
        if over:
            tell_account_managers(booking, version, over, by=by)
    return booking


def account_managers(campaign):
    """The client's AMs; without one, the lead AE's supervisor."""
    people = [
        member.user
        for member in AccountTeamMember.objects.filter(client=campaign.client, role=AccountTeamMember.Role.AM)
        .select_related("user")
        .order_by("user__username")
        if member.user.is_active
    ]
    if not people and campaign.lead_ae.supervisor_id and campaign.lead_ae.supervisor.is_active:
        people = [campaign.lead_ae.supervisor]
    return people


def tell_account_managers(booking, version, over, *, by):
    """An in-app notice and an email to each account manager about a booking beyond the budget."""
    campaign = version.campaign
    context = {
        "campaign": campaign,
        "booking": booking,
        "line": booking.line,
        "by": by,
        "reason": booking.over_budget_reason,
        **{key: amount(value, version.currency) for key, value in over.items()},
    }
    for person in account_managers(campaign):
        message = outbox.queue_email(
            to_email=person.email,
            to_name=str(person),
            template="media_booking_over_budget",
            context={**context, "person": person},
            language=person.language,
            related=booking,
            client=campaign.client,
            by=by,
        )
        Notification.objects.create(
            user=person,
            client=campaign.client,
            title=message.subject,
            body=booking.over_budget_reason,
            url=reverse("media_booking", args=[booking.pk]),
        )


def _locked(booking):
    return Booking.objects.select_for_update().select_related("line__version__campaign").get(pk=booking.pk)


def booking_confirm(*, booking, vendor_reference, by):
    """The media owner confirmed the order (their reference is kept)."""
    permissions.require(by, "booking.confirm", client=booking.client_id)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != Booking.Status.REQUESTED:
            raise MediaError(_("Only a requested booking can be confirmed by the media owner."))
        booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, timezone.now()
        booking.vendor_reference = vendor_reference.strip()
        booking.save(update_fields=["status", "confirmed_at", "vendor_reference"])
        audit.record("booking.vendor_confirmed", obj=booking, actor=by, data={"vendor_reference": vendor_reference})
        webhooks.emit("booking.confirmed", lambda: _confirmed_facts(booking))
        version = booking.line.version
        unconfirmed = version.lines.exclude(bookings__status=Booking.Status.CONFIRMED)
        if not unconfirmed.exists():
            step_done(version.campaign_id, Action.BOOKINGS_CONFIRMED, by=by)
    return booking


def _confirmed_facts(booking):
    line = booking.line
    return {
        "booking": booking.pk,
        "client": booking.client_id,
        "campaign": line.version.campaign_id,
        "media_plan_version": line.version_id,
        "plan_line": line.pk,
        "confirmed_at": booking.confirmed_at,
        "vendor_reference": booking.vendor_reference,
    }


def booking_cancel(*, booking, reason, by):
    permissions.require(by, "booking.cancel", client=booking.client_id)
    if not reason.strip():
        raise MediaError(_("Say why the booking is cancelled."))
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == Booking.Status.CANCELLED:
            return booking
        booking.status, booking.cancelled_at, booking.status_reason = (
            Booking.Status.CANCELLED,
            timezone.now(),
            reason.strip(),
        )
        booking.save(update_fields=["status", "cancelled_at", "status_reason"])
        audit.record("booking.cancelled", obj=booking, actor=by, data={"reason": booking.status_reason})
        campaign_rollup_refresh(booking.line.version.campaign_id)
    return booking


# ── Notices to the client ────────────────────────────────────────────────────


def notice_contact(version):
    """Who hears about the schedule: the contact who confirmed the plan, else the client's first
    active contact who may decide."""
    approval = decisions.approval_for(version)
    if approval is not None and approval.contact.is_active:
        return approval.contact
    contact = decisions.deciders(version.client, "media_plan").order_by("name").first()
    if contact is None:
        raise MediaError(_("The client has no active contact to send the notice to."))
    return contact


def notice_send(*, kind, version, by, booking=None, contact=None, message="", context=None):
    """Write the notice and its email (outbox) in the caller's transaction."""
    contact = contact or notice_contact(version)
    notice = ClientNotice.objects.create(
        campaign=version.campaign,
        client=version.client,
        kind=kind,
        version=version,
        booking=booking,
        contact=contact,
        message=message.strip(),
        sent_by=by,
        sent_at=timezone.now(),
    )
    outbox.queue_email(
        to_email=contact.email,
        to_name=contact.name,
        template=f"media_{kind}",
        context={
            "notice": notice,
            "campaign": version.campaign,
            "version": version,
            "booking": booking,
            "contact": contact,
            **(context or {}),
        },
        language=contact.language,
        related=notice,
        client=version.client,
        by=by,
    )
    audit.record(f"media_notice.{kind}", obj=version.campaign, actor=by, data={"contact": contact.email})
    return notice


def schedule_send(*, version, contact, message, by):
    """Show the client the confirmed schedule once every line is booked and the media owners have
    confirmed. Rule: "The confirmed schedule goes to the client" (docs/practice.md)."""
    permissions.require(by, "document.send_to_client", client=version.client_id)
    require_confirmed(version)
    lines = list(version.lines.prefetch_related("bookings"))
    unconfirmed = [
        line.position for line in lines if not any(b.status == Booking.Status.CONFIRMED for b in line.bookings.all())
    ]
    if unconfirmed:
        raise MediaError(
            _("Lines not yet confirmed by the media owner: %(lines)s.") % {"lines": ", ".join(map(str, unconfirmed))}
        )
    if contact.client_id != version.client_id or not contact.is_active:
        raise MediaError(_("%(contact)s is not an active contact of this client.") % {"contact": contact})
    with transaction.atomic():
        notice = notice_send(
            kind=ClientNotice.Kind.SCHEDULE,
            version=version,
            contact=contact,
            message=message,
            by=by,
            context={"lines": lines},
        )
        step_done(version.campaign_id, Action.SCHEDULE_SENT, by=by)
    return notice


def booking_suspend(*, booking, reason, resumes_at, by):
    """Airing stops for now (an LED screen is down, the media owner pulls a slot): the client is told by
    email why and when airing is expected to resume (docs/practice.md, "Airing notices to the client")."""
    if not reason.strip():
        raise MediaError(_("Say why airing is suspended; the client is told."))
    if resumes_at is None:
        raise MediaError(_("Say when airing is expected to resume; the client is told."))
    if resumes_at <= timezone.now():
        raise MediaError(_("The expected resumption must be in the future."))
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != Booking.Status.CONFIRMED:
            raise MediaError(_("Only a booking confirmed by the media owner can be suspended."))
        booking.status, booking.status_reason, booking.resumes_at = Booking.Status.SUSPENDED, reason.strip(), resumes_at
        booking.save(update_fields=["status", "status_reason", "resumes_at"])
        audit.record(
            "booking.suspended",
            obj=booking,
            actor=by,
            data={"reason": booking.status_reason, "resumes_at": resumes_at.isoformat()},
        )
        notice_send(
            kind=ClientNotice.Kind.SUSPENSION, version=booking.line.version, booking=booking, message=reason, by=by
        )
    return booking


def booking_resume(*, booking, message, by):
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != Booking.Status.SUSPENDED:
            raise MediaError(_("Only a suspended booking can be resumed."))
        booking.status, booking.status_reason, booking.resumes_at = Booking.Status.CONFIRMED, "", None
        booking.save(update_fields=["status", "status_reason", "resumes_at"])
        audit.record("booking.resumed", obj=booking, actor=by)
        notice_send(
            kind=ClientNotice.Kind.RESUMPTION, version=booking.line.version, booking=booking, message=message, by=by
        )
    return booking


# ── Monitoring and make-goods ────────────────────────────────────────────────


def monitoring_record(*, booking, period_start, period_end, scheduled, aired, notes, proofs, by):
    """Record what aired in a period, with its proof files (already checked: agency.core.files).

    Missed spots (scheduled − aired) become a make-good to schedule, the client gets a make-good
    notice, and the campaign team is told."""
    if period_end < period_start:
        raise MediaError(_("The period ends before it starts."))
    if aired > scheduled:
        raise MediaError(_("More spots aired than were scheduled: record the extra spots in the notes."))
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.SUSPENDED):
            raise MediaError(_("Airing is monitored for bookings the media owner has confirmed."))
        report = MonitoringReport.objects.create(
            booking=booking,
            client=booking.client,
            period_start=period_start,
            period_end=period_end,
            scheduled=scheduled,
            aired=aired,
            notes=notes.strip(),
            recorded_by=by,
        )
        for kind, upload, name, content_type in proofs:
            files.store(
                ProofFile(report=report, client=booking.client, kind=kind),
                upload,
                name=name,
                content_type=content_type,
                by=by,
            )
        audit.record(
            "booking.monitored",
            obj=booking,
            actor=by,
            data={
                "from": str(period_start),
                "to": str(period_end),
                "scheduled": scheduled,
                "aired": aired,
                "proofs": len(proofs),
            },
        )
        if proofs:
            step_done(booking.line.version.campaign_id, Action.MONITORING_RECORDED, by=by)
        if report.missed:
            make_good = MakeGood.objects.create(
                booking=booking, report=report, client=booking.client, spots=report.missed
            )
            audit.record("make_good.created", obj=booking, actor=by, data={"spots": make_good.spots})
            version = booking.line.version
            notice_send(
                kind=ClientNotice.Kind.MAKE_GOOD,
                version=version,
                booking=booking,
                by=by,
                message=notes,
                context={"make_good": make_good, "report": report},
            )
            notify_team(
                version.campaign,
                template="media_make_good_team",
                by=by,
                context={"booking": booking, "make_good": make_good, "report": report},
            )
    return report


def proof_send(*, report, contact, by, request=None):
    """Send the client the airing proof of a period by link: the figures, the notes and every proof file,
    view-only, to acknowledge. Rule: "Monitoring with proof" (docs/practice.md)."""
    permissions.require(by, "document.send_to_client", client=report.client_id)
    if not report.proofs.exists():
        raise MediaError(_("Attach the proof to the monitoring report before sending it to the client."))
    if contact.client_id != report.client_id:
        raise MediaError(_("%(contact)s is not a contact of this client.") % {"contact": contact})
    try:
        return decisions.request_decision(document=report, contact=contact, by=by, request=request)
    except decisions.DecisionError as refused:
        raise MediaError(str(refused)) from refused


def make_good_schedule(*, make_good, spots, air_date, air_until, by):
    """The media owner has given the spots and the days of the make-good: the client is told when it airs."""
    if spots is None or spots < 1:
        raise MediaError(_("Give the number of spots the media owner will air."))
    if air_until < air_date:
        raise MediaError(_("The last air date is before the first."))
    with transaction.atomic():
        make_good = (
            MakeGood.objects.select_for_update().select_related("booking__line__version__campaign").get(pk=make_good.pk)
        )
        if make_good.status == MakeGood.Status.AIRED:
            raise MediaError(_("This make-good has already aired."))
        if spots < make_good.spots:
            raise MediaError(
                _("%(owed)s spots are owed: a make-good of fewer spots leaves the client short.")
                % {"owed": make_good.spots}
            )
        make_good.status = MakeGood.Status.SCHEDULED
        make_good.scheduled_spots, make_good.air_date, make_good.air_until = spots, air_date, air_until
        make_good.save(update_fields=["status", "scheduled_spots", "air_date", "air_until"])
        audit.record(
            "make_good.scheduled",
            obj=make_good.booking,
            actor=by,
            data={"spots": spots, "air_date": str(air_date), "air_until": str(air_until)},
        )
        notice_send(
            kind=ClientNotice.Kind.MAKE_GOOD,
            version=make_good.booking.line.version,
            booking=make_good.booking,
            by=by,
            context={"make_good": make_good},
        )
    return make_good


def make_good_aired(*, make_good, aired_spots, aired_on, proofs, by):
    """Record that a make-good aired: how many spots, on which (past) day, with proof. Only then does it
    count as delivered. Rule: "Make-goods for missed spots" (docs/practice.md)."""
    if aired_spots is None or aired_spots < 1:
        raise MediaError(_("Give the number of spots that aired."))
    if aired_on > timezone.localdate():
        raise MediaError(_("A make-good cannot have aired on a day still to come."))
    if not proofs:
        raise MediaError(_("Attach the proof that it aired: photos or video of the screen, or the airing log."))
    with transaction.atomic():
        make_good = MakeGood.objects.select_for_update().get(pk=make_good.pk)
        if make_good.status != MakeGood.Status.SCHEDULED:
            raise MediaError(_("Schedule the make-good before recording that it aired."))
        if aired_on < make_good.air_date:
            raise MediaError(_("The make-good was scheduled from %(day)s.") % {"day": make_good.air_date})
        make_good.status, make_good.aired_spots, make_good.aired_on = MakeGood.Status.AIRED, aired_spots, aired_on
        make_good.save(update_fields=["status", "aired_spots", "aired_on"])
        for kind, upload, name, content_type in proofs:
            files.store(
                MakeGoodProof(make_good=make_good, client=make_good.client, kind=kind),
                upload,
                name=name,
                content_type=content_type,
                by=by,
            )
        audit.record(
            "make_good.aired",
            obj=make_good.booking,
            actor=by,
            data={"spots": aired_spots, "aired_on": str(aired_on), "proofs": len(proofs)},
        )
    return make_good


# ── The end of the campaign ──────────────────────────────────────────────────


def off_air_date(version):
    """The last day any live booking of this plan version airs: the line's flight end."""
    return (
        PlanLine.objects.filter(version=version, bookings__in=Booking.objects.exclude(status=Booking.Status.CANCELLED))
        .order_by("-flight_end")
        .values_list("flight_end", flat=True)
        .first()
    )


def end_notice_send(*, version, by=None):
    """The end-of-campaign notice (下画通知): on the off-air date the client is told that the campaign is
    off air, with what was delivered. Sent once per plan version (the database refuses a second);
    returns the notice, or None when it was sent already."""
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().select_related("campaign").get(pk=version.pk)
        if ClientNotice.objects.filter(version=version, kind=ClientNotice.Kind.END).exists():
            return None
        return notice_send(
            kind=ClientNotice.Kind.END,
            version=version,
            by=by,
            context={"off_air": off_air_date(version), "figures": delivery(version)},
        )


def end_notices_due(today=None):
    """Send the end-of-campaign notice of every booked plan version whose off-air date has come in the last
    END_NOTICE_DAYS days (so a new installation does not write to clients about campaigns long over). Run
    daily by Celery beat; a re-run sends nothing twice. Returns how many were sent."""
    today = today or timezone.localdate()
    live = Booking.objects.exclude(status=Booking.Status.CANCELLED)
    versions = (
        PlanVersion.objects.filter(lines__bookings__in=live, campaign__stage__in=WORKING_STAGES)
        .exclude(pk__in=ClientNotice.objects.filter(kind=ClientNotice.Kind.END).values("version"))
        .distinct()
    )
    sent = 0
    for version in versions:
        ends = off_air_date(version)
        if ends is not None and today - timedelta(days=END_NOTICE_DAYS) < ends <= today:
            try:
                sent += end_notice_send(version=version) is not None
            except MediaError:
                continue  # no contact to tell: the campaign page shows the notice as not sent
    return sent
