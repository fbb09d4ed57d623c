"""Forms for client development: prospects, their people and activities, won or lost, converted."""

from django import forms
from django.core.validators import MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from agency.core.forms import AmountField

from ..models import Client, Prospect, ProspectActivity, ProspectContact
from ..queries import staff_for_choices
from .fields import DateInput, StaffChoiceField, currency_validator


class ProspectForm(forms.ModelForm):
    owner = StaffChoiceField(label=_("Owner"), queryset=None)

    class Meta:
        model = Prospect
        fields = ["company", "industry", "source", "owner", "estimated_value", "currency", "notes"]
        field_classes = {"estimated_value": AmountField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_for_choices()
        self.fields["estimated_value"].validators.append(MinValueValidator(0))

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        currency_validator(currency)
        return currency


class ProspectActivityForm(forms.ModelForm):
    class Meta:
        model = ProspectActivity
        fields = ["kind", "date", "record"]
        widgets = {"date": DateInput(), "record": forms.Textarea(attrs={"rows": 3})}


class ProspectContactForm(forms.ModelForm):
    class Meta:
        model = ProspectContact
        fields = ["name", "title", "email", "phone", "language"]


class ProspectCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=[(Prospect.Status.WON, _("Won")), (Prospect.Status.LOST, _("Lost"))]
    )
    reason = forms.CharField(
        label=_("Why it was lost"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when lost."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Prospect.Status.LOST and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the prospect was lost."))
        return data


class ProspectConvertForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=200)
    code = forms.CharField(
        label=_("Client code"),
        max_length=10,
        help_text=_("Short code used in job numbers, e.g. TSG."),
        validators=[RegexValidator(r"^[A-Z0-9]{2,10}$", _("Use 2 to 10 capital letters or digits."))],
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Client.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A client with this name already exists."))
        return name

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if Client.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Another client already uses this code."))
        return code
