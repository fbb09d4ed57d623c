"""What a complaint can be about, besides its client: the apps that build on accounts register their part.

A complaint links to a client and, optionally, to one of the client's campaigns and one of its bookings
(docs/practice.md, "Complaints handled to the end"). Campaigns live in briefs and bookings in media, above
accounts, so each registers its subject from its AppConfig.ready():

    register_complaint_subject(
        "campaign",                                # the Complaint field it fills
        _("Campaign"),                             # the form's label
        lambda clients: Campaign.objects.filter(client__in=clients)...,  # the choices for these clients
        describe=lambda campaign: f"{campaign} · {campaign.client}",     # how a choice reads
        campaign_field="",                         # for a booking: the lookup from it to its campaign's id
    )

The complaint form offers one optional choice per subject; the complaint service checks that each belongs
to the complaint's client (and a booking to the complaint's campaign, when both are given).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ComplaintSubject:
    field: str
    label: Any
    choices: Callable  # choices(clients) -> QuerySet
    describe: Callable = str
    campaign_field: str = ""
    order: int = 100


_subjects = {}


def register_complaint_subject(field, label, choices, *, describe=str, campaign_field="", order=100):
    _subjects[field] = ComplaintSubject(field, label, choices, describe, campaign_field, order)


def complaint_subjects():
    """Every registered subject, in the form's order."""
    return sorted(_subjects.values(), key=lambda subject: (subject.order, subject.field))


def get(field):
    return _subjects.get(field)
