"""A confirmation the client gave outside the link (an email, a signed PDF), recorded by a member of the
client's account team with the evidence; and the evidence file, for the team.

The decision is the same as one by link (agency.core.decisions.record_outside) but names the staff member
who recorded it and the evidence, never the client's click.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import decisions, files
from .models import Decision, DecisionEvidence, DecisionRequest
from .visibility import visible_clients


class RecordOutsideForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("The client's answer"), choices=())
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("How and when the client confirmed, and what they said."),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence"),
        help_text=gettext_lazy("The client's email saved as PDF, or the signed document (PDF, JPG, PNG, WebP)."),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        self.fields["outcome"].choices = [(o, labels[o]) for o in kind.outcomes if o != Decision.Outcome.ANSWERED]

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"]
        files.check_upload(evidence, files.EVIDENCE)
        return evidence


def _recordable(request, request_id):
    """The open request this staff member may record a confirmation for: the client's account team (the
    visibility rule), not a private kind (feedback about a team member)."""
    decision_request = get_object_or_404(
        DecisionRequest.objects.visible_to(request.user).select_related("contact", "client", "requested_by"),
        pk=request_id,
    )
    if decisions.is_private(decision_request):
        raise Http404("No decision request matches.")
    return decision_request


def _back(request, decision_request):
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    document = decision_request.document
    return document.get_absolute_url() if document is not None else "home"


@login_required
@require_http_methods(["GET", "POST"])
def decision_request_record_outside(request, request_id):
    decision_request = _recordable(request, request_id)
    kind = decisions.kind_for(decision_request)
    back = _back(request, decision_request)
    if decision_request.current_status != DecisionRequest.Status.OPEN:
        messages.error(
            request,
            _("This request is no longer waiting for the client: %(status)s.")
            % {"status": decision_request.get_current_status_display()},
        )
        return redirect(back)
    form = RecordOutsideForm(request.POST or None, request.FILES or None, kind=kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decisions.record_outside(
                    decision_request=decision_request,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data["evidence"],
                    by=request.user,
                )
            except decisions.LinkNotUsable:
                decision_request.refresh_from_db()
                messages.error(
                    request,
                    _("This request is no longer waiting for the client: %(status)s.")
                    % {"status": decision_request.get_current_status_display()},
                )
                return redirect(back)
            except decisions.DecisionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The client's confirmation was recorded, with its evidence."))
                return redirect(back)
        status = 400
    return render(
        request,
        "agency/decision_record_outside.html",
        {"decision_request": decision_request, "kind": kind, "form": form, "next_url": back},
        status=status,
    )


@login_required
def decision_evidence_file(request, evidence_id):
    """The evidence of a confirmation recorded outside the link, for the client's account team."""
    evidence = get_object_or_404(
        DecisionEvidence.objects.filter(request__client__in=visible_clients(request.user).values("pk")),
        pk=evidence_id,
    )
    return files.serve(evidence)
