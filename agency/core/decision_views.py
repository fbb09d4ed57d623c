"""The pages a client contact reaches from an emailed link, and the team's revoke button.

GET never decides (mail scanners fetch links): the token is checked, moved into the session and
replaced by a token-free address; only a POST with a CSRF token decides.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import decisions, links
from .audit import client_ip
from .forms import DecisionCodeRequestForm, DecisionForm
from .links import link_page
from .models import Decision, DecisionRequest

SESSION_KEY = "decision_requests"


def _allowed_ids(request):
    return request.session.get(SESSION_KEY, [])


def _request_in_session(request, request_id):
    """The link holder's request, only if this browser arrived through its link."""
    if request_id not in _allowed_ids(request):
        return None
    decision_request = (
        DecisionRequest.objects.select_related("contact", "client", "requested_by").filter(pk=request_id).first()
    )
    if decision_request is not None:
        links.speak_language_of(request, decision_request.contact)
    return decision_request


def _arrived_by_link(view):
    """The pages after the landing: the view gets the request this browser holds, else "not recognised"."""

    @functools.wraps(view)
    def wrapper(request, request_id):
        decision_request = _request_in_session(request, request_id)
        if decision_request is None:
            return render(request, "agency/decision_link_unknown.html", status=404)
        return view(request, decision_request)

    return wrapper


@link_page("no-referrer")
@require_http_methods(["GET", "HEAD"])
def decision_landing(request, token):
    decision_request, refused = links.open_link(request, token, decisions.find_by_token)
    if refused:
        return refused
    if request.method == "HEAD":
        return HttpResponse()  # a scanner's HEAD learns nothing and changes nothing
    allowed = [pk for pk in _allowed_ids(request) if pk != decision_request.pk][-9:]
    request.session[SESSION_KEY] = [*allowed, decision_request.pk]
    if decision_request.status == DecisionRequest.Status.OPEN and not decision_request.is_expired:
        decisions.note_opened(decision_request=decision_request, ip=client_ip(request))
    return redirect("decision_page", request_id=decision_request.pk)


def _state_page(request, decision_request, reason):
    decided = reason == decisions.LinkNotUsable.DECIDED
    decision = Decision.objects.filter(request=decision_request).first() if decided else None
    return render(
        request,
        "agency/decision_link_closed.html",
        {"decision_request": decision_request, "reason": reason, "decision": decision},
        status=200 if decided else 410,
    )


def _form(decision_request, document, data=None):
    """The approve/acknowledge form, or for an ANSWER kind the kind's own form."""
    kind = decisions.kind_for(decision_request)
    if kind.is_answer:
        return kind.answer_form(document, data)
    return DecisionForm(data, requires_code=decision_request.requires_code)


def _render_page(request, decision_request, form=None, code_sent=False, status=200):
    document = decision_request.document
    return render(
        request,
        "agency/decision_page.html",
        {
            "decision_request": decision_request,
            "kind": decisions.kind_for(decision_request),
            "document": document,
            "form": form or _form(decision_request, document),
            "code_form": DecisionCodeRequestForm(),
            "code_sent": code_sent,
        },
        status=status,
    )


@link_page()
@require_http_methods(["GET", "HEAD"])
@_arrived_by_link
def decision_page(request, decision_request):
    try:
        decisions.check_usable(decision_request)
    except decisions.LinkNotUsable as exc:
        return _state_page(request, decision_request, exc.reason)
    return _render_page(request, decision_request)


@link_page()
@require_POST
@_arrived_by_link
def decision_decide(request, decision_request):
    document = decision_request.document
    if document is None:
        return _state_page(request, decision_request, decisions.LinkNotUsable.SUPERSEDED)
    form = _form(decision_request, document, request.POST)
    answering = decisions.kind_for(decision_request).is_answer
    if not form.is_valid():
        try:
            decisions.check_usable(decision_request)
        except decisions.LinkNotUsable as exc:
            return _state_page(request, decision_request, exc.reason)
        return _render_page(request, decision_request, form=form, status=400)
    try:
        decisions.decide(
            decision_request=decision_request,
            outcome=Decision.Outcome.ANSWERED if answering else form.cleaned_data["outcome"],
            comment="" if answering else form.cleaned_data["comment"],
            code=form.cleaned_data.get("code", ""),
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            answers=form.answers() if answering else None,
        )
    except decisions.LinkNotUsable as exc:
        decision_request.refresh_from_db()
        return _state_page(request, decision_request, exc.reason)
    except decisions.DecisionError as exc:
        form.add_error("code" if isinstance(exc, decisions.CodeRequired) else None, str(exc))
        return _render_page(request, decision_request, form=form, status=400)
    return redirect("decision_page", request_id=decision_request.pk)


@link_page()
@require_POST
@_arrived_by_link
def decision_send_code(request, decision_request):
    try:
        decisions.send_code(decision_request=decision_request, ip=client_ip(request))
    except decisions.LinkNotUsable as exc:
        return _state_page(request, decision_request, exc.reason)
    except decisions.DecisionError as exc:
        form = DecisionForm(requires_code=True)
        form.add_error(None, str(exc))
        return _render_page(request, decision_request, form=form, status=400)
    return _render_page(request, decision_request, code_sent=True)


@login_required
@require_POST
def decision_request_revoke(request, request_id):
    """The account team withdraws a link (from any document's page)."""
    decision_request = get_object_or_404(DecisionRequest.objects.visible_to(request.user), pk=request_id)
    if decisions.is_private(decision_request) and not (
        request.user.is_management or decision_request.requested_by_id == request.user.pk
    ):
        raise Http404("No decision request matches.")
    try:
        decisions.revoke_request(decision_request=decision_request, by=request.user)
        messages.success(request, _("The link was revoked; it no longer works."))
    except decisions.DecisionError as exc:
        messages.error(request, str(exc))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)


@login_required
def decision_request_document(request, request_id):
    """From a list of waiting decisions (e.g. the client page) to the document's own page."""
    decision_request = get_object_or_404(DecisionRequest.objects.visible_to(request.user), pk=request_id)
    document = decision_request.document
    if document is None:
        raise Http404("The document no longer exists.")
    return redirect(document.get_absolute_url())
