"""What each endpoint shows: stored values with stable ids, ISO 8601 times with their offset, money as a
decimal string beside its currency code. Documents show their metadata, never a file's bytes; decisions
their state and receipt facts, never a token or a hash."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Client, Complaint, Contact
from agency.core.models import DecisionRequest
from briefs.models import ActualCost, BriefVersion, Campaign, ChecklistStep, Concept, FinalAd, ProductionEstimate
from media.models import Booking, MonitoringReport, PlanLine, PlanVersion, ProofFile

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = [
            "id", "name", "code", "legal_name", "industry", "currency", "tier", "stage", "notes", "time_zone",
            "require_code_for_money_decisions", "archived_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["archived_at", "created_at", "updated_at"]


class VisibleClientField(serializers.PrimaryKeyRelatedField):
    """A client id the caller can see; any other reads as one that does not exist."""

    def get_queryset(self):
        return Client.objects.visible_to(self.context["request"].user)


class ContactSerializer(serializers.ModelSerializer):
    client = VisibleClientField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "client",
            "name",
            "title",
            "email",
            "phone",
            "language",
            "time_zone",
            "may_approve",
            "is_active",
        ]

    def validate_client(self, client):
        if self.instance is not None and client.pk != self.instance.client_id:
            raise serializers.ValidationError(_("A contact stays with its client."))
        return client


class StepSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = ChecklistStep
        fields = [
            "id", "stage", "position", "name", "required", "owner", "due_date", "milestone", "offset_days",
            "done_at", "done_action", "waived_at", "waive_reason",
        ]  # fmt: skip


class CampaignSerializer(serializers.ModelSerializer):
    budget = serializers.DecimalField(**MONEY)

    class Meta:
        model = Campaign
        fields = [
            "id", "job_number", "name", "client", "brand", "lead_ae", "campaign_type", "stage", "stage_changed_at",
            "resume_stage", "budget", "currency", "start_date", "end_date", "created_at", "updated_at",
        ]  # fmt: skip


class MilestoneSerializer(serializers.Serializer):
    milestone = serializers.CharField()
    date = serializers.DateField(allow_null=True)


class CampaignDetailSerializer(CampaignSerializer):
    """One campaign with its timeline (milestone dates) and its checklist."""

    milestones = serializers.SerializerMethodField()
    checklist = StepSerializer(source="steps", many=True, read_only=True)

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "milestones", "checklist"]

    @extend_schema_field(MilestoneSerializer(many=True))
    def get_milestones(self, campaign):
        return [{"milestone": milestone.value, "date": day} for milestone, day in campaign.milestones()]


class BriefSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="brief.campaign_id", read_only=True)
    budget = serializers.DecimalField(**MONEY, allow_null=True)
    currency = serializers.CharField(source="brief.campaign.currency", read_only=True)

    class Meta:
        model = BriefVersion
        fields = [
            "id", "campaign", "number", "status", "background", "business_objective", "communication_objective",
            "target_audience", "consumer_insight", "proposition", "reasons_to_believe", "brand_personality",
            "mandatories", "deliverables", "timing", "budget", "currency", "created_at", "updated_at",
        ]  # fmt: skip


class FileSerializer(serializers.Serializer):
    """A stored file's metadata; its bytes stay behind the pages that check who may read them."""

    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


DOCUMENT_FIELDS = ["id", "campaign", "status", "created_at", "sent_at", "decided_at"]


class ConceptSerializer(serializers.ModelSerializer):
    files = FileSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = Concept
        fields = [*DOCUMENT_FIELDS, "round", "title", "rationale", "review", "reviewed_at", "files"]


class EstimateLineSerializer(serializers.Serializer):
    vendor = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class EstimateSerializer(serializers.ModelSerializer):
    total = serializers.DecimalField(**MONEY)
    actual_total = serializers.DecimalField(**MONEY)
    lines = EstimateLineSerializer(many=True, read_only=True)

    class Meta:
        model = ProductionEstimate
        fields = [*DOCUMENT_FIELDS, "version", "currency", "total", "actual_total", "notes", "lines"]


class FinalAdSerializer(serializers.ModelSerializer):
    files = FileSerializer(source="assets", many=True, read_only=True)

    class Meta:
        model = FinalAd
        fields = [*DOCUMENT_FIELDS, "version", "title", "compliance_reviewed_at", "files"]


class MediaPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = [*DOCUMENT_FIELDS, "number", "currency", "notes", "booking_cutoff"]


class PlanLineSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="version_id", read_only=True)
    unit_rate = serializers.DecimalField(**MONEY)
    gross = serializers.DecimalField(**MONEY)
    net = serializers.DecimalField(**MONEY)
    currency = serializers.CharField(source="version.currency", read_only=True)

    class Meta:
        model = PlanLine
        fields = [
            "id", "plan", "position", "vendor", "channel", "vehicle", "market", "placement", "format",
            "flight_start", "flight_end", "spots", "unit_rate", "gross", "discount_pct", "net", "currency",
            "category", "notes",
        ]  # fmt: skip


class BookingSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="line.version_id", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id", "line", "plan", "client", "reference", "vendor_reference", "status", "spots", "requested_at",
            "confirmed_at", "cancelled_at", "resumes_at", "status_reason",
        ]  # fmt: skip


class CostSerializer(serializers.ModelSerializer):
    """An actual cost (an invoice) against the production estimate the client approved."""

    estimate = serializers.PrimaryKeyRelatedField(queryset=ProductionEstimate.objects.none())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    currency = serializers.CharField(source="estimate.currency", read_only=True)

    class Meta:
        model = ActualCost
        fields = ["id", "estimate", "vendor", "description", "amount", "currency", "incurred_on", "recorded_by",
                  "recorded_at"]  # fmt: skip
        read_only_fields = ["recorded_by", "recorded_at"]

    def get_fields(self):
        fields = super().get_fields()
        fields["estimate"].queryset = ProductionEstimate.objects.visible_to(self.context["request"].user)
        return fields


class ProofSerializer(FileSerializer):
    kind = serializers.CharField()


class AiringReportSerializer(serializers.ModelSerializer):
    """Scheduled against aired spots of one booking over a period (a monitoring report)."""

    booking = serializers.PrimaryKeyRelatedField(queryset=Booking.objects.none())
    missed = serializers.IntegerField(read_only=True)
    proofs = ProofSerializer(many=True, read_only=True)
    # Sent as multipart/form-data: the airing logs, photos or third-party reports, all of one kind.
    proof_files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)
    proof_kind = serializers.ChoiceField(choices=ProofFile.Kind.choices, write_only=True, required=False)

    class Meta:
        model = MonitoringReport
        fields = ["id", "booking", "period_start", "period_end", "scheduled", "aired", "missed", "notes",
                  "recorded_by", "recorded_at", "proofs", "proof_files", "proof_kind"]  # fmt: skip
        read_only_fields = ["recorded_by", "recorded_at"]

    def validate(self, data):
        if data.get("proof_files") and not data.get("proof_kind"):
            raise serializers.ValidationError({"proof_kind": [_("Say what kind of proof the files are.")]})
        return data

    def get_fields(self):
        fields = super().get_fields()
        fields["booking"].queryset = Booking.objects.visible_to(self.context["request"].user)
        return fields


class DecisionRecordSerializer(serializers.Serializer):
    """The receipt facts of a decision: what, who, when; not the content hash, the IP or the link."""

    outcome = serializers.CharField()
    decided_at = serializers.DateTimeField()
    contact = serializers.IntegerField(source="contact_id", allow_null=True)
    contact_name = serializers.CharField()
    comment = serializers.CharField()
    recorded_outside_by = serializers.IntegerField(source="recorded_by_id", allow_null=True)


class DecisionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="decision_kind")
    decision = DecisionRecordSerializer(read_only=True, allow_null=True, default=None)

    class Meta:
        model = DecisionRequest
        fields = [
            "id", "kind", "client", "document_id", "document_title", "version_label", "is_money_decision",
            "contact", "requested_by", "status", "created_at", "sent_at", "expires_at", "first_opened_at",
            "reminder_count", "closed_at", "decision",
        ]  # fmt: skip


class ComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = Complaint
        fields = [
            "id", "client", "campaign", "booking", "contact", "channel", "received_at", "owner", "description",
            "category", "priority", "status", "department", "respond_by", "first_response_at", "plan_due",
            "plan_recorded_at", "founded", "accepted_at", "closed_at", "created_at",
        ]  # fmt: skip


class StageCountSerializer(serializers.Serializer):
    stage = serializers.CharField()
    campaigns = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    campaigns_by_stage = StageCountSerializer(many=True)
    decisions_waiting = serializers.IntegerField()
    complaints_open = serializers.IntegerField()
    complaints_past_answer_clock = serializers.IntegerField()
    checklist_steps_overdue = serializers.IntegerField()
