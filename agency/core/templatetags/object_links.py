"""{% load object_links %}{% link_to campaign.lead_ae %}: a name that links to its page when the reader may
open it, plain text otherwise (agency/core/object_links.py). `{% link_to obj "text" %}` names it otherwise."""

from django import template
from django.http import HttpRequest

from agency.core import object_links

register = template.Library()


def _request(context):
    """The page's request: a RequestContext's own, else a `request` passed in (a row rendered by a table);
    never a loop variable that happens to be called `request`."""
    request = getattr(context, "request", None)
    if request is None:
        request = context.get("request")
    return request if isinstance(request, HttpRequest) else None


@register.simple_tag(takes_context=True)
def link_to(context, obj, text=None):
    return object_links.link_to(_request(context), obj, text)
