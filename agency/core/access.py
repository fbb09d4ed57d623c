"""Fetch an object for this user, or 404.

Every view that touches an object goes through here, so a person outside the
account team gets the same 404 as for an object that does not exist.
"""

from django.http import Http404


def get_visible_or_404(queryset_or_model, user, **lookup):
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches.") from None
