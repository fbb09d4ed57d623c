"""Every delete asks first (issue 22): the Remove link opens a page that says what goes, and only its POST
removes. Works without JavaScript; Cancel goes back to where the reader was."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def confirm_remove(request, *, what, back_url, back_label, title=None, button=None, hidden=()):
    return render(
        request,
        "agency/confirm_remove.html",
        {
            "title": title or _("Remove?"),
            "what": what,
            "back_url": back_url,
            "back_label": back_label,
            "button": button or _("Remove"),
            "hidden": hidden,
        },
    )
