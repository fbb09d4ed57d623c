"""The media brief, plan versions and their lines, and sending a version for the client's written
confirmation: nothing is booked without it (docs/practice.md, "Written confirmation before booking").
Versions are sent, started and superseded through the one document lifecycle (briefs/services/documents.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit
from briefs.models import Action
from briefs.rollups import campaign_rollup_refresh
from briefs.services import documents
from briefs.workflow import step_done

from ..models import MediaBrief, PlanLine, PlanVersion
from ..money import line_amounts
from . import MediaError
from .confirmations import supersede_for_new_version


def _is_optional_text(name):
    field = PlanLine._meta.get_field(name)
    return field.get_internal_type() == "CharField" and field.blank


# The optional text of a line: stripped, and empty when not given.
TEXT_INPUTS = tuple(filter(_is_optional_text, PlanLine.INPUTS))


def _require_open(campaign):
    if not campaign.is_open:
        raise MediaError(
            _("The campaign is %(stage)s; its media plan cannot change.") % {"stage": campaign.get_stage_display()}
        )


def _require_draft(version):
    documents.require_draft(version, error=MediaError)


# ── Media brief ──────────────────────────────────────────────────────────────


def media_brief_save(*, campaign, data, revision, by):
    """Create or update the media brief; refuses a save based on an older revision."""
    _require_open(campaign)
    with transaction.atomic():
        brief, created = MediaBrief.objects.select_for_update().get_or_create(campaign=campaign)
        if not created and revision != brief.revision:
            raise MediaError(_("Someone else changed this media brief while you were editing. Check and save again."))
        for name in MediaBrief.FIELDS:
            setattr(brief, name, data.get(name))
        brief.revision += 0 if created else 1
        brief.updated_by = by
        brief.save()
        audit.record("media_brief.saved", obj=campaign, actor=by, data={"revision": brief.revision})
        step_done(campaign, Action.MEDIA_BRIEF_SAVED, by=by)
    return brief


# ── Plan versions ────────────────────────────────────────────────────────────


def plan_new_version(*, campaign, by):
    """Start the next version, copying the lines. The earlier version stops counting: its open links
    close, and no new booking can be made against it, nor do its recommendation and monthly plans still
    waiting for the client count. Existing bookings stay where they were made."""
    _require_open(campaign)
    with transaction.atomic():
        version = _new_version(campaign, by)
        supersede_for_new_version(campaign, by=by)
        campaign_rollup_refresh(campaign)  # the new version is the current media plan
    return version


def _new_version(campaign, by):
    return documents.new_version(
        PlanVersion,
        campaign=campaign,
        by=by,
        action="media_plan.version_created",
        number="number",
        first={"currency": campaign.currency},
        carry=("currency", "notes", "booking_cutoff"),
        lines=("lines", ("position", *PlanLine.FIELDS)),
        error=MediaError,
    )


def line_values(values):
    """Clean line inputs, with gross and net computed (Decimal). Raises MediaError when inconsistent."""
    values = {name: values.get(name) for name in PlanLine.INPUTS}
    for name in TEXT_INPUTS:
        values[name] = (values[name] or "").strip()
    if values["flight_end"] < values["flight_start"]:
        raise MediaError(_("The flight ends before it starts."))
    values["gross"], values["net"] = line_amounts(values["spots"], values["unit_rate"], values["discount_pct"])
    return values


def plan_line_add(*, version, by, **fields):
    _require_open(version.campaign)
    _require_draft(version)
    values = line_values(fields)
    with transaction.atomic():
        last = version.lines.order_by("-position").values_list("position", flat=True).first() or 0
        line = PlanLine.objects.create(version=version, position=last + 1, **values)
        audit.record("media_plan.line_added", obj=version, actor=by, data={"line": line.position, "net": str(line.net)})
        campaign_rollup_refresh(version.campaign_id)  # the plan's net, on the dashboard
    return line


def plan_line_update(*, line, by, revision=None, **fields):
    """Save an edit of one line; refuses it if someone saved the line since `revision` was read."""
    version = line.version
    _require_open(version.campaign)
    _require_draft(version)
    values = line_values(fields)
    with transaction.atomic():
        current = PlanLine.objects.select_for_update().get(pk=line.pk)
        if revision is not None and revision != current.revision:
            line.revision = current.revision
            raise MediaError(
                _("Someone else saved this line while you were editing. Check their changes and save again.")
            )
        for name, value in values.items():
            setattr(line, name, value)
        line.revision = current.revision + 1
        line.save()
        audit.record("media_plan.line_changed", obj=version, actor=by, data={"line": line.position})
        campaign_rollup_refresh(version.campaign_id)
    return line


def plan_line_remove(*, line, by):
    version = line.version
    _require_draft(version)
    with transaction.atomic():
        audit.record("media_plan.line_removed", obj=version, actor=by, data={"line": line.position})
        line.delete()
        campaign_rollup_refresh(version.campaign_id)


def plan_set_booking_cutoff(*, version, cutoff, by):
    """Record (or clear, with None) the day the media must be booked by. The team is reminded while the
    client has not confirmed, and the supervisor hears when it passes (media/reminders.py)."""
    _require_open(version.campaign)
    if not version.is_cutoff_editable:
        raise MediaError(
            _("Media plan %(v)s is %(status)s: its booking cut-off no longer matters.")
            % {"v": version.version_label, "status": version.get_status_display()}
        )
    if cutoff is not None and cutoff < timezone.localdate() and cutoff != version.booking_cutoff:
        raise MediaError(_("The booking cut-off cannot be in the past."))
    if cutoff == version.booking_cutoff:
        return version
    with transaction.atomic():
        previous = version.booking_cutoff
        version.booking_cutoff = cutoff
        version.save(update_fields=["booking_cutoff"])
        audit.record(
            "media_plan.booking_cutoff_set",
            obj=version,
            actor=by,
            data={"from": previous.isoformat() if previous else None, "to": cutoff.isoformat() if cutoff else None},
        )
    return version


def plan_send(*, version, contact, by, request=None, over_budget_reason=""):
    """Send exactly this version for the client's written confirmation (with a one-time code when the
    client requires one for money decisions: agency.core.decisions decides that). Over the campaign's
    approved budget only with a reason the client reads (docs/practice.md, "Money committed counts")."""
    _require_open(version.campaign)
    _require_draft(version)
    if not version.lines.exists():
        raise MediaError(_("Add at least one line before sending the plan."))
    with transaction.atomic():
        reason = documents.over_budget_reason(version, over_budget_reason, error=MediaError)
        documents.keep_over_budget_reason(version, reason)
        return documents.send(
            version,
            contact=contact,
            by=by,
            request=request,
            action="media_plan.sent_to_client",
            error=MediaError,
            completes=Action.PLAN_SENT,
        )
