from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Contact
from agency.core import files
from agency.core.forms import AmountField, PercentField, limit_number, refuse_negative_budget
from briefs.forms import MoneySendForm, SendForm

from .models import MediaBrief, PlanLine, ProofFile
from .models.plan import MAX_SPOTS

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})

__all__ = ["MoneySendForm", "SendForm"]


class MediaBriefForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MediaBrief
        fields = MediaBrief.FIELDS
        field_classes = {"budget": AmountField}
        widgets = {
            "flight_start": DATE,
            "flight_end": DATE,
            **{name: TEXT for name in ("objectives", "target_audience", "markets", "mandatory_media")},
            "recommendation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_negative_budget(self)

    def clean(self):
        data = super().clean()
        if data.get("flight_start") and data.get("flight_end") and data["flight_end"] < data["flight_start"]:
            self.add_error("flight_end", _("The flight ends before it starts."))
        return data


class PlanLineForm(forms.ModelForm):
    # The line's revision when the form was opened, so a stale save is refused, not silently lost.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanLine
        fields = PlanLine.INPUTS
        field_classes = {"unit_rate": AmountField, "discount_pct": PercentField}
        widgets = {"flight_start": DATE, "flight_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_number(self.fields["spots"], 1, MAX_SPOTS)
        limit_number(self.fields["unit_rate"], Decimal("0"))
        limit_number(self.fields["discount_pct"], Decimal("0"), Decimal("100"))
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        if data.get("flight_start") and data.get("flight_end") and data["flight_end"] < data["flight_start"]:
            self.add_error("flight_end", _("The flight ends before it starts."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    replace = forms.BooleanField(
        label=_("Replace the lines of this draft"),
        required=False,
        help_text=_("Otherwise the imported lines are added after the existing ones."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        files.check_upload(upload, files.SPREADSHEET)
        return upload


class ScheduleForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Send to"), queryset=Contact.objects.none())
    message = forms.CharField(label=_("Message"), widget=TEXT, required=False, max_length=4000)

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(client=client, is_active=True)


class VendorConfirmForm(forms.Form):
    vendor_reference = forms.CharField(label=_("Media owner's reference"), max_length=100, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message to the client"), widget=TEXT, required=False, max_length=4000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleProofField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked, errors = [], []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                checked.append((upload, *files.check_upload(upload, files.PROOF)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class MonitoringForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    scheduled = forms.IntegerField(label=_("Scheduled spots"), min_value=0)
    aired = forms.IntegerField(label=_("Aired spots"), min_value=0)
    notes = forms.CharField(label=_("Notes"), widget=TEXT, required=False, max_length=4000)
    proof_kind = forms.ChoiceField(label=_("Kind of proof"), choices=ProofFile.Kind.choices)
    proofs = MultipleProofField(
        label=_("Proof files"),
        required=False,
        help_text=_("Photos or video of the screen by day and night, airing logs, third-party reports."),
    )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        if data.get("aired") is not None and data.get("scheduled") is not None and data["aired"] > data["scheduled"]:
            self.add_error("aired", _("More spots aired than were scheduled: record the extra spots in the notes."))
        return data


class MakeGoodScheduleForm(forms.Form):
    spots = forms.IntegerField(label=_("Spots"), min_value=1, max_value=MAX_SPOTS)
    air_date = forms.DateField(label=_("From"), widget=DATE)
    air_until = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("air_date") and data.get("air_until") and data["air_until"] < data["air_date"]:
            self.add_error("air_until", _("The last air date is before the first."))
        return data


class MakeGoodAiredForm(forms.Form):
    aired_spots = forms.IntegerField(label=_("Spots aired"), min_value=1, max_value=MAX_SPOTS)
    aired_on = forms.DateField(label=_("Aired on"), widget=DATE)
    proof_kind = forms.ChoiceField(label=_("Kind of proof"), choices=ProofFile.Kind.choices)
    proofs = MultipleProofField(
        label=_("Proof files"), help_text=_("Photos or video of the screen by day and night, or the airing log.")
    )

    def clean_aired_on(self):
        aired_on = self.cleaned_data["aired_on"]
        if aired_on > timezone.localdate():
            raise ValidationError(_("A make-good cannot have aired on a day still to come."))
        return aired_on


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=4000)
    resumes_at = forms.DateTimeField(
        label=_("Expected to resume"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The client is told the reason and when airing resumes."),
    )

    def clean_resumes_at(self):
        resumes_at = self.cleaned_data["resumes_at"]
        if resumes_at <= timezone.now():
            raise ValidationError(_("The expected resumption must be in the future."))
        return resumes_at


class BookingCutoffForm(forms.Form):
    booking_cutoff = forms.DateField(
        label=_("Booking cut-off"),
        required=False,
        widget=DATE,
        help_text=_("The team is reminded while the client has not confirmed; leave empty for none."),
    )


class BookingForm(forms.Form):
    """Booking a line: notes for the media owner, and the reason when the booking takes the campaign's
    committed money beyond its approved budget (docs/practice.md, "Money committed counts")."""

    notes = forms.CharField(label=_("Notes"), widget=TEXT, required=False, max_length=4000)
    over_budget_reason = forms.CharField(
        label=_("Reason for going over budget"),
        help_text=_("The account manager is told, with this reason."),
        widget=TEXT,
        required=False,
        max_length=4000,
    )


class MonthlySendForm(SendForm):
    """Send one month of a confirmed plan for the client's written confirmation."""

    month = forms.DateField(widget=forms.HiddenInput)
