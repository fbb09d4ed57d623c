"""Forms for clients, brands, contacts and the account team. Rules live in services; forms parse input
and say clearly what is wrong."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agency.core import files
from agency.core.models import ACCOUNT_TITLES

from ..models import AccountTeamMember, Brand, Client, Contact
from ..queries import staff_for_choices
from .fields import StaffChoiceField, currency_validator


class ClientForm(forms.ModelForm):
    # Carries the version the form was opened on, so a stale save is refused, not silently lost.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "name",
            "code",
            "legal_name",
            "industry",
            "currency",
            "tier",
            "stage",
            "yearly_target",
            "notes",
            "time_zone",
            "require_code_for_money_decisions",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"unique": _("A client with this name already exists.")},
            "code": {"unique": _("Another client already uses this code.")},
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # Names are unique regardless of case: "Tianshan dairy" is the same client.
        if Client.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A client with this name already exists."))
        return name

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        currency_validator(currency)
        return currency


class ClientFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("Any tier")), *Client.Tier.choices])
    stage = forms.ChoiceField(
        label=_("Lifecycle stage"), required=False, choices=[("", _("Any stage")), *Client.Stage.choices]
    )
    member = forms.ModelChoiceField(label=_("Team member"), required=False, queryset=None, empty_label=_("Anyone"))
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    archived = forms.ChoiceField(
        label=_("Archived"),
        required=False,
        choices=[("", _("Active clients")), ("only", _("Archived only")), ("all", _("Active and archived"))],
    )

    def __init__(self, *args, industries=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A filter: its choices show each person's name, and choosing one filters by id.
        self.fields["member"].queryset = staff_for_choices().only("pk", "first_name", "last_name", "username")
        self.fields["industry"].choices = [("", _("Any industry")), *((i, i) for i in industries)]

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["name", "positioning", "personality", "competitors"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("positioning", "personality", "competitors")}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "language", "time_zone", "may_approve", "is_active"]
        help_texts = {"language": _("Emails to this contact are written in this language.")}


class TeamMemberForm(forms.ModelForm):
    user = StaffChoiceField(label=_("Staff member"), queryset=None)

    class Meta:
        model = AccountTeamMember
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_for_choices()


class ClientBulkForm(forms.Form):
    """What to do to the ticked clients on the list: another tier, or another lead AE."""

    tier = forms.ChoiceField(label=_("New tier"), choices=Client.Tier.choices, required=False)
    lead_ae = StaffChoiceField(label=_("New lead AE"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_ae"].queryset = staff_for_choices().filter(title__in=ACCOUNT_TITLES)


class ClientImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self):
        """An .xlsx is checked by its content; a CSV is text, so by its name, its size and that it is not markup."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            files.check_upload(upload, files.SPREADSHEET)
            return upload
        name = files.check_file_name(upload.name)
        limit = settings.UPLOAD_LIMITS["spreadsheet"]
        if upload.size > limit:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s; files can be at most %(limit)s.")
                % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        head = upload.read(files.HEAD_BYTES)
        upload.seek(0)
        if files.looks_like_markup(head) or b"\x00" in head:
            raise forms.ValidationError(_("“%(name)s” is not a CSV text file.") % {"name": name})
        return upload
