"""{% load permission_tags %} {% if user|may:"timeline.edit" %}: the permission map (agency/core/permissions.py)
for an action that does not depend on a client. For a client's work, the view passes `may` (permissions.allowed)."""

from django import template

from agency.core import permissions

register = template.Library()


@register.filter(name="may")
def may(user, action):
    return permissions.may(user, action)
