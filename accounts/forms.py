"""Forms for client accounts. Rules live in services; forms parse input and say clearly what is wrong."""

from django import forms
from django.core.validators import MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import AccountTeamMember, Brand, Client, Contact, Prospect, ProspectActivity, ProspectContact
from .queries import staff_for_choices
from .services.contact_reports import check_new_due_date
from .services.errors import DueDateInPast

currency_validator = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO currency code, e.g. CNY, HKD, USD."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.get_title_display()}"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.get_title_display()}"


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
            "notes",
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
        self.fields["member"].queryset = staff_for_choices()
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
        fields = ["name", "title", "email", "phone", "language", "may_approve", "is_active"]
        help_texts = {"language": _("Emails to this contact are written in this language.")}


class TeamMemberForm(forms.ModelForm):
    user = StaffChoiceField(label=_("Staff member"), queryset=None)

    class Meta:
        model = AccountTeamMember
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_for_choices()


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


class ProspectForm(forms.ModelForm):
    owner = StaffChoiceField(label=_("Owner"), queryset=None)

    class Meta:
        model = Prospect
        fields = ["company", "industry", "source", "owner", "estimated_value", "currency", "notes"]
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
