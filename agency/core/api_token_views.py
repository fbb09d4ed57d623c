"""A person's API tokens: make one (shown once), see when each was last used, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import api_tokens
from .models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]


def _page(request, form, new_token=None, status=200):
    tokens = ApiToken.objects.filter(owner=request.user, revoked_at__isnull=True)
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    response = render(request, "agency/api_tokens.html", context, status=status)
    if new_token:
        response["Cache-Control"] = "no-store"  # the one page that shows the token: never kept by a cache
    return response


@login_required
def api_token_list(request):
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    _row, token = api_tokens.api_token_issue(owner=request.user, name=form.cleaned_data["name"], by=request.user)
    return _page(request, ApiTokenForm(), new_token=token)


@login_required
@require_POST
def api_token_revoke(request, token_id):
    row = get_object_or_404(ApiToken, pk=token_id, owner=request.user, revoked_at__isnull=True)
    api_tokens.api_token_revoke(api_token=row, by=request.user)
    messages.success(request, _("The API token “%(name)s” no longer works.") % {"name": row.name})
    return redirect("api_token_list")
