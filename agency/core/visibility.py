"""Who sees which client's rows: the floor holds the mechanism, accounts the rule.

The rule (management sees every client; anyone else the clients whose account team they are on, and
those of everyone below them in the reporting line) is accounts' `ClientQuerySet.visible_to`, which
AccountsConfig.ready() registers here, so every app and the floor itself scope the same way without
importing accounts:

    class CampaignDocumentQuerySet(ScopedByClientQuerySet):
        client_path = "campaign__client"          # where the row's client is; "client" by default

    Booking.objects.visible_to(user)              # rows of the clients this person may see
    visible_clients(user)                         # those clients, for a subquery: client__in=....values("pk")
    get_visible_or_404(Booking, user, pk=pk)      # one object, or the same 404 as for one that does not exist
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

_client_scope = None


def register_client_scope(visible_to):
    """`visible_to(user)` returns the queryset of clients this person may see. Accounts registers it once."""
    global _client_scope
    _client_scope = visible_to


def visible_clients(user):
    """The clients this person may see, as a queryset (use it as a subquery, never as a list)."""
    if _client_scope is None:
        raise ImproperlyConfigured("No client scope is registered: accounts registers it in AccountsConfig.ready().")
    return _client_scope(user)


SEEN = "_visible_clients_seen"


def clients_seen_by(user):
    """The ids of the clients whose rows this person's request has already fetched through `visible_to(user)`:
    visible by construction, so a page that links the names it shows (agency/core/object_links.py) need not
    ask the database again. Kept on the request's user object, so it lives as long as the request."""
    return getattr(user, SEEN, None) or set()


class RemembersVisibleClients:
    """A queryset made by `visible_to(user)` notes the clients of the rows it fetches on `user` (see
    clients_seen_by). Filtering it further keeps the note: a subset of visible rows is visible."""

    _visible_for = None
    _rows_are_clients = False

    def remember_for(self, user):
        self._visible_for = user
        return self

    def _clone(self):
        clone = super()._clone()
        clone._visible_for = self._visible_for
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        user = self._visible_for
        if not fetching or user is None or not getattr(user, "is_authenticated", False):
            return
        if self._rows_are_clients:
            ids = {row.pk for row in self._result_cache if isinstance(row, models.Model)}
        else:
            ids = {row.__dict__.get("client_id") for row in self._result_cache if isinstance(row, models.Model)}
            ids.discard(None)
        if ids:
            setattr(user, SEEN, clients_seen_by(user) | ids)


class ScopedByClientQuerySet(RemembersVisibleClients, models.QuerySet):
    """For rows that belong to a client: visible exactly when their client is."""

    client_path = "client"

    def visible_to(self, user):
        return self.filter(**{f"{self.client_path}__in": visible_clients(user).values("pk")}).remember_for(user)


def get_visible_or_404(queryset_or_model, user, **lookup):
    """Fetch an object for this user, or 404. Every view that touches an object goes through here, so a
    person outside the account team gets the same 404 as for an object that does not exist."""
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches.") from None
