"""Decisions waiting for the client, as a list: sort, filter, export, and remind the ticked ones.

A reminder is a send to the client, so each row is checked against the permission map
("document.send_to_client") for its own client, and each ticked request gets exactly one email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import export_jobs, permissions, queries
from .bulk import BulkRow, back_to_list, confirm_or_run
from .decisions import DecisionError, all_kinds, remind_request
from .filters import DecisionWaitingFilter
from .list_tables import DecisionWaitingTable
from .tables import export_table, list_page, selected_ids, table_sheet


def _filters(request):
    kinds = sorted(((kind.code, str(kind.label)) for kind in all_kinds()), key=lambda k: k[1])
    return DecisionWaitingFilter(
        request.GET, queryset=queries.decisions_waiting_for_list(request.user), request=request, kinds=kinds
    )


@login_required
def decisions_waiting(request):
    filters = _filters(request)
    return render(
        request, "agency/decisions_waiting.html", list_page(request, DecisionWaitingTable(filters.qs), filters)
    )


@export_jobs.exporter("decisions_waiting")
def decisions_waiting_sheet(request):
    table = DecisionWaitingTable(_filters(request).qs)
    return table_sheet(request, table, "decisions-waiting", _("Decisions waiting"))


@login_required
def decisions_waiting_export(request, export_format):
    return export_jobs.export(request, "decisions_waiting", export_format)


@login_required
@require_POST
def decisions_waiting_bulk(request):
    back = back_to_list(request, "decisions_waiting")
    waiting = list(queries.decisions_waiting_for_list(request.user).filter(pk__in=selected_ids(request)))
    action = request.POST.get("action", "")
    if not waiting:
        messages.info(request, _("Tick at least one decision first."))
        return back
    if action in ("export_csv", "export_xlsx"):
        table = DecisionWaitingTable(waiting)
        return export_table(request, table, action[len("export_") :], "decisions-waiting", _("Decisions waiting"))
    if action != "remind":
        return back
    answers = {}  # one permission lookup per client, not per row
    for row in waiting:
        if row.client_id not in answers:
            answers[row.client_id] = permissions.may(request.user, "document.send_to_client", client=row.client_id)
    rows = [BulkRow(row, "" if answers[row.client_id] else _("Your role does not allow this.")) for row in waiting]
    return confirm_or_run(
        request,
        rows=rows,
        title=_("Remind the client"),
        explanation=_("Each contact gets the link again by email, once."),
        act=lambda decision_request: remind_request(decision_request=decision_request, by=request.user),
        refused_errors=(DecisionError,),
        back=back,
    )
