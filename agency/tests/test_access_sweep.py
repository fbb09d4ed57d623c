"""Every URL that takes an object id, for every persona — generated from the URL conf.

A new page with an id in its URL is covered automatically: if the sweep does not
know how to make an object for one of its URL arguments, it fails and says which
maker to add to OBJECT_MAKERS below.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agency.models import OutboxMessage

# URL argument name -> function(personas) returning the id of an object that belongs to personas.client.
OBJECT_MAKERS = {
    "message_id": lambda p: (
        OutboxMessage.objects.create(
            to_email="liu.yang@tianshan.example", subject="Brief", body_text="...", client=p.client
        ).pk
    ),
}

# Patterns that take no object id (tokens for client links, password-reset ids) are not swept here:
# their own tests cover them.
SKIPPED_PREFIXES = ("admin/",)


def object_patterns():
    """(name, [id argument names]) for every named pattern whose URL takes an integer id."""
    found = []

    def walk(resolver, namespace, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                route = prefix + str(entry.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, ns, route)
            elif isinstance(entry, URLPattern) and entry.name:
                converters = getattr(entry.pattern, "converters", {})
                ids = [arg for arg, conv in converters.items() if conv.__class__.__name__ == "IntConverter"]
                if ids:
                    found.append((namespace + entry.name, ids))

    walk(get_resolver(), "", "")
    return sorted(found)


PATTERNS = object_patterns()


def test_it_knows_how_to_make_an_object_for_every_id_in_every_url():
    unknown = {arg for _, ids in PATTERNS for arg in ids if arg not in OBJECT_MAKERS}
    assert not unknown, f"add makers to OBJECT_MAKERS for: {sorted(unknown)}"


@pytest.fixture
def url_for(personas):
    def make(name, ids):
        return reverse(name, kwargs={arg: OBJECT_MAKERS[arg](personas) for arg in ids})

    return make


@pytest.mark.parametrize(("name", "ids"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_it_answers_each_persona_rightly(client, personas, url_for, name, ids):
    if any(arg not in OBJECT_MAKERS for arg in ids):
        pytest.fail(f"no maker for {ids}")
    url = url_for(name, ids)

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"], url

    for persona in ("member", "supervisor", "management"):
        client.force_login(getattr(personas, persona))
        status = client.get(url).status_code
        assert status in (200, 302, 405), f"{persona} got {status} on {url}"

    for persona in ("outsider", "finance"):
        client.force_login(getattr(personas, persona))
        response = client.get(url)
        if response.status_code == 405:  # POST-only: the outsider's POST must not find the object either
            response = client.post(url, {})
        assert response.status_code == 404, f"{persona} got {response.status_code} on {url}"
