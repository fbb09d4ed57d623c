from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Brand, Client, Contact
from agency.core import decisions, files
from agency.core.forms import AmountField, refuse_negative_budget
from agency.core.models import ACCOUNT_TITLES

from .models import (
    MILESTONE_FIELDS,
    Campaign,
    CampaignType,
    ChecklistStep,
    Concept,
    ConceptAttachment,
    FinalAdAsset,
    Stage,
)
from .services.timeline import suggested_milestones

DATE = forms.DateInput(attrs={"type": "date"})


def account_team(client):
    return get_user_model().objects.filter(teams__client=client, is_active=True).distinct()


class CampaignForm(forms.ModelForm):
    """New campaign (with a client to choose) or edit one (client fixed)."""

    class Meta:
        model = Campaign
        fields = [
            "name",
            "brand",
            "lead_ae",
            "team",
            "budget",
            "currency",
            "campaign_type",
            "brief_due",
            "first_creative_due",
            "plan_confirmed_due",
            "start_date",
            "end_date",
            "post_analysis_due",
        ]
        field_classes = {"budget": AmountField}
        widgets = {
            **{name: DATE for name in MILESTONE_FIELDS.values()},
            "team": forms.CheckboxSelectMultiple,
        }
        labels = {"start_date": _("On air (start)"), "end_date": _("Off air (end)")}

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        # A new campaign's blank milestones are suggested (briefs.services.timeline), so every step is due.
        self.fields["campaign_type"].required = False
        if self.instance.pk is None:
            suggested = suggested_milestones(timezone.localdate())
            for milestone, field in MILESTONE_FIELDS.items():
                self.initial.setdefault(field, suggested[milestone])
                self.fields[field].help_text = _("Blank: suggested from the milestone before.")
        self.fields["brand"].queryset = Brand.objects.filter(client=client)
        self.fields["lead_ae"].queryset = account_team(client)
        self.fields["team"].queryset = account_team(client)
        self.fields["team"].help_text = _("From the client's account team.")
        refuse_negative_budget(self)

    def clean(self):
        data = super().clean()
        data["campaign_type"] = data.get("campaign_type") or self.instance.campaign_type or CampaignType.INTEGRATED
        if self.instance.pk is None:
            given = {m: data.get(field) for m, field in MILESTONE_FIELDS.items()}
            for milestone, day in suggested_milestones(timezone.localdate(), given).items():
                data[MILESTONE_FIELDS[milestone]] = day
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end is before the start."))
        return data

    def milestones(self):
        """The milestones other than start and end, for campaign_create."""
        return {
            field: self.cleaned_data.get(field)
            for field in ("brief_due", "first_creative_due", "plan_confirmed_due", "post_analysis_due")
        }


class ClientChoiceForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user).active()


class StepForm(forms.ModelForm):
    class Meta:
        model = ChecklistStep
        fields = ["name", "owner", "due_date", "required"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = account_team(campaign.client)
        self.fields["name"].required = True
        if self.instance.pk and not self.instance.name:
            self.initial["name"] = str(self.instance.label)


class StepAddForm(StepForm):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(s.value, s.label) for s in (Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION)],
    )

    class Meta(StepForm.Meta):
        fields = ["stage", "name", "owner", "due_date", "required"]

    same_for_everyone = True  # empty, it renders the same for every campaign whose client has the same team


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    same_for_everyone = True  # empty, it renders the same on every campaign page ({{ form|crispy_fixed }})


class HoldForm(ReasonForm):
    reason = forms.CharField(
        label=_("Reason for the hold"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ConceptForm(forms.ModelForm):
    class Meta:
        model = Concept
        fields = ["title", "rationale"]


class UploadForm(forms.ModelForm):
    """The file's type is read from its content (agency.core.files); the name is checked, never used on disk."""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked_name, self.checked_type = files.check_upload(upload, files.ARTWORK)
        return upload

    def attachment(self):
        """What creative.attachment_add stores: the checked upload and the row's other fields."""
        fields = dict(self.cleaned_data)
        upload = fields.pop("file")
        return {"upload": upload, "name": self.checked_name, "content_type": self.checked_type, **fields}


class ConceptAttachmentForm(UploadForm):
    class Meta:
        model = ConceptAttachment
        fields = ["kind", "file"]


class FinalAdAssetForm(UploadForm):
    class Meta:
        model = FinalAdAsset
        fields = ["file", "format", "duration_seconds", "width", "height"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Internal review"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", _("Say what has to change when rejecting a concept."))
        return data


class SendForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Client contact who decides"), queryset=Contact.objects.none())

    def __init__(self, *args, client, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Who may decide is the decision kind's rule; without a kind, contacts who may approve.
        self.fields["contact"].queryset = decisions.deciders(client, kind)


class OverrunForm(SendForm):
    reason = forms.CharField(label=_("Why it costs more"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class MoneySendForm(SendForm):
    """Sending an estimate or a media plan: over the campaign's approved budget, the service requires the
    reason. Rule: "Money committed counts" (docs/practice.md)"""

    over_budget_reason = forms.CharField(
        label=_("Reason for going over budget"),
        help_text=_("Needed only when this takes the campaign over its approved budget. The client reads it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class EstimateSendForm(MoneySendForm):
    # The estimate's revision when the page was opened: the client gets what the sender saw.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EstimateLineForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    vendor = forms.CharField(label=_("Vendor"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = AmountField(label=_("Quantity"), max_digits=10, decimal_places=2, min_value=0.01, initial=1)
    unit_cost = AmountField(label=_("Unit cost"), max_digits=14, decimal_places=2, min_value=0)


class ActualCostForm(forms.Form):
    vendor = forms.CharField(label=_("Vendor"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = AmountField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0.01)
    incurred_on = forms.DateField(label=_("Date"), widget=DATE)


class FinalAdForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class ComplianceForm(forms.Form):
    note = forms.CharField(
        label=_("Compliance review note"),
        help_text=_("The Advertising Law check: claims, comparisons, required disclosures, and the conclusion."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Write what was checked and the conclusion."))
        return note


class BulkLeadForm(forms.Form):
    """The lead AE to hand ticked campaigns to (each must be on its client's account team)."""

    lead_ae = forms.ModelChoiceField(
        label=_("New lead AE"),
        queryset=get_user_model().objects.filter(is_active=True, title__in=ACCOUNT_TITLES).order_by("first_name"),
    )
