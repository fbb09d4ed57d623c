"""Pages of the creative brief: read, edit (with conflict detection), compare versions, send to the client."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Contact
from agency.core import decisions
from agency.core.forms import AmountField, refuse_negative_budget
from agency.core.visibility import get_visible_or_404
from briefs import forms as document_forms
from briefs.document_views import send_to_client
from briefs.models import BriefVersion, Campaign, KPIDirection
from briefs.services import brief as services

# --- forms ---------------------------------------------------------------------------------------


class BriefForm(forms.ModelForm):
    base_number = forms.IntegerField(widget=forms.HiddenInput)
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = BriefVersion
        fields = [*BriefVersion.TEXT_FIELDS, "budget"]
        field_classes = {"budget": AmountField}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in BriefVersion.TEXT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_negative_budget(self)


class KPIForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("KPI"), max_length=200)
    target = AmountField(label=gettext_lazy("Target"), max_digits=16, decimal_places=4)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=40, required=False)
    measured_by = forms.CharField(label=gettext_lazy("How measured"), max_length=300, required=False)
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"), choices=KPIDirection.choices, initial=KPIDirection.HIGHER, required=False
    )

    def has_changed(self):
        # A blank extra row only carries the preset direction: it stays blank, not an incomplete KPI.
        return any(name != "direction" for name in self.changed_data)


KPIFormSet = forms.formset_factory(KPIForm, extra=2, can_delete=True)


class SendForm(document_forms.SendForm):
    contact = forms.ModelChoiceField(label=gettext_lazy("Client contact"), queryset=Contact.objects.none())

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, client=client, kind="brief", **kwargs)


class CompareForm(forms.Form):
    a = forms.IntegerField(label=gettext_lazy("Compare version"), min_value=1)
    b = forms.IntegerField(label=gettext_lazy("with version"), min_value=1)


# --- views ---------------------------------------------------------------------------------------


def _campaign(request, campaign_id):
    return get_visible_or_404(Campaign.objects.select_related("client", "brand"), request.user, pk=campaign_id)


def _brief_or_404(campaign):
    brief = getattr(campaign, "creative_brief", None)
    if brief is None:
        raise Http404("No brief yet.")
    return brief


def _version_or_404(campaign, number):
    version = _brief_or_404(campaign).versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version.")
    return version


@login_required
def brief_detail(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    page = services.brief_page(campaign)
    send_form = SendForm(client=campaign.client) if page["latest"] and page["can_send"] else None
    return render(
        request,
        "briefs/brief_detail.html",
        {"campaign": campaign, "send_form": send_form, "compare_form": CompareForm(), **page},
    )


@login_required
def brief_version(request, campaign_id, number):
    campaign = _campaign(request, campaign_id)
    version = _version_or_404(campaign, number)
    return render(
        request,
        "briefs/brief_version.html",
        {"campaign": campaign, "version": version, "approval": decisions.approval_for(version)},
    )


def _kpi_rows(formset):
    return [
        {key: f.cleaned_data[key] for key in ("name", "target", "unit", "measured_by", "direction")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@login_required
def brief_edit(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    brief = getattr(campaign, "creative_brief", None)
    latest = services.latest_version(brief) if brief else None
    conflict = None
    if request.method == "POST":
        form = BriefForm(request.POST)
        formset = KPIFormSet(request.POST, prefix="kpis")
        if form.is_valid() and formset.is_valid():
            if brief is None:
                brief = services.brief_start(campaign=campaign, by=request.user)
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                version = services.brief_save(
                    brief=brief,
                    data=data,
                    kpis=_kpi_rows(formset),
                    base_number=form.cleaned_data["base_number"],
                    base_revision=form.cleaned_data["base_revision"],
                    by=request.user,
                )
            except services.BriefEditConflict as exc:
                conflict = exc.current
                form.add_error(None, ValidationError(str(exc), code="conflict"))
                # They have now seen the other text: saving again keeps theirs, knowingly.
                form.data = form.data.copy()
                form.data["base_number"], form.data["base_revision"] = conflict.number, conflict.revision
            else:
                messages.success(request, _("Brief version %(number)s saved.") % {"number": version.number})
                return redirect("brief_detail", campaign_id=campaign.pk)
    else:
        source = latest or BriefVersion()
        initial = {name: getattr(source, name) for name in BriefForm.Meta.fields}
        initial.update(base_number=latest.number if latest else 1, base_revision=latest.revision if latest else 1)
        form = BriefForm(initial=initial)
        kpis = latest.kpis.all() if latest else []
        formset = KPIFormSet(
            prefix="kpis",
            initial=[
                {key: getattr(k, key) for key in ("name", "target", "unit", "measured_by", "direction")} for k in kpis
            ],
        )
    return render(
        request,
        "briefs/brief_edit.html",
        {"campaign": campaign, "form": form, "formset": formset, "latest": latest, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def brief_compare(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    brief = _brief_or_404(campaign)
    form = CompareForm(request.GET)
    if not form.is_valid():
        messages.info(request, _("Choose two versions to compare."))
        return redirect("brief_detail", campaign_id=campaign.pk)
    versions = {v.number: v for v in brief.versions.filter(number__in=[form.cleaned_data["a"], form.cleaned_data["b"]])}
    old, new = versions.get(form.cleaned_data["a"]), versions.get(form.cleaned_data["b"])
    if old is None or new is None:
        raise Http404("No such version.")
    return render(
        request,
        "briefs/brief_compare.html",
        {"campaign": campaign, "old": old, "new": new, "changes": services.compare_versions(old, new)},
    )


@login_required
@require_POST
def brief_send(request, campaign_id, number):
    campaign = _campaign(request, campaign_id)
    version = _version_or_404(campaign, number)
    return send_to_client(
        request,
        version,
        form=SendForm(request.POST, client=campaign.client),
        send=lambda data: services.brief_send_for_approval(
            version=version, contact=data["contact"], by=request.user, request=request
        ),
        sent=lambda data: (
            _("Version %(number)s was emailed to %(contact)s for approval.")
            % {"number": version.number, "contact": data["contact"]}
        ),
        then=("brief_detail", campaign.pk),
        choose=_("Choose the client contact who should approve the brief."),
        error=(services.BriefError, decisions.DecisionError),
    )
