"""The webhooks pages: a manager registers endpoints and watches their deliveries.
Rule: "Outside systems hear by signed webhook" (docs/practice.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import permissions, webhooks
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

DELIVERIES_SHOWN = 50


class EndpointForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=list(webhooks.EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.check_url(url)
        return url


@login_required
@never_cache
def webhook_list(request):
    """GET: the endpoints and a form to add one. POST: register it and show its secret, this once."""
    permissions.require(request.user, "webhook.manage")
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = webhooks.endpoint_create(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Not a redirect: the secret lives in this one response and nowhere a page can read it again.
            return render(request, "agency/webhook_created.html", {"endpoint": endpoint, "secret": secret})
    endpoints = WebhookEndpoint.objects.select_related("owner")
    return render(request, "agency/webhook_list.html", {"form": form, "endpoints": endpoints})


def _endpoint(request, endpoint_id):
    permissions.require(request.user, "webhook.manage")
    return get_object_or_404(WebhookEndpoint.objects.select_related("owner"), pk=endpoint_id)


@login_required
def webhook_detail(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    deliveries = endpoint.deliveries.prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-number"))
    )[:DELIVERIES_SHOWN]
    labels = [webhooks.EVENTS.get(name, name) for name in endpoint.events]
    return render(
        request,
        "agency/webhook_detail.html",
        {"endpoint": endpoint, "deliveries": deliveries, "labels": labels, "shown": DELIVERIES_SHOWN},
    )


@login_required
@require_POST
def webhook_redeliver(request, endpoint_id, delivery_id):
    endpoint = _endpoint(request, endpoint_id)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id, endpoint=endpoint)
    if webhooks.redeliver(delivery=delivery, by=request.user):
        messages.success(request, _("The delivery will be sent again."))
    else:
        messages.info(request, _("Only a failed or skipped delivery can be sent again."))
    return redirect("webhook_detail", endpoint_id=endpoint.pk)


@login_required
@require_POST
def webhook_disable(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    webhooks.endpoint_disable(endpoint=endpoint, by=request.user)
    messages.success(request, _("The webhook is disabled: nothing more is sent to it."))
    return redirect("webhook_detail", endpoint_id=endpoint.pk)


@login_required
@require_POST
def webhook_enable(request, endpoint_id):
    endpoint = _endpoint(request, endpoint_id)
    webhooks.endpoint_enable(endpoint=endpoint, by=request.user)
    messages.success(request, _("The webhook is enabled again."))
    return redirect("webhook_detail", endpoint_id=endpoint.pk)
