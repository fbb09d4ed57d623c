"""Creating and editing campaigns. The stage rules live in briefs/workflow.py."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Client
from agency.core import audit
from briefs.models import Campaign

from .checklist import checklist_create_default


def next_job_number(client, year):
    """Readable job numbers per client and year: TSD-2026-007."""
    prefix = f"{client.code}-{year}-"
    numbers = Campaign.objects.filter(job_number__startswith=prefix).values_list("job_number", flat=True)
    highest = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)
    return f"{prefix}{highest + 1:03d}"


def campaign_create(
    *, client, brand, name, lead_ae, by, budget=0, currency=None, start_date=None, end_date=None, team=()
):
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
            job_number=next_job_number(client, timezone.localdate().year),
        )
        campaign.team.set(team)
        checklist_create_default(campaign=campaign)
        audit.record("campaign.created", obj=campaign, actor=by, data={"job_number": campaign.job_number})
    return campaign


EDITABLE = ("name", "brand", "lead_ae", "budget", "currency", "start_date", "end_date")


def campaign_update(*, campaign, data, team, by):
    """Change the campaign's particulars; the audit log keeps what changed."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        changes = {
            field: [str(getattr(campaign, field)), str(data[field])]
            for field in EDITABLE
            if field in data and getattr(campaign, field) != data[field]
        }
        for field in EDITABLE:
            if field in data:
                setattr(campaign, field, data[field])
        campaign.save()
        before = set(campaign.team.values_list("pk", flat=True))
        campaign.team.set(team)
        after = {person.pk for person in team}
        if before != after:
            changes["team"] = [sorted(before), sorted(after)]
        if changes:
            audit.record("campaign.changed", obj=campaign, actor=by, data=changes)
    return campaign
