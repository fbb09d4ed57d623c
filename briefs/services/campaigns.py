"""Creating and editing campaigns. The stage rules live in briefs/workflow.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Client
from agency.core import audit, permissions
from briefs.models import MILESTONE_FIELDS, Campaign, CampaignType
from briefs.workflow import WorkflowError

from ..rollups import campaign_rollup_refresh
from .checklist import checklist_create_default
from .timeline import changed_milestones, reschedule


def next_job_number(client, year):
    """Readable job numbers per client and year: TSD-2026-007."""
    prefix = f"{client.code}-{year}-"
    numbers = Campaign.objects.filter(job_number__startswith=prefix).values_list("job_number", flat=True)
    highest = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)
    return f"{prefix}{highest + 1:03d}"


def campaign_create(
    *,
    client,
    brand,
    name,
    lead_ae,
    by,
    budget=0,
    currency=None,
    start_date=None,
    end_date=None,
    team=(),
    campaign_type=CampaignType.INTEGRATED,
    milestones=None,
):
    """A new campaign with its checklist, each step due on the campaign's timeline. `milestones` is
    {campaign field: date} for the milestones other than start (on air) and end (off air)."""
    with transaction.atomic():
        # Lock the client so two campaigns created at once do not get the same job number.
        client = Client.objects.select_for_update().get(pk=client.pk)
        campaign = Campaign.objects.create(
            client=client,
            brand=brand,
            name=name,
            lead_ae=lead_ae,
            budget=budget,
            currency=currency or client.currency,
            start_date=start_date,
            end_date=end_date,
            campaign_type=campaign_type or CampaignType.INTEGRATED,
            job_number=next_job_number(client, timezone.localdate().year),
            **(milestones or {}),
        )
        campaign.team.set(team)
        checklist_create_default(campaign=campaign)
        audit.record("campaign.created", obj=campaign, actor=by, data={"job_number": campaign.job_number})
        campaign_rollup_refresh(campaign)
    return campaign


EDITABLE = (
    "name",
    "brand",
    "lead_ae",
    "budget",
    "currency",
    "campaign_type",
    *MILESTONE_FIELDS.values(),
)


def campaign_update(*, campaign, data, team, by):
    """Change the campaign's particulars; the audit log keeps what changed. A moved milestone moves the
    open steps hung on it, a new campaign type gives them its template's timing: the campaign returned
    says how many moved (`rescheduled`). Rule: "The campaign timeline" (docs/practice.md)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        # Rule: "Who may do what" (docs/practice.md): changing who runs the campaign is a reassignment.
        new_lead = "lead_ae" in data and getattr(data["lead_ae"], "pk", data["lead_ae"]) != campaign.lead_ae_id
        if new_lead or set(campaign.team.values_list("pk", flat=True)) != {person.pk for person in team}:
            permissions.require(by, "campaign.reassign", client=campaign.client_id)
        changes = {
            field: [str(getattr(campaign, field)), str(data[field])]
            for field in EDITABLE
            if field in data and getattr(campaign, field) != data[field]
        }
        before = {field: getattr(campaign, field) for field in EDITABLE}
        for field in EDITABLE:
            if field in data:
                setattr(campaign, field, data[field])
        campaign.save()
        campaign_rollup_refresh(campaign)  # the budget or its currency may have changed
        moved = changed_milestones(before, data)
        retemplate = "campaign_type" in data and before["campaign_type"] != data["campaign_type"]
        campaign.rescheduled = (
            reschedule(campaign, milestones=moved, retemplate=retemplate) if moved or retemplate else 0
        )
        before = set(campaign.team.values_list("pk", flat=True))
        campaign.team.set(team)
        after = {person.pk for person in team}
        if before != after:
            changes["team"] = [sorted(before), sorted(after)]
        if changes:
            audit.record("campaign.changed", obj=campaign, actor=by, data=changes)
    return campaign


def campaign_reassign_lead(*, campaign, lead_ae, by):
    """Hand the campaign to another lead AE from the client's account team (a bulk action on the campaign
    list). Rule: "Who may do what" (docs/practice.md): changing who runs the campaign is a reassignment.
    Returns False when the campaign already had that lead AE."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("lead_ae").get(pk=campaign.pk)
        permissions.require(by, "campaign.reassign", client=campaign.client_id)
        if campaign.lead_ae_id == lead_ae.pk:
            return False
        if not lead_ae.is_active or not lead_ae.teams.filter(client_id=campaign.client_id).exists():
            raise WorkflowError(_("%(person)s is not on the client's account team.") % {"person": lead_ae})
        before = str(campaign.lead_ae)
        campaign.lead_ae = lead_ae
        campaign.save(update_fields=["lead_ae", "updated_at"])
        audit.record("campaign.changed", obj=campaign, actor=by, data={"lead_ae": [before, str(lead_ae)]})
    return True
