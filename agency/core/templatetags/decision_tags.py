"""What a decision page repeats of a document: the money the client commits to (DecisionKind.money)."""

from django import template

from .. import decisions

register = template.Library()


@register.simple_tag
def money_of(document):
    """The kind's Money for the document (total, approved budget, what remains), or None."""
    kind = decisions.kind_of(document)
    return kind.money(document) if kind.money else None
