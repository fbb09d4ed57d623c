"""Client list, client page, create/edit, archive/delete, brands, contacts, team, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agency.core import export_jobs, permissions
from agency.core.bulk import BulkRow, back_to_list, confirm_or_run
from agency.core.confirm import confirm_remove
from agency.core.exports import rows_sheet, sheet_response
from agency.core.tables import list_page, selected_ids
from agency.core.visibility import get_visible_or_404

from .. import queries, rules
from ..client_health import health, with_health, with_health_figures
from ..client_pages import client_counts
from ..forms import BrandForm, ClientBulkForm, ClientFilterForm, ClientForm, ContactForm, TeamMemberForm
from ..models import AccountTeamMember, Brand, Client, Contact
from ..services import clients as services
from ..services.errors import AccountsError
from ..tables import ClientTable

HEALTH_SORTS = ("health", "-health")  # worst first, best first


def _editable_client(request, client_id):
    """A client this person may change: 404 outside the team, 403 inside it without the right."""
    client = get_visible_or_404(Client, request.user, pk=client_id)
    if not rules.may_edit_client(request.user, client):
        raise PermissionDenied(_("You can see this client but not change it."))
    return client


def _filter_form(request):
    return ClientFilterForm(request.GET or None, industries=list(queries.industries_visible_to(request.user)))


@login_required
def client_list(request):
    form = _filter_form(request)
    clients = queries.clients_for_list(request.user, **form.filters())
    sort = request.GET.get("sort", "")
    if sort in HEALTH_SORTS:
        # The score is computed, not stored: sorting by it reads every matching client's figures (one query).
        clients = with_health(with_health_figures(clients))
        clients.sort(key=lambda c: (c.health.score, c.name.casefold()), reverse=sort == "-health")
    counts = client_counts()  # e.g. live campaigns, from briefs (accounts/client_pages.py)
    context = list_page(request, ClientTable(clients, counts=counts, health_sort=sort))
    # Otherwise the churn signal's figures of this page's clients only, in one query: annotated on the
    # list's own query, the database worked them out for every matching client (and again to count them).
    unscored = [client for client in context["page"] if not hasattr(client, "health")]
    if unscored:
        figures = with_health_figures(Client.objects.filter(pk__in=[c.pk for c in unscored]).only("pk", "created_at"))
        scores = {client.pk: health(client) for client in figures}
        for client in unscored:
            client.health = scores[client.pk]
    return render(
        request,
        "accounts/client_list.html",
        {
            **context,
            "form": form,
            "may_create": rules.may_create_client(request.user),
            "may_import": permissions.may(request.user, "client.import"),
            "bulk_form": ClientBulkForm(),
        },
    )


def client_sheet(clients):
    """Clients as a manager takes them to a meeting (the filtered list, or the ticked rows)."""
    counts = client_counts()
    header = [
        _("Code"),
        _("Name"),
        _("Legal name"),
        _("Industry"),
        _("Tier"),
        _("Lifecycle stage"),
        _("Currency"),
        _("Lead AE"),
        _("Account team"),
        _("Brands"),
        *(count.label for count in counts),
        _("Archived"),
    ]

    def rows():  # read when written: a long export is read by the worker, not by this request
        for c in clients:
            team = c.team_members.all()
            yield [
                c.code,
                c.name,
                c.legal_name,
                c.industry,
                c.get_tier_display(),
                c.get_stage_display(),
                c.currency,
                ", ".join(str(m.user) for m in team if m.role == AccountTeamMember.Role.LEAD_AE),
                ", ".join(f"{m.user} ({m.get_role_display()})" for m in team),
                c.n_brands,
                *(getattr(c, count.name) for count in counts),
                c.archived_at,
            ]

    total = clients.count() if isinstance(clients, QuerySet) else len(clients)
    return rows_sheet("clients", header, rows(), total=total, sheet_title=_("Clients"))


@export_jobs.exporter("clients")
def client_list_sheet(request):
    """The filtered list: only clients this person can see."""
    return client_sheet(queries.clients_for_list(request.user, **_filter_form(request).filters()))


@login_required
def client_export(request, export_format):
    return export_jobs.export(request, "clients", export_format)


def _bulk_rows(user, clients, action):
    """Each ticked client with the reason it will be left as it is, if the map does not allow `action` on it."""
    refused = _("Your role does not allow this.")
    return [
        BulkRow(client, "" if permissions.may(user, action, team_role=rules.team_role(user, client)) else refused)
        for client in clients
    ]


@login_required
@require_POST
def client_bulk(request):
    """Ticked clients: export them, give them another tier or another lead AE (each row checked on its own)."""
    back = back_to_list(request, "accounts:client_list")
    clients = list(queries.clients_for_list(request.user, archived="all").filter(pk__in=selected_ids(request)))
    action = request.POST.get("action", "")
    if not clients:
        messages.info(request, _("Tick at least one client first."))
        return back
    if action in ("export_csv", "export_xlsx"):
        return sheet_response(client_sheet(clients), action[len("export_") :])
    form = ClientBulkForm(request.POST)
    form.is_valid()
    chosen = form.cleaned_data.get(action) if action in ("tier", "lead_ae") else None
    if action == "tier" and chosen:
        return confirm_or_run(
            request,
            rows=_bulk_rows(request.user, clients, "client.edit"),
            title=_("Change the tier of clients"),
            explanation=_("These clients will be classed as %(tier)s.") % {"tier": Client.Tier(chosen).label},
            act=lambda client: services.client_set_tier(client=client, tier=chosen, by=request.user),
            refused_errors=(AccountsError,),
            back=back,
            extra=("tier",),
        )
    if action == "lead_ae" and chosen:
        return confirm_or_run(
            request,
            rows=_bulk_rows(request.user, clients, "client.team"),
            title=_("Give clients another lead AE"),
            explanation=_("%(person)s will lead these accounts; the lead AE before stays on the team as an AE.")
            % {"person": chosen},
            act=lambda client: services.client_set_lead_ae(client=client, lead_ae=chosen, by=request.user),
            refused_errors=(AccountsError,),
            back=back,
            extra=("lead_ae",),
        )
    if action in ("tier", "lead_ae"):
        messages.error(request, _("Choose the new tier.") if action == "tier" else _("Choose the new lead AE."))
    return back


@login_required
def client_create(request):
    if not rules.may_create_client(request.user):
        raise PermissionDenied(_("Only account people and management create clients."))
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        client = services.client_create(by=request.user, **data)
        messages.success(request, _("Client %(name)s created. You are its lead AE.") % {"name": client.name})
        return redirect("accounts:client_detail", client.pk)
    return render(request, "accounts/client_form.html", {"form": form, "client": None})


@login_required
def client_detail(request, client_id):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    page = queries.client_page(client)
    context = {
        "client": client,
        **page,
        "today": timezone.localdate(),
        "may_edit": rules.may_edit_client(request.user, client, page["team"]),
        "may_manage_team": rules.may_manage_team(request.user, client, page["team"]),
    }
    return render(request, "accounts/client_detail.html", context)


@login_required
def client_edit(request, client_id):
    client = _editable_client(request, client_id)
    initial = {"version": services.client_version(client)}
    form = ClientForm(request.POST or None, instance=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            # The form wrote the typed values onto `client`; the service reloads and compares.
            services.client_update(
                client=Client.objects.get(pk=client.pk), by=request.user, version=form.cleaned_data["version"], **data
            )
        except AccountsError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Client saved."))
            return redirect("accounts:client_detail", client.pk)
    return render(request, "accounts/client_form.html", {"form": form, "client": client})


@login_required
@require_POST
def client_archive(request, client_id):
    client = _editable_client(request, client_id)
    if request.POST.get("archive") == "0":
        services.client_unarchive(client=client, by=request.user)
        messages.success(request, _("Client restored to the active list."))
    else:
        services.client_archive(client=client, by=request.user)
        messages.success(request, _("Client archived. It is hidden from the list but keeps its history."))
    return redirect("accounts:client_detail", client.pk)


@login_required
def client_delete(request, client_id):
    client = _editable_client(request, client_id)
    reasons = services.client_history_reasons(client)
    if request.method == "POST":
        try:
            services.client_delete(client=client, by=request.user)
        except AccountsError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:client_detail", client.pk)
        messages.success(request, _("Client %(name)s deleted.") % {"name": client.name})
        return redirect("accounts:client_list")
    return render(request, "accounts/client_delete.html", {"client": client, "reasons": reasons})


@login_required
def team_edit(request, client_id):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    team = list(client.team_members.select_related("user").order_by("role", "user__first_name"))
    if not rules.may_manage_team(request.user, client, team):
        raise PermissionDenied(_("Only the team's lead and management change the account team."))
    form = TeamMemberForm(request.POST or None)
    leaving = request.GET.get("remove", "")
    if request.method == "GET" and leaving.isdigit():
        member = get_object_or_404(AccountTeamMember, client=client, pk=leaving)
        return confirm_remove(
            request,
            title=_("Remove from the account team?"),
            what=_("%(name)s (%(role)s) leaves the account team of %(client)s.")
            % {"name": member.user, "role": member.get_role_display(), "client": client.name},
            back_url=reverse("accounts:team_edit", args=[client.pk]),
            back_label=_("Account team"),
            hidden=[("remove", member.pk)],
        )
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            member = get_object_or_404(AccountTeamMember, client=client, pk=remove)
            try:
                services.team_member_remove(member=member, by=request.user)
            except AccountsError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(name)s left the team.") % {"name": member.user})
            return redirect("accounts:team_edit", client.pk)
        if form.is_valid():
            services.team_member_set(
                client=client, user=form.cleaned_data["user"], role=form.cleaned_data["role"], by=request.user
            )
            messages.success(request, _("Account team updated."))
            return redirect("accounts:team_edit", client.pk)
    return render(request, "accounts/team_edit.html", {"client": client, "team": team, "form": form})


@login_required
def brand_edit(request, client_id, brand_id=None):
    client = _editable_client(request, client_id)
    brand = get_object_or_404(Brand, client=client, pk=brand_id) if brand_id else Brand(client=client)
    form = BrandForm(request.POST or None, instance=brand)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_save(brand=form.instance, by=request.user)
        except AccountsError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Brand saved."))
            return redirect("accounts:client_detail", client.pk)
    return render(
        request, "accounts/simple_form.html", _form_context(client, form, brand, _("New brand"), _("Edit brand"))
    )


@login_required
def contact_edit(request, client_id, contact_id=None):
    client = _editable_client(request, client_id)
    contact = get_object_or_404(Contact, client=client, pk=contact_id) if contact_id else Contact(client=client)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, by=request.user)
        messages.success(request, _("Contact saved."))
        return redirect("accounts:client_detail", client.pk)
    return render(
        request, "accounts/simple_form.html", _form_context(client, form, contact, _("New contact"), _("Edit contact"))
    )


def _form_context(client, form, obj, new_title, edit_title):
    title = f"{edit_title}: {obj}" if obj.pk else new_title
    return {"client": client, "form": form, "title": title}
