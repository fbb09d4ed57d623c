from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference


class ReminderPreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Reminder emails"),
        choices=ReminderPreference.Mode.choices,
        widget=forms.RadioSelect,
        help_text=_("In-app notifications are always kept. The digest arrives at 9:00 in your time zone."),
    )


class ClientFeedForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None, required=False, empty_label=_("My due dates"))

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
