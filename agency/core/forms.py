from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from . import numbers, outbox
from .models import Decision


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset mail goes through the outbox, with a link built from SITE_URL."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            path = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            outbox.queue_email(
                to_email=user.email,
                to_name=str(user),
                template="password_reset",
                context={"user": user, "reset_url": settings.SITE_URL + path},
                private=[settings.SITE_URL + path],
                language=user.language,
                related=user,
            )


class DecisionForm(forms.Form):
    """The contact's answer. The outcome comes from the button pressed; a change request needs a comment."""

    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.HiddenInput, required=True)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes: say what should change."),
    )
    code = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, requires_code=False, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requires_code = requires_code
        self.outcomes = outcomes  # the outcomes the document's kind allows; None: any
        if requires_code:
            self.fields["code"].required = True
            self.fields["code"].help_text = _("We emailed you a code. It is needed for decisions about money.")
        else:
            del self.fields["code"]

    def clean(self):
        data = super().clean()
        if self.outcomes is not None and data.get("outcome") and data["outcome"] not in self.outcomes:
            raise forms.ValidationError(_("This answer does not fit this document."))
        if data.get("outcome") == Decision.Outcome.CHANGES_REQUESTED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say what should change."))
        return data


class DecisionCodeRequestForm(forms.Form):
    """Only a button: email me a one-time code."""


def limit_number(field, minimum=None, maximum=None):
    """Bounds a form checks (setting `min_value` after a field is made checks nothing)."""
    if minimum is not None:
        field.validators.append(MinValueValidator(minimum))
        field.widget.attrs["min"] = str(minimum)
    if maximum is not None:
        field.validators.append(MaxValueValidator(maximum))
        field.widget.attrs["max"] = str(maximum)


def refuse_negative_budget(form, name="budget"):
    """A budget below zero is a typing error: say so in words, before the database's constraint does."""
    field = form.fields[name]
    field.validators.append(MinValueValidator(0, message=_("The budget cannot be negative.")))
    field.widget.attrs["min"] = "0"


class AmountField(forms.DecimalField):
    """Money, a rate, a percentage or a quantity as people type it, read by agency.core.numbers
    (docs/practice.md, "Amounts are typed unambiguously"). A text box, not a number box: a browser's number
    box drops "HK$1,250" or "１２５" silently, and then the person never sees what we refused."""

    def __init__(self, *args, percent=False, **kwargs):
        self.percent = percent
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = numbers.parse_number(value, percent=self.percent)
        except numbers.NumberRefused as refused:
            raise forms.ValidationError(
                _("%(field)s: %(problem)s"), code="invalid", params={"field": self.label or "", "problem": refused}
            ) from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class PercentField(AmountField):
    """A percentage (a discount): "12.5" or "12.5%"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, percent=True, **kwargs)
