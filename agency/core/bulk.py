"""Bulk actions on a list's ticked rows: the same shape on every list.

The rows come from the list's own `visible_to` queryset, so an id of a row the person cannot see is
simply not there. Each row is checked on its own (the permission map, per client) when the action is
previewed and again, by the service, when it runs; a refused row is reported, never half-done. The
person confirms on a page that lists what will happen to each row, then reads the result as a message.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .tables import SELECTED_FIELD


@dataclass
class BulkRow:
    record: object
    refusal: str = ""  # why this row will not be changed; empty when it will


def back_to_list(request, url_name_or_path):
    """The list the action came from, with its filters, sort and page (posted as `query`)."""
    from django.urls import reverse

    query = request.POST.get("query", "")
    path = url_name_or_path if url_name_or_path.startswith("/") else reverse(url_name_or_path)
    return redirect(f"{path}?{query}" if query else path)


def confirm_or_run(request, *, rows, title, explanation, act, refused_errors, back, extra=()):
    """Show the confirmation page for `rows` (BulkRow), or, once confirmed, run `act(record)` on every row
    not refused and report what happened. `act` returns False when the row was already so. 403 when no
    row at all may be changed."""
    allowed = [row for row in rows if not row.refusal]
    if not allowed:
        raise PermissionDenied(_("You may not do this to any of the rows you ticked."))
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "agency/bulk_confirm.html",
            {
                "title": title,
                "back_url": back.url,
                "explanation": explanation,
                "rows": rows,
                "n_allowed": len(allowed),
                "selected_field": SELECTED_FIELD,
                "hidden": [(name, request.POST.get(name, "")) for name in ("action", "query", *extra)],
            },
        )
    done, unchanged, refused = 0, 0, [row for row in rows if row.refusal]
    for row in allowed:
        try:
            changed = act(row.record)
        except (PermissionDenied, *refused_errors) as error:
            refused.append(BulkRow(row.record, str(error)))
        else:
            done, unchanged = done + bool(changed is not False), unchanged + (changed is False)
    if done:
        messages.success(request, ngettext("Done for %(n)s row.", "Done for %(n)s rows.", done) % {"n": done})
    if unchanged:
        messages.info(
            request, ngettext("%(n)s row was already so.", "%(n)s rows were already so.", unchanged) % {"n": unchanged}
        )
    for row in refused:
        messages.warning(request, _("Not done for %(row)s: %(reason)s") % {"row": row.record, "reason": row.refusal})
    return back
