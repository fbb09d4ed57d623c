"""State changes for campaigns. The stage rules themselves will live in briefs/workflow.py."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Client
from agency import audit
from briefs.models import Campaign


def next_job_number(client, year):
    """Readable job numbers per client and year: TSD-2026-007."""
    prefix = f"{client.code}-{year}-"
    numbers = Campaign.objects.filter(job_number__startswith=prefix).values_list("job_number", flat=True)
    highest = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)
    return f"{prefix}{highest + 1:03d}"


def campaign_create(*, client, brand, name, lead_ae, by, budget=0, currency=None, start_date=None, end_date=None):
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
        audit.record("campaign.created", obj=campaign, actor=by, data={"job_number": campaign.job_number})
    return campaign
