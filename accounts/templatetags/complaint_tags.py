"""A complaint's answer clock (accounts/queries.py SlaClock) as HTML: `{% sla_clock complaint.clock %}`.

In Python, not a template of its own: the complaint list writes one a row, and a template pass cost some
500 calls each. accounts/_sla_clock.html, included wherever a clock shows, calls this.
"""

from django import template
from django.template.defaultfilters import date
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {
    "met": "text-bg-success",
    "late": "text-bg-warning",
    "breached": "text-bg-danger",
    "at_risk": "text-bg-warning",
}


@register.simple_tag
def sla_clock(clock):
    """Answered in time or late, or the hours left (overdue when breached), and when the answer is due in
    the reader's zone."""
    if clock.state == "met":
        text = escape(_("answered in time"))
    elif clock.state == "late":
        text = escape(_("answered late"))
    elif clock.state == "breached":
        text = mark_safe(_("breached · %(t)s h over") % {"t": escape(clock.hours_left)})  # noqa: S308
    else:
        text = mark_safe(_("%(t)s h left") % {"t": escape(clock.hours_left)})  # noqa: S308
    return format_html(
        '<span class="sla-clock" data-state="{}"><span class="badge {}">{}</span>\n'
        '<span class="small text-body-secondary">{} {}</span></span>',
        clock.state,
        BADGES.get(clock.state, "text-bg-light"),
        text,
        _("due"),
        date(template_localtime(clock.respond_by), "SHORT_DATETIME_FORMAT"),
    )
