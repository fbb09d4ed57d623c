# One module per concern; everything is re-exported so `from agency.core.models import X` keeps working.
from .api_tokens import ApiToken
from .audit import AppendOnlyModel, AuditEvent, AuditEventQuerySet
from .decisions import Decision, DecisionCode, DecisionEvidence, DecisionLink, DecisionRequest
from .exports import ExportJob
from .imports import ImportJob
from .outbox import OutboxMessage
from .reminders import CalendarFeed, Notification, ReminderLedger, ReminderPreference
from .staff import ACCOUNT_TITLES, TIME_ZONE_CHOICES, Department, StaffManager, StaffQuerySet, Title, User
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ACCOUNT_TITLES",
    "TIME_ZONE_CHOICES",
    "ApiToken",
    "AppendOnlyModel",
    "AuditEvent",
    "AuditEventQuerySet",
    "CalendarFeed",
    "Decision",
    "DecisionCode",
    "DecisionEvidence",
    "DecisionLink",
    "DecisionRequest",
    "Department",
    "ExportJob",
    "ImportJob",
    "Notification",
    "OutboxMessage",
    "ReminderLedger",
    "ReminderPreference",
    "StaffManager",
    "StaffQuerySet",
    "Title",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
