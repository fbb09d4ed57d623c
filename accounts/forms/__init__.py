"""Forms for client accounts and client service, a module per domain as in accounts.models."""

from .clients import (
    BrandForm,
    ClientBulkForm,
    ClientFilterForm,
    ClientForm,
    ClientImportForm,
    ContactForm,
    TeamMemberForm,
)
from .complaints import CloseForm, ComplaintForm, InvestigateForm, PlanForm, RemedyForm, RespondForm, RouteForm
from .contact_reports import ActionItemForm, ActionItemFormSet, ContactReportForm
from .fields import DateInput, DateTimeInput, StaffChoiceField, StaffMultipleChoiceField, currency_validator
from .prospects import ProspectActivityForm, ProspectCloseForm, ProspectContactForm, ProspectConvertForm, ProspectForm
from .status_reports import StatusReportForm, StatusReportSendForm
from .surveys import FollowUpForm, SurveyAnswerForm, SurveySendForm

__all__ = [
    "ActionItemForm",
    "ActionItemFormSet",
    "BrandForm",
    "ClientBulkForm",
    "ClientFilterForm",
    "ClientForm",
    "ClientImportForm",
    "CloseForm",
    "ComplaintForm",
    "ContactForm",
    "ContactReportForm",
    "DateInput",
    "DateTimeInput",
    "FollowUpForm",
    "InvestigateForm",
    "PlanForm",
    "ProspectActivityForm",
    "ProspectCloseForm",
    "ProspectContactForm",
    "ProspectConvertForm",
    "ProspectForm",
    "RemedyForm",
    "RespondForm",
    "RouteForm",
    "StaffChoiceField",
    "StaffMultipleChoiceField",
    "StatusReportForm",
    "StatusReportSendForm",
    "SurveyAnswerForm",
    "SurveySendForm",
    "TeamMemberForm",
    "currency_validator",
]
