"""The files of a document the client decides on, opened from the decision page by the holder of its link.

A file is addressed by the request this browser arrived with (kept in the session by the landing page) and
its place among the kind's files (DecisionKind.files): no staff login, no guessable address. It is served
only while the link can still be answered; a changed file supersedes the link, and then it is not served.
"""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from . import decisions, files
from .decision_views import _request_in_session
from .links import link_page


def decision_file_list(decision_request, document):
    """[(index, name, FieldFile)] of the files the client decides on with this request."""
    kind = decisions.kind_for(decision_request)
    if kind.files is None or document is None:
        return []
    return [(index, str(name), field_file) for index, (name, field_file) in enumerate(kind.files(document))]


@link_page()
@require_http_methods(["GET", "HEAD"])
def decision_file(request, request_id, index):
    decision_request = _request_in_session(request, request_id)
    if decision_request is None:
        raise Http404("Not a request this browser holds.")
    try:
        decisions.check_usable(decision_request)  # also closes a link whose files changed
    except decisions.LinkNotUsable:
        raise Http404("The link can no longer be used.") from None
    found = [field_file for i, _name, field_file in decision_file_list(decision_request, decision_request.document)]
    if index >= len(found):
        raise Http404("No such file.")
    stored = found[index].instance
    if not isinstance(stored, files.StoredFile):
        raise Http404("Not a stored file.")
    return files.serve(stored)
