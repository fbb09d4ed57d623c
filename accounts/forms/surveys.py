"""Forms for satisfaction surveys: the contact's answer by link, sending one, following a low score up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contact


class SurveyAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with our service?"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 = very satisfied, 1 = very dissatisfied"),
    )
    comments = forms.CharField(
        label=_("What should we keep doing, or do better?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class SurveySendForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none())

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(client=client, is_active=True)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))
