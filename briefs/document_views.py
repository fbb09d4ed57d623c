"""The staff's "send to the client" button, the same for every document of the one lifecycle
(briefs/services/documents.py): brief, concept, estimate, overrun, final ad, media plan, post-analysis,
campaign evaluation.

    # briefs/views.py: the concept page's send button
    return send_to_client(request, concept, send=..., sent=_("Sent to the client for a decision."), page=_concept_page)

With `page`, a refusal or a missing contact re-renders the document's page with the form's errors
(status 400); without it, they are a message on the page the view leads back to.
"""

from django.contrib import messages
from django.shortcuts import redirect

from agency.core import decisions, permissions

from .forms import SendForm
from .workflow import WorkflowError


def send_form(document, data=None, *, form_class=SendForm, **kwargs):
    """The form that sends `document`: its contacts are those who may decide on the document's kind."""
    return form_class(data, client=document.client, kind=decisions.kind_of(document), **kwargs)


def send_to_client(
    request,
    document,
    *,
    send,
    sent,
    then=None,
    page=None,
    form=None,
    form_name="send_form",
    choose="",
    refused=None,
    error=WorkflowError,
):
    """Handle the POST of a send form and answer it.

    send       send(cleaned data): calls the app's service, which raises `error` when it refuses
    sent       the success message, or sent(cleaned data) -> message
    then       where to go next: a URL, or (URL name, *args); by default the document's own page
    page       the document page's view helper, page(request, document, status=400, <form_name>=form)
    form       the bound form, when not the document's send_form
    choose     without `page`: the message when the form is not valid (no contact chosen)
    refused    refused(form), after a refusal and before the page is shown again (e.g. refresh a revision)
    """
    # Rule: "Who may do what" (docs/practice.md): a person whose role may not send gets 403.
    permissions.require(request.user, "document.send_to_client", client=document.client_id)
    form = form if form is not None else send_form(document, request.POST)
    then = then or document.get_absolute_url()
    back = redirect(*then) if isinstance(then, tuple) else redirect(then)
    if not form.is_valid():
        if page is not None:
            return page(request, document, status=400, **{form_name: form})
        messages.error(request, choose)
        return back
    try:
        send(form.cleaned_data)
    except error as refusal:
        if page is None:
            messages.error(request, str(refusal))
            return back
        form.add_error(None, str(refusal))
        if refused is not None:
            refused(form)
        return page(request, document, status=400, **{form_name: form})
    messages.success(request, sent(form.cleaned_data) if callable(sent) else sent)
    return back
