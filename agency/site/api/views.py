"""The endpoints. Each reads through `Model.objects.visible_to(user)` (a row the caller cannot see is a 404)
and writes through the app's service, which checks the permission map and writes the audit entry.
Rules: "Who sees a client", "Who may do what" (docs/practice.md)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import rules
from accounts.models import Client, Complaint, Contact
from accounts.services import clients as client_services
from agency.core.decisions import private_kinds
from agency.core.models import DecisionRequest
from briefs.models import (
    WORKING_STAGES,
    ActualCost,
    BriefVersion,
    Campaign,
    ChecklistStep,
    Concept,
    FinalAd,
    ProductionEstimate,
)
from briefs.services import creative
from media.forms import MultipleProofField
from media.models import Booking, MonitoringReport, PlanLine, PlanVersion
from media.services import bookings

from . import serializers as s
from .conventions import ETagMixin, IfMatchMixin

IF_MATCH = OpenApiParameter(
    "If-Match", location=OpenApiParameter.HEADER, required=True, description="The ETag of the copy you changed."
)


class ReadViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """A list (cursor pages, filters, ordering) and a detail with its ETag."""

    model = None
    lookup_value_converter = "int"
    ordering = ("-id",)
    ordering_fields = ("id",)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


# ── Clients and contacts: an outside system (a CRM) may be their source ──────────────────────


@extend_schema_view(update=extend_schema(parameters=[IF_MATCH]), partial_update=extend_schema(parameters=[IF_MATCH]))
class ClientViewSet(IfMatchMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    model = Client
    serializer_class = s.ClientSerializer
    filterset_fields = {"tier": ["exact"], "stage": ["exact"], "code": ["exact"], "updated_at": ["gte", "lt"]}
    ordering_fields = ("id", "name", "updated_at")

    def perform_create(self, serializer):
        if not rules.may_create_client(self.request.user):
            raise PermissionDenied(_("Only account people and management create clients."))
        serializer.instance = client_services.client_create(by=self.request.user, **serializer.validated_data)

    def check_may_change(self, client):
        if not rules.may_edit_client(self.request.user, client):
            raise PermissionDenied(_("Your role does not allow this."))

    def save_change(self, client, data):
        version = client_services.client_version(client)
        return client_services.client_update(client=client, by=self.request.user, version=version, **data)


@extend_schema_view(update=extend_schema(parameters=[IF_MATCH]), partial_update=extend_schema(parameters=[IF_MATCH]))
class ContactViewSet(IfMatchMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    model = Contact
    serializer_class = s.ContactSerializer
    filterset_fields = {"client": ["exact"], "is_active": ["exact"], "may_approve": ["exact"], "email": ["iexact"]}
    ordering_fields = ("id", "name")

    def perform_create(self, serializer):
        self.check_may_change(Contact(client=serializer.validated_data["client"]))
        contact = Contact(**serializer.validated_data)
        serializer.instance = client_services.contact_save(contact=contact, by=self.request.user)

    def check_may_change(self, contact):
        if not rules.may_edit_client(self.request.user, contact.client):
            raise PermissionDenied(_("Your role does not allow this."))

    def save_change(self, contact, data):
        for field, value in data.items():
            setattr(contact, field, value)
        return client_services.contact_save(contact=contact, by=self.request.user)


# ── Campaigns and their documents ─────────────────────────────────────────────────────────────


class CampaignViewSet(ReadViewSet):
    model = Campaign
    filterset_fields = {
        "client": ["exact"], "brand": ["exact"], "stage": ["exact", "in"], "lead_ae": ["exact"],
        "job_number": ["exact"], "updated_at": ["gte", "lt"],
    }  # fmt: skip
    ordering_fields = ("id", "job_number", "start_date", "updated_at")

    def get_queryset(self):
        campaigns = super().get_queryset()
        if self.action == "retrieve":
            steps = ChecklistStep.objects.order_by("stage", "position", "id")
            campaigns = campaigns.prefetch_related(Prefetch("steps", queryset=steps))
        return campaigns

    def get_serializer_class(self):
        return s.CampaignDetailSerializer if self.action == "retrieve" else s.CampaignSerializer


class BriefViewSet(ReadViewSet):
    """Creative briefs, one row per version."""

    model = BriefVersion
    serializer_class = s.BriefSerializer
    filterset_fields = {"brief__campaign": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return super().get_queryset().select_related("brief__campaign")


class ConceptViewSet(ReadViewSet):
    model = Concept
    serializer_class = s.ConceptSerializer
    filterset_fields = {"campaign": ["exact"], "status": ["exact"], "round": ["exact"]}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attachments")


class EstimateViewSet(ReadViewSet):
    model = ProductionEstimate
    serializer_class = s.EstimateSerializer
    filterset_fields = {"campaign": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("lines", "actual_costs")


class FinalAdViewSet(ReadViewSet):
    model = FinalAd
    serializer_class = s.FinalAdSerializer
    filterset_fields = {"campaign": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("assets")


# ── Media ─────────────────────────────────────────────────────────────────────────────────────


class MediaPlanViewSet(ReadViewSet):
    model = PlanVersion
    serializer_class = s.MediaPlanSerializer
    filterset_fields = {"campaign": ["exact"], "status": ["exact"]}


class PlanLineViewSet(ReadViewSet):
    model = PlanLine
    serializer_class = s.PlanLineSerializer
    filterset_fields = {"version": ["exact"], "channel": ["exact"], "vendor": ["exact"]}
    ordering_fields = ("id", "position", "flight_start")

    def get_queryset(self):
        return super().get_queryset().select_related("version")


class BookingViewSet(ReadViewSet):
    model = Booking
    serializer_class = s.BookingSerializer
    filterset_fields = {"client": ["exact"], "line__version": ["exact"], "status": ["exact"], "reference": ["exact"]}

    def get_queryset(self):
        return super().get_queryset().select_related("line")


class CostViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Actual costs (invoices) against approved production estimates: a finance system records them here."""

    model = ActualCost
    serializer_class = s.CostSerializer
    filterset_fields = {"estimate": ["exact"], "estimate__campaign": ["exact"], "incurred_on": ["gte", "lt"]}
    ordering_fields = ("id", "incurred_on")

    def get_queryset(self):
        estimates = ProductionEstimate.objects.visible_to(self.request.user)
        return ActualCost.objects.filter(estimate__in=estimates.values("pk")).select_related("estimate")

    def perform_create(self, serializer):
        with transaction.atomic():  # a refused cost (403, 409) leaves nothing behind
            serializer.instance = creative.actual_cost_record(**serializer.validated_data, by=self.request.user)


class AiringReportViewSet(mixins.CreateModelMixin, ReadViewSet):
    """What aired against what was booked, per period (monitoring reports): a monitoring service records them
    here; missed spots become a make-good, as on the booking's page."""

    model = MonitoringReport
    serializer_class = s.AiringReportSerializer
    filterset_fields = {"booking": ["exact"], "client": ["exact"], "period_start": ["gte", "lt"]}
    ordering_fields = ("id", "period_start")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("proofs")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = bookings.monitoring_record(
            booking=data["booking"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            scheduled=data["scheduled"],
            aired=data["aired"],
            notes=data.get("notes", ""),
            proofs=checked_proofs(data),
            by=self.request.user,
        )


def checked_proofs(data):
    """The proof files, checked as the booking page checks them (type, size, name): [(kind, upload, name, type)]."""
    try:
        checked = MultipleProofField().clean(data.get("proof_files") or [])
    except DjangoValidationError as error:
        raise ValidationError({"proof_files": error.messages}) from None
    return [(data["proof_kind"], upload, name, content_type) for upload, name, content_type in checked]


# ── Decisions, complaints and the dashboard's headline figures ───────────────────────────────


class DecisionViewSet(ReadViewSet):
    """Client decision requests with their state and, once decided, the receipt facts."""

    model = DecisionRequest
    serializer_class = s.DecisionSerializer
    filterset_fields = {"client": ["exact"], "decision_kind": ["exact"], "status": ["exact"]}
    ordering_fields = ("id", "created_at")

    def get_queryset(self):
        # A client's 360° feedback on a team member stays out of what the team reads (a private kind).
        requests = super().get_queryset().exclude(decision_kind__in=private_kinds())
        return requests.select_related("decision")


class ComplaintViewSet(ReadViewSet):
    model = Complaint
    serializer_class = s.ComplaintSerializer
    filterset_fields = {
        "client": ["exact"], "campaign": ["exact"], "status": ["exact"], "priority": ["exact"],
        "received_at": ["gte", "lt"],
    }  # fmt: skip
    ordering_fields = ("id", "received_at", "respond_by")


class DashboardView(APIView):
    """A few headline figures over the clients the caller may see."""

    @extend_schema(responses=s.DashboardSerializer)
    def get(self, request):
        user, now = request.user, timezone.now()
        stages = Campaign.objects.visible_to(user).values("stage").annotate(campaigns=Count("id")).order_by("stage")
        complaints = Complaint.objects.visible_to(user).open()
        steps = ChecklistStep.objects.visible_to(user).filter(
            campaign__stage__in=WORKING_STAGES,
            done_at__isnull=True,
            waived_at__isnull=True,
            due_date__lt=timezone.localdate(now),
        )
        figures = {
            "campaigns_by_stage": list(stages),
            "decisions_waiting": DecisionRequest.objects.visible_to(user)
            .open()
            .filter(expires_at__gt=now)
            .exclude(decision_kind__in=private_kinds())
            .count(),
            "complaints_open": complaints.count(),
            "complaints_past_answer_clock": complaints.filter(
                Q(first_response_at__isnull=True) & Q(respond_by__lt=now)
            ).count(),
            "checklist_steps_overdue": steps.count(),
        }
        return Response(s.DashboardSerializer(figures).data)
