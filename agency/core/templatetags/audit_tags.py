"""{% load audit_tags %}{{ event|audit_sentence }}: an audit event as its registered sentence (agency.core.audit)."""

from django import template

from agency.core import audit

register = template.Library()


@register.filter
def audit_sentence(event):
    """The sentence in the active language, the target linked to its page where it has one."""
    return audit.sentence(event)
