"""Forms for status reports: the AE's edit of the draft, and sending it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contact


class StatusReportForm(forms.Form):
    body = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}))
    seen = forms.CharField(widget=forms.HiddenInput, required=False)  # edit_mark() when the page was opened


class StatusReportSendForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Send to"), queryset=Contact.objects.none())

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(client=client, is_active=True)
