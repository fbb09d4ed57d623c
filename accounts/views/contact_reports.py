"""Contact reports (meeting minutes) and their action items, under a client."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agency.core.exports import export_response
from agency.core.visibility import get_visible_or_404

from .. import queries
from ..forms import ActionItemFormSet, ContactReportForm
from ..models import ActionItem, Client, ContactReport
from ..services import contact_reports as services
from ..services.errors import AccountsError


@login_required
def contact_report_create(request, client_id):
    client = get_visible_or_404(Client, request.user, pk=client_id)
    data = request.POST or None
    form = ContactReportForm(data, client=client, initial={"staff_attendees": [request.user.pk]})
    items = ActionItemFormSet(data, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        action_items = [f.cleaned_data for f in items if f.has_changed() and f.cleaned_data]
        try:
            report = services.contact_report_create(
                client=client, by=request.user, action_items=action_items, **form.cleaned_data
            )
        except AccountsError as exc:
            form.add_error(None, exc.message)
        else:
            sent = len(form.cleaned_data["email_to"])
            messages.success(request, _("Contact report saved."))
            if sent:
                messages.info(
                    request,
                    ngettext(
                        "It was emailed to %(n)d contact (see the Outbox).",
                        "It was emailed to %(n)d contacts (see the Outbox).",
                        sent,
                    )
                    % {"n": sent},
                )
            return redirect("accounts:contact_report_detail", client.pk, report.pk)
    return render(request, "accounts/contact_report_form.html", {"client": client, "form": form, "items": items})


@login_required
def contact_report_detail(request, client_id, report_id):
    report = get_visible_or_404(
        ContactReport.objects.select_related("client", "created_by"), request.user, pk=report_id, client_id=client_id
    )
    return render(
        request,
        "accounts/contact_report_detail.html",
        {"report": report, "client": report.client, **queries.contact_report_page(report)},
    )


@login_required
@require_POST
def action_item_toggle(request, client_id, item_id):
    item = get_visible_or_404(ActionItem, request.user, pk=item_id, client_id=client_id)
    if request.POST.get("done") == "0":
        services.action_item_reopen(item=item, by=request.user)
    else:
        services.action_item_complete(item=item, by=request.user)
    if request.POST.get("back_to") == "report":
        return redirect("accounts:contact_report_detail", client_id, item.report_id)
    return redirect("accounts:client_detail", client_id)


@login_required
def action_item_export(request, client_id, export_format):
    """Every action item of one client, for the next status meeting."""
    client = get_visible_or_404(Client, request.user, pk=client_id)
    header = [_("Due date"), _("Action"), _("Owner"), _("Meeting"), _("Meeting date"), _("Done")]
    rows = (
        [i.due_date, i.description, str(i.owner), i.report.subject, i.report.meeting_date, i.done_at]
        for i in queries.action_items_for_export(client)
    )
    return export_response(export_format, f"action-items-{client.code}", header, rows, sheet_title=_("Action items"))
