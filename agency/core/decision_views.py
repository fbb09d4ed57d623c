"""The pages a client contact reaches from an emailed link, and the team's revoke button.

GET never decides (mail scanners fetch links): the token is checked, moved into the session and
replaced by a token-free address. Deciding takes two POSTs: the decision page's buttons go to the choose
step, which records nothing and shows back exactly what will be decided; only that page's "Confirm",
bound to the content hash it showed, records the decision. Then the client sees the receipt, which also
has its own emailed link (/receipt/<token>/, read-only, no login).

Only the client decides: a browser signed in as staff sees a read-only preview, and its POSTs are refused.
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


def _is_staff(request):
    return request.user.is_authenticated


def _client_only(view):
    """Rule: "Client links" (docs/practice.md): only the client decides. A POST from a browser signed in as
    staff (choose, confirm, email me a code) is refused before anything is read or recorded."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if _is_staff(request):
            return render(request, "agency/decision_staff_refused.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


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
    opened = decision_request.status == DecisionRequest.Status.OPEN and not decision_request.is_expired
    if opened and not _is_staff(request):  # a staff preview is not the client opening it
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
    return DecisionForm(data, requires_code=decision_request.requires_code, outcomes=kind.outcomes)


def _money(kind, document):
    """The totals of a money document (a decisions.Money), or None."""
    return kind.money(document) if kind.money is not None else None


def _render_page(request, decision_request, form=None, code_sent=False, status=200):
    document = decision_request.document
    kind = decisions.kind_for(decision_request)
    return render(
        request,
        "agency/decision_page.html",
        {
            "decision_request": decision_request,
            "kind": kind,
            "document": document,
            "form": form or _form(decision_request, document),
            "code_form": DecisionCodeRequestForm(),
            "code_sent": code_sent,
            "staff_preview": _is_staff(request),
        },
        status=status,
    )


# What the confirm form carries back: everything the client chose or typed, but not the CSRF token, the
# "back" button or the hash (the page adds the hash it shows).
NOT_CARRIED = {"csrfmiddlewaretoken", "back", "content_hash"}


def _render_confirm(request, decision_request, document, form):
    kind = decisions.kind_for(decision_request)
    outcome = Decision.Outcome.ANSWERED if kind.is_answer else form.cleaned_data["outcome"]
    return render(
        request,
        "agency/decision_confirm.html",
        {
            "decision_request": decision_request,
            "kind": kind,
            "document": document,
            "money": _money(kind, document),
            "files": kind.file_digests(document),
            "form": form,
            "outcome": Decision.Outcome(outcome),
            "comment": "" if kind.is_answer else form.cleaned_data["comment"],
            "carried": [
                (name, value)
                for name in request.POST
                if name not in NOT_CARRIED
                for value in request.POST.getlist(name)
            ],
            "content_hash": decision_request.content_hash,
        },
    )


def _render_receipt(request, decision):
    return render(
        request,
        "agency/decision_receipt.html",
        {"decision": decision, "kind": decisions.kind_for(decision.request), "snapshot": decision.snapshot or {}},
    )


def _not_recorded(request, decision_request, reason, chosen):
    """The confirm step found the link closed. If someone decided first (another contact, another tab),
    say what was decided, by whom and when, and that this choice was not recorded (Rule: "Client links")."""
    decision = None
    if reason in (decisions.LinkNotUsable.DECIDED, decisions.LinkNotUsable.SUPERSEDED):
        decision = decisions.decision_for(decision_request)
    if decision is None:
        return _state_page(request, decision_request, reason)
    outcome, comment = chosen
    if decision.request_id == decision_request.pk and (decision.outcome, decision.comment) == (outcome, comment):
        return redirect("decision_receipt", request_id=decision_request.pk)  # the same confirm, sent twice
    return render(
        request,
        "agency/decision_not_recorded.html",
        {"decision_request": decision_request, "decision": decision, "chosen": Decision.Outcome(outcome)},
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
@_client_only
@_arrived_by_link
def decision_decide(request, decision_request):
    """The choose step: checks what the client chose and shows it back with "Confirm" and "Back".
    Records nothing; "Back" returns to the decision page with what was typed."""
    try:
        decisions.check_usable(decision_request)
    except decisions.LinkNotUsable as exc:
        return _state_page(request, decision_request, exc.reason)
    document = decision_request.document
    form = _form(decision_request, document, request.POST)
    if not form.is_valid():
        return _render_page(request, decision_request, form=form, status=400)
    if "back" in request.POST:
        return _render_page(request, decision_request, form=form)
    return _render_confirm(request, decision_request, document, form)


@link_page()
@require_POST
@_client_only
@_arrived_by_link
def decision_confirm(request, decision_request):
    """The one POST that records the decision, and only on the content hash the confirm page showed."""
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
    outcome = Decision.Outcome.ANSWERED if answering else form.cleaned_data["outcome"]
    comment = "" if answering else form.cleaned_data["comment"].strip()
    try:
        decisions.decide(
            decision_request=decision_request,
            outcome=outcome,
            comment=comment,
            code=form.cleaned_data.get("code", ""),
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            answers=form.answers() if answering else None,
            seen_hash=request.POST.get("content_hash", ""),
        )
    except decisions.LinkNotUsable as exc:
        decision_request.refresh_from_db()
        return _not_recorded(request, decision_request, exc.reason, (outcome, comment))
    except decisions.DecisionError as exc:
        form.add_error("code" if isinstance(exc, decisions.CodeRequired) else None, str(exc))
        return _render_page(request, decision_request, form=form, status=400)
    return redirect("decision_receipt", request_id=decision_request.pk)


@link_page()
@require_http_methods(["GET", "HEAD"])
@_arrived_by_link
def decision_receipt(request, decision_request):
    """Right after confirming: the receipt, in this browser (the emailed receipt link opens the same copy)."""
    decision = Decision.objects.filter(request=decision_request).select_related("contact", "request").first()
    if decision is None:
        return redirect("decision_page", request_id=decision_request.pk)
    return _render_receipt(request, decision)


@link_page("no-referrer")
@require_http_methods(["GET", "HEAD"])
def decision_receipt_link(request, token):
    """The receipt link from the receipt email: a read-only copy of what was decided, never a form."""
    decision, refused = links.open_link(request, token, decisions.find_receipt)
    if refused:
        return refused
    links.speak_language_of(request, decision.contact)
    return _render_receipt(request, decision)


@link_page()
@require_POST
@_client_only
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
