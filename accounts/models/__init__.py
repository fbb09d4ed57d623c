"""Client accounts and client service, a module per domain; `from accounts.models import X` works for all."""

from .clients import AccountTeamMember, Brand, Client, ClientQuerySet, Contact
from .complaints import Complaint
from .contact_reports import ActionItem, ContactReport
from .prospects import Prospect, ProspectActivity, ProspectContact
from .status_reports import StatusReport
from .surveys import LOW_SCORE, SatisfactionSurvey

__all__ = [
    "LOW_SCORE",
    "AccountTeamMember",
    "ActionItem",
    "Brand",
    "Client",
    "ClientQuerySet",
    "Complaint",
    "Contact",
    "ContactReport",
    "Prospect",
    "ProspectActivity",
    "ProspectContact",
    "SatisfactionSurvey",
    "StatusReport",
]
