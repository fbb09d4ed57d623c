"""What the client list and the client page show of the apps that build on accounts.

Campaigns live in briefs, above accounts, so briefs adds its part from BriefsConfig.ready():

    register_client_count("n_live_campaigns", _("Live campaigns"), count_per_client(Campaign.objects.filter(...)))
        a column of the client list and its export, annotated in the list's one query: a subquery per
        client (count_per_client), worked out for the page's clients only
    register_client_card(campaigns_card)
        a card on the client page: campaigns_card(client) returns None (nothing to show) or
        {"template": "briefs/_client_campaigns.html", "context": {...}}; the template reads `card.context`.
        Keep each card to a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


@dataclass(frozen=True)
class ClientCount:
    name: str  # the annotation's name on each client
    label: str
    aggregate: object


_counts = []
_cards = []


def count_per_client(rows, client="client"):
    """How many of `rows` (a queryset) belong to each client, as an annotation on clients: a subquery, so
    the database counts for the clients it returns, not for every matching client joined and grouped."""
    counted = rows.filter(**{client: OuterRef("pk")}).order_by().values(client).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def register_client_count(name, label, aggregate):
    _counts.append(ClientCount(name, label, aggregate))


def client_counts():
    return list(_counts)


def register_client_card(card):
    _cards.append(card)


def client_cards(client):
    return [shown for card in _cards if (shown := card(client))]
