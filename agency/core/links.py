"""Client links: the one place that makes, hashes, finds and guards the secret in an emailed address.

Every address that lets someone in without a login is built here: client decision links, survey and
status-report links, private calendar feeds. A token is 256 random bits; only its SHA-256 is stored,
so the database (and anyone reading it) never holds a usable link. Expiry, revocation and what a link
may do belong to the model that stores the hash; this module gives them the same primitives.

Wrong tokens are counted per address and throttled. The count lives in the cache; if the cache is down
the throttle fails open and says so in the log: a client holding a good link must never see an error
because Redis is unavailable (see docs/practice.md, "Client links").
"""

import functools
import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import translation

from .audit import client_ip

log = logging.getLogger(__name__)

TOKEN_BYTES = 32  # 256 random bits
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def new_token():
    """(token, its hash): the token goes into the email only, the hash into the database."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find(queryset, token, *, field="token_hash"):
    """The row of `queryset` this token opens, or None. A malformed token costs no query."""
    if not token or not TOKEN_RE.match(token):
        return None
    return queryset.filter(**{field: hash_token(token)}).first()


# --- throttling wrong tokens ------------------------------------------------------------------------


def _bad_token_key(ip):
    return f"decision-bad-token:{ip or 'unknown'}"


def bad_tokens_throttled(ip):
    """Too many wrong tokens from this address lately. False when the cache cannot answer."""
    try:
        return (cache.get(_bad_token_key(ip)) or 0) >= settings.DECISION_BAD_TOKEN_LIMIT
    except Exception:
        log.warning("link throttle: the cache is unavailable; letting the request through", exc_info=True)
        return False


def note_bad_token(ip):
    """Count one wrong token from `ip`. Returns the count so far (0 when the cache is down)."""
    key = _bad_token_key(ip)
    try:
        if cache.add(key, 1, timeout=settings.DECISION_BAD_TOKEN_WINDOW):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.DECISION_BAD_TOKEN_WINDOW)
            return 1
    except Exception:
        log.warning("link throttle: the cache is unavailable; a wrong token was not counted", exc_info=True)
        return 0


def reset_bad_tokens(ip):
    try:
        cache.delete(_bad_token_key(ip))
    except Exception:
        log.warning("link throttle: the cache is unavailable; the count was not reset", exc_info=True)


# --- the pages a link opens -------------------------------------------------------------------------


def open_link(request, token, find):
    """How every page an emailed link opens starts: `(row, None)` for the row `find(token)` returns, or
    `(None, response)` to answer instead: 429 while this address has sent too many wrong tokens lately,
    404 (and one more wrong token counted) when the token opens nothing.

        survey, refused = links.open_link(request, token, surveys.find_by_token)
        if refused:
            return refused
    """
    ip = client_ip(request)
    if bad_tokens_throttled(ip):
        return None, render(request, "agency/decision_link_throttled.html", status=429)
    row = find(token)
    if row is None:
        note_bad_token(ip)
        return None, render(request, "agency/decision_link_unknown.html", status=404)
    return row, None


def speak_language_of(request, contact):
    """A link's pages answer in the language of the contact it was sent to, whatever the browser says."""
    translation.activate(contact.language)
    request.LANGUAGE_CODE = contact.language


def opened_by(find):
    """For a page an emailed link opens (see open_link): the view gets the row instead of the token, and
    answers in the language of the row's contact.

        @link_page()
        @links.opened_by(surveys.find_by_token)
        def survey_link(request, survey): ...
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, token, *args, **kwargs):
            row, refused = open_link(request, token, find)
            if refused:
                return refused
            speak_language_of(request, row.contact)
            return view(request, row, *args, **kwargs)

        return wrapper

    return decorate


def link_page(referrer_policy="same-origin"):
    """No caching, no indexing, no Referer to other sites: these pages answer for one person only.

    An address that carries the token gets `no-referrer`. The token-free pages get `same-origin`:
    under `no-referrer` a browser sends `Origin: null` with the form's POST, which CSRF protection
    (rightly) refuses, and their address holds no secret to leak anyway.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = referrer_policy
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorate
