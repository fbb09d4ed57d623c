"""Forms for complaints: record, route, answer, investigate, propose a remedy, close."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.models import Department

from ..complaint_subjects import complaint_subjects
from ..models import Client, Complaint, Contact
from ..queries import staff_for_choices
from .fields import DateTimeInput, StaffChoiceField


class ComplaintForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    contact = forms.ModelChoiceField(
        label=_("Raised by"), queryset=Contact.objects.none(), required=False,
        help_text=_("The client's contact who raised it; they accept the remedy by link."),
    )  # fmt: skip
    channel = forms.ChoiceField(label=_("Received by"), choices=Complaint.Channel.choices)
    received_at = forms.DateTimeField(label=_("Received"), widget=DateTimeInput())
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    priority = forms.ChoiceField(
        label=_("Class"), choices=Complaint.ProblemClass.choices, initial=Complaint.ProblemClass.BASIC,
        help_text=_("Urgent: first answer within 24 hours. Complex: a handling plan within 48 hours."),
    )  # fmt: skip
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))
    owner = StaffChoiceField(label=_("Owner"), queryset=staff_for_choices(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        clients = Client.objects.visible_to(user).active()
        self.fields["client"].queryset = clients
        self.fields["contact"].queryset = Contact.objects.filter(client__in=clients, is_active=True).select_related(
            "client"
        )
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} · {c.client}"
        # The client's campaigns and bookings, from the apps that register them (accounts/complaint_subjects.py).
        for subject in complaint_subjects():
            field = forms.ModelChoiceField(label=subject.label, queryset=subject.choices(clients), required=False)
            field.label_from_instance = subject.describe
            self.fields[subject.field] = field
        self.order_fields(["client", "contact", *(s.field for s in complaint_subjects())])
        self.fields["owner"].queryset = staff_for_choices()
        self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        self.initial.setdefault("owner", user.pk)


class RouteForm(forms.Form):
    department = forms.ChoiceField(label=_("Responsible department"), choices=Department.choices)
    note = forms.CharField(label=_("Note for the department"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_department(self):
        value = self.cleaned_data["department"]
        if value not in settings.AGENCY_DEPARTMENT_EMAILS:
            raise forms.ValidationError(_("There is no email address for this department."))
        return value


class RespondForm(forms.Form):
    text = forms.CharField(label=_("What the client was told"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    text = forms.CharField(
        label=_("Handling plan"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done, by whom, by when."),
    )  # fmt: skip


class InvestigateForm(forms.Form):
    founded = forms.TypedChoiceField(
        label=_("Is the complaint founded?"),
        choices=[("1", _("Founded")), ("0", _("Not founded"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsible_party = forms.CharField(label=_("Responsible party"), max_length=200, required=False)


class RemedyForm(forms.Form):
    remedy = forms.CharField(
        label=_("Remedy"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Emailed to the contact, who accepts it or says what should change."),
    )  # fmt: skip


class CloseForm(forms.Form):
    lesson_learned = forms.CharField(label=_("Lesson learned"), widget=forms.Textarea(attrs={"rows": 3}))
    close_reason = forms.CharField(
        label=_("Reason for closing without the client's acceptance"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
