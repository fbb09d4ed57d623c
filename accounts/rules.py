"""Who may change what in a client account. Seeing is decided by `visible_to`; these decide writing.

Call them only for an object the user can already see (fetched through `visible_to`).
"""

from agency.core import permissions

from .models import AccountTeamMember, Client


def _role_on(client, user, team=None):
    """The user's role on the client's team; `team` is the already-fetched team list, to save a query."""
    if team is None:
        team = client.team_members.all()
    for member in team:
        if member.user_id == user.pk:
            return member.role
    return None


def team_role(user, client):
    """The user's role on the client's account team (None when not on it): the permission map's lookup.
    `client` is a Client (its prefetched team is used when there is one) or a client id; one query at most."""
    if isinstance(client, Client) and "team_members" in getattr(client, "_prefetched_objects_cache", {}):
        return _role_on(client, user)
    client_id = getattr(client, "pk", client)
    return AccountTeamMember.objects.filter(client_id=client_id, user_id=user.pk).values_list("role", flat=True).first()


def may_create_client(user):
    return user.is_management or user.is_account_person


def may_edit_client(user, client, team=None):
    """Management, account people on the team, and account people supervising the team (they can see it)."""
    return permissions.may(user, "client.edit", team_role=_role_on(client, user, team))


def may_manage_team(user, client, team=None):
    """Management and the team's lead (lead AE, AD, GAD) change who is on the team."""
    return permissions.may(user, "client.team", team_role=_role_on(client, user, team))


def may_create_prospect(user):
    return user.is_management or user.is_account_person
