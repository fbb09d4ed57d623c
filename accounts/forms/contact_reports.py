"""Forms for contact reports and the action items agreed in a meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..queries import staff_for_choices
from ..services.contact_reports import check_new_due_date
from ..services.errors import DueDateInPast
from .fields import DateInput, StaffChoiceField, StaffMultipleChoiceField


class ContactReportForm(forms.Form):
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    staff_attendees = StaffMultipleChoiceField(
        label=_("Agency attendees"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    client_attendees = forms.ModelMultipleChoiceField(
        label=_("Client attendees"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_attendees = forms.CharField(
        label=_("Other attendees"), required=False, max_length=500, help_text=_("Anyone else, by name.")
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    email_to = forms.ModelMultipleChoiceField(
        label=_("Email the report to"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each contact receives it in their own language."),
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = client.contacts.filter(is_active=True).order_by("name")
        self.fields["staff_attendees"].queryset = staff_for_choices()
        self.fields["client_attendees"].queryset = contacts
        self.fields["email_to"].queryset = contacts


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = StaffChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_for_choices()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        try:
            check_new_due_date(due_date)
        except DueDateInPast as exc:
            raise forms.ValidationError(exc.message) from None
        return due_date


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=30, validate_max=True)
