"""How every endpoint behaves: cursor pages, RFC 7807 error bodies, ETag on a detail and If-Match on a change.

Errors read `{"type", "title", "status", "detail", "errors": {field: [messages]}}` with the content type
application/problem+json. A refusal by a service (a domain error) is a 409 with the service's own message,
as the page shows it; a change based on a stale copy is a 412 and changes nothing.
"""

import hashlib
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.services.errors import AccountsError, StaleEdit
from agency.core.decisions.errors import DecisionError
from briefs.services.brief import BriefError
from briefs.workflow import WorkflowError
from media.services import MediaError

DOMAIN_ERRORS = (AccountsError, BriefError, WorkflowError, MediaError, DecisionError)


class Pagination(pagination.CursorPagination):
    """Stable pages however many rows arrive meanwhile: follow `next` until it is null."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the current state.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Someone changed this since you read it. Read it again (GET) and send the new ETag.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send the ETag of the copy you changed in an If-Match header.")
    default_code = "precondition_required"


TITLES = {
    "invalid": _("The request has errors."),
    "parse_error": _("The request body could not be read."),
    "not_authenticated": _("An API token is needed."),
    "authentication_failed": _("The API token was not accepted."),
    "permission_denied": _("Your role does not allow this."),
    "not_found": _("Not found."),
    "method_not_allowed": _("This address does not take this method."),
    "conflict": _("This cannot be done in the current state."),
    "precondition_failed": _("Changed since you read it."),
    "precondition_required": _("If-Match is required."),
    "throttled": _("Too many requests."),
}


def problem_response(exc, context):
    """DRF's exception handler, answering in RFC 7807's shape; domain errors become a 409 (a stale edit a 412)."""
    if isinstance(exc, StaleEdit):
        exc = PreconditionFailed(exc.message)
    elif isinstance(exc, DOMAIN_ERRORS):
        message = getattr(exc, "message", None) or str(exc)
        field = getattr(exc, "field", None)
        exc = Conflict({field: [message]} if field else message)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, logged as any other
    code = _code_of(exc)
    detail, errors = _detail_and_errors(response.data)
    body = {
        "type": f"/api/docs/#error-{code}",
        "title": str(TITLES.get(code) or HTTPStatus(response.status_code).phrase),
        "status": response.status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response.data = body
    response.content_type = "application/problem+json"
    return response


def _code_of(exc):
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, exceptions.APIException):
        return exc.default_code
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    return "error"


def _detail_and_errors(data):
    """(one sentence, {field: [messages]}) from what DRF's handler made of the exception."""
    if isinstance(data, dict) and set(data) == {"detail"}:
        return str(data["detail"]), {}
    if isinstance(data, list):
        return " ".join(str(item) for item in data), {"non_field_errors": [str(item) for item in data]}
    if isinstance(data, dict):
        errors = {field: _messages(value) for field, value in data.items()}
        first = next((messages[0] for messages in errors.values() if messages), "")
        return str(first), errors
    return str(data), {}


def _messages(value):
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(_messages(item) if isinstance(item, list | dict) else [str(item)])
        return out
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, inner in value.items() for message in _messages(inner)]
    return [str(value)]


# ── ETag and If-Match ────────────────────────────────────────────────────────


def etag_of(instance):
    """A strong ETag from every stored value of the row: any saved change gives a new one, whoever made it."""
    values = model_to_dict(instance, fields=[field.name for field in instance._meta.concrete_fields])
    digest = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _matches(if_match, etag):
    candidates = [part.strip().removeprefix("W/") for part in if_match.split(",")]
    return etag in candidates


class ETagMixin:
    """GET on one row answers with its ETag."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_of(instance)
        return response


class IfMatchMixin(ETagMixin):
    """PUT and PATCH need the row's ETag back in If-Match.

    The row is read again under a lock in the same transaction as the change, so two writers with the
    same ETag cannot both succeed: the second gets 412 and nothing of theirs is saved. The view says
    who may change a row (`check_may_change`) and how (`save_change`, calling the app's service)."""

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()  # 404 for a row this person cannot see
        self.check_may_change(instance)
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise PreconditionRequired()
        with transaction.atomic():
            locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
            if not _matches(if_match, etag_of(locked)):
                raise PreconditionFailed()
            serializer = self.get_serializer(locked, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            saved = self.save_change(locked, serializer.validated_data)
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag_of(saved)
        return response

    def check_may_change(self, instance):
        raise NotImplementedError

    def save_change(self, instance, data):
        raise NotImplementedError


# ── Filters ──────────────────────────────────────────────────────────────────


class ByIdFilterSet(filters.FilterSet):
    """A related row is filtered by its id as a plain number: an id the caller cannot see gives an empty
    list, exactly like one that does not exist, never an error that would tell it exists."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": filters.NumberFilter},
        models.OneToOneField: {"filter_class": filters.NumberFilter},
    }


class FilterBackend(filters.DjangoFilterBackend):
    filterset_base = ByIdFilterSet
