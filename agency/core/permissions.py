"""Who may do what: the one permission map (role × action). Rule: "Who may do what" (docs/practice.md).

Seeing is decided by `Model.objects.visible_to(user)`; this map says what a person who can see a
campaign may DO with it. A person's roles are their title (AE … GAD, creative, finance …), their
department when it is management or finance, and their place on the client's account team
(`team:lead_ae`, `team:media`, …). An action is allowed when any of the person's roles is in the map.

    from agency.core import permissions
    permissions.require(by, "campaign.cancel", client=campaign.client)   # in the service: PermissionDenied
    permissions.may(user, "booking.create", team_role=role)               # for a button

The floor cannot read the account team (accounts is above it): accounts registers a lookup from its
AppConfig.ready() (`register_team_role_lookup`). A page computes the team role once and passes
`team_role=` (or uses `allowed()`), so buttons cost no query each.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models.staff import Department, Title

ACCOUNT = {Title.AE, Title.AM, Title.AAD, Title.AD, Title.GAD}
MANAGERS = {Title.AM, Title.AAD, Title.AD, Title.GAD, "management"}
MEDIA = {Title.MEDIA_PLANNER, Title.MEDIA_BUYER, "team:media"}
LEAD = {"team:lead_ae"}
ACCOUNT_TEAM = {"team:lead_ae", "team:ae", "team:am", "team:aad", "team:ad", "team:gad"}

# role × action. Roles: titles (staff.Title values), "management", "finance", and "team:<account team role>".
PERMISSIONS = {
    # The campaign's course: the account team runs it; stopping it for good is for a manager or the lead AE.
    "campaign.hold": ACCOUNT | {"management"},
    "campaign.resume": ACCOUNT | {"management"},
    "campaign.advance": ACCOUNT | {"management"},
    "campaign.close": MANAGERS | LEAD,
    "campaign.cancel": MANAGERS | LEAD,
    # Who runs the campaign (its lead AE and team): a manager or the client's lead AE.
    "campaign.reassign": MANAGERS | LEAD,
    # Only the account team speaks to the client; media people send media plans and schedules.
    "document.send_to_client": ACCOUNT | {"management"} | MEDIA,
    # Bookings commit the client's money with media owners.
    "booking.create": ACCOUNT | {"management"} | MEDIA,
    "booking.confirm": ACCOUNT | {"management"} | MEDIA,
    "booking.cancel": MANAGERS | LEAD | MEDIA,
    # Actual costs: the account team, production and finance.
    "cost.record": ACCOUNT | {"management", Title.PRODUCER, "finance", "team:finance"},
    # Managers let a campaign go on without a required step and keep the timeline template.
    "step.waive": set(MANAGERS),
    "timeline.edit": set(MANAGERS),
    # Importing clients and contacts in bulk changes many accounts at once: account directors and management.
    "client.import": {Title.AD, Title.GAD, "management"},
    # A client's particulars (tier, stage, brands, contacts): the account people and management.
    "client.edit": ACCOUNT | {"management"} | ACCOUNT_TEAM,
    # Who is on a client's account team and who leads it: management and the team's lead AE, AD or GAD.
    "client.team": {"management", "team:lead_ae", "team:ad", "team:gad"},
    # Webhooks carry every client's events to outside systems: agency management connects them.
    "webhook.manage": {"management"},
}
ACTIONS = tuple(PERMISSIONS)

_team_role_lookup = None


def register_team_role_lookup(lookup):
    """accounts registers lookup(user, client) -> the user's role on the client's account team, or None."""
    global _team_role_lookup
    _team_role_lookup = lookup


def team_role_of(user, client):
    if client is None or _team_role_lookup is None or user is None:
        return None
    return _team_role_lookup(user, client)


def roles_of(user, team_role=None):
    """The roles a person acts in: title, management/finance, and their place on the client's team."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    roles = {user.title}
    if user.is_superuser or user.department == Department.MANAGEMENT or user.title == Title.MANAGEMENT:
        roles.add("management")
    if user.department == Department.FINANCE or user.title == Title.FINANCE:
        roles.add("finance")
    if team_role:
        roles.add(f"team:{team_role}")
    return roles


def may(user, action, client=None, team_role=None):
    """May `user` do `action` (on the work of `client`, a Client or its id)? Pass `team_role` when already
    known, to save a query."""
    allowed_roles = PERMISSIONS[action]  # an unknown action is a programming error
    if team_role is None and client is not None:
        team_role = team_role_of(user, client)
    return bool(roles_of(user, team_role) & allowed_roles)


def allowed(user, client=None, team_role=None):
    """Every action's answer for one page, with one team lookup: {"campaign_cancel": True, …} for templates."""
    if team_role is None and client is not None:
        team_role = team_role_of(user, client)
    roles = roles_of(user, team_role)
    return {action.replace(".", "_"): bool(roles & PERMISSIONS[action]) for action in PERMISSIONS}


def require(user, action, client=None, team_role=None):
    """Refuse (PermissionDenied, a 403 in a view) unless `user` may do `action`."""
    if not may(user, action, client=client, team_role=team_role):
        raise PermissionDenied(_("Your role does not allow this."))
