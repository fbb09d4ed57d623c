"""Client development: prospects, their file, activities, won/lost and conversion into a client."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agency.core.visibility import get_visible_or_404

from .. import queries, rules
from ..forms import (
    ProspectActivityForm,
    ProspectCloseForm,
    ProspectContactForm,
    ProspectConvertForm,
    ProspectForm,
)
from ..models import Prospect
from ..services import prospects as services
from ..services.errors import AccountsError


@login_required
def prospect_list(request):
    status = request.GET.get("status", "open")
    q = request.GET.get("q", "").strip()
    prospects = queries.prospects_for_list(request.user, status=status, q=q)
    page = Paginator(prospects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/prospect_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "statuses": Prospect.Status.choices,
            "may_create": rules.may_create_prospect(request.user),
        },
    )


@login_required
def prospect_create(request):
    if not rules.may_create_prospect(request.user):
        raise PermissionDenied(_("Only account people and management develop new clients."))
    form = ProspectForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        prospect = services.prospect_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Prospect file opened."))
        return redirect("prospects:detail", prospect.pk)
    return render(request, "accounts/prospect_form.html", {"form": form, "prospect": None})


@login_required
def prospect_edit(request, prospect_id):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_id)
    form = ProspectForm(request.POST or None, instance=prospect)
    if request.method == "POST" and form.is_valid():
        services.prospect_update(prospect=prospect, by=request.user, **form.cleaned_data)
        messages.success(request, _("Prospect saved."))
        return redirect("prospects:detail", prospect.pk)
    return render(request, "accounts/prospect_form.html", {"form": form, "prospect": prospect})


def _detail(request, prospect, **forms):
    context = {
        "prospect": prospect,
        **queries.prospect_page(prospect),
        "activity_form": ProspectActivityForm(initial={"date": timezone.localdate()}),
        "contact_form": ProspectContactForm(),
        "close_form": ProspectCloseForm(),
        "convert_form": ProspectConvertForm(initial={"name": prospect.company}),
        **forms,
        # A refusal that belongs to no field is shown at the top, whichever form it came from.
        "top_errors": [error for form in forms.values() for error in form.non_field_errors()],
    }
    return render(request, "accounts/prospect_detail.html", context, status=400 if forms else 200)


@login_required
def prospect_detail(request, prospect_id):
    prospect = get_visible_or_404(Prospect.objects.select_related("owner", "client"), request.user, pk=prospect_id)
    return _detail(request, prospect)


@login_required
@require_POST
def prospect_add_activity(request, prospect_id):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_id)
    form = ProspectActivityForm(request.POST)
    if form.is_valid():
        try:
            services.prospect_add_activity(prospect=prospect, by=request.user, **form.cleaned_data)
        except AccountsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Recorded."))
            return redirect("prospects:detail", prospect.pk)
    return _detail(request, prospect, activity_form=form)


@login_required
@require_POST
def prospect_add_contact(request, prospect_id):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_id)
    form = ProspectContactForm(request.POST)
    if form.is_valid():
        services.prospect_add_contact(prospect=prospect, by=request.user, contact=form.instance)
        messages.success(request, _("Contact added."))
        return redirect("prospects:detail", prospect.pk)
    return _detail(request, prospect, contact_form=form)


@login_required
@require_POST
def prospect_close(request, prospect_id):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_id)
    if request.POST.get("reopen"):
        try:
            services.prospect_reopen(prospect=prospect, by=request.user)
        except AccountsError as exc:
            messages.error(request, exc.message)
        return redirect("prospects:detail", prospect.pk)
    form = ProspectCloseForm(request.POST)
    if form.is_valid():
        try:
            services.prospect_close(
                prospect=prospect,
                by=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except AccountsError as exc:
            form.add_error(exc.field, exc.message)
        else:
            return redirect("prospects:detail", prospect.pk)
    return _detail(request, prospect, close_form=form)


@login_required
@require_POST
def prospect_convert(request, prospect_id):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_id)
    form = ProspectConvertForm(request.POST)
    if form.is_valid():
        try:
            client = services.prospect_convert(prospect=prospect, by=request.user, **form.cleaned_data)
        except AccountsError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("%(name)s is now a client.") % {"name": client.name})
            return redirect("accounts:client_detail", client.pk)
    return _detail(request, prospect, convert_form=form)
