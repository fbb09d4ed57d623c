"""A name on a page is a link to what it names, for a reader who may open it; plain text for anyone else.
Rule: "A name is a link" (docs/practice.md).

    {% load object_links %}{% link_to campaign.lead_ae %} {% link_to campaign.brand %} {% link_to campaign "text" %}
    object_links.link_to(request, record.client)          # in a table's render_<column>()

What an object's page is: its `get_absolute_url()`. Who may open it:
- a client's row (a client, brand, contact, campaign, document, booking, complaint, report): whoever may
  see its client (`visible_clients`). A client whose rows the page fetched through `visible_to(reader)` is
  known visible (`clients_seen_by`); for any other, the reader's visible clients are read once per request
  (never for management, who see every client). The row's client is its `client_id`, or reached along its
  queryset's `client_path` (select_related what a page names, or each name costs a query);
- a colleague (`agency.User`): every active member of staff (their page shows only what the reader may see);
- a model registered with its own rule (`register(Model, may_open=...)`), e.g. the client itself.
Anything else stays plain text.
"""

from django.contrib.auth import get_user_model
from django.utils.html import conditional_escape, format_html

from .visibility import clients_seen_by, visible_clients

_client_id_of = {}  # model -> obj -> client id
_may_open = {}  # model -> (user, obj) -> bool


def register(model, *, client_id=None, may_open=None):
    """An app says how to find a row's client (`client_id(obj)`) or who may open its page (`may_open(user, obj)`)."""
    if client_id is not None:
        _client_id_of[model] = client_id
    if may_open is not None:
        _may_open[model] = may_open


class _Everything:
    def __contains__(self, item):
        return True


def _visible_client_ids(request):
    """The ids of the clients the reader may see, read once per request (management: no query)."""
    if not hasattr(request, "_visible_client_ids"):
        user = request.user
        if user.is_management:
            request._visible_client_ids = _Everything()
        else:
            request._visible_client_ids = set(visible_clients(user).values_list("pk", flat=True))
    return request._visible_client_ids


def client_id_of(obj):
    model = type(obj)._meta.concrete_model
    if model in _client_id_of:
        return _client_id_of[model](obj)
    if hasattr(obj, "client_id"):
        return obj.client_id
    path = getattr(type(obj)._default_manager.get_queryset(), "client_path", None)
    if path is None:
        return None
    *parents, _client = path.split("__")
    for name in parents:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj.client_id


def may_open(request, obj):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    model = type(obj)._meta.concrete_model
    if model in _may_open:
        return _may_open[model](user, obj)
    if isinstance(obj, get_user_model()):
        return True  # a colleague's page: every member of staff (what it lists is scoped to the reader)
    client_id = client_id_of(obj)
    if client_id is None:
        return False
    # Most names on a page belong to rows the page fetched through visible_to(): no query for those.
    return client_id in clients_seen_by(user) or client_id in _visible_client_ids(request)


def link_to(request, obj, text=None):
    """`<a href="its page">its name</a>`, or its name as plain text when the reader may not open it."""
    if obj is None or obj == "":
        return ""
    label = str(obj) if text is None else text
    url = getattr(obj, "get_absolute_url", None)
    if url is None or request is None or not may_open(request, obj):
        return conditional_escape(label)
    return format_html('<a href="{}">{}</a>', url(), label)
