"""Deciding through an emailed link as a client does: the decision page's choose POST, then the confirm
page's own form (with the hidden fields and content hash it carries). For every app's tests.

    from agency.core.tests.decision_flow import decide_by_link

    browser.get(f"/d/{request.token}/")                  # land: the browser now holds the link
    response = decide_by_link(browser, request, outcome="approved", comment="Go.")
    assert response.status_code == 302                  # to the receipt
"""

import re
from html.parser import HTMLParser

CONFIRM_ACTION = re.compile(r"/decision/\d+/confirm/$")


class _ConfirmForm(HTMLParser):
    """The action and hidden fields of the confirm page's form, if the page has one."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and CONFIRM_ACTION.search(attrs.get("action") or ""):
            self.action, self._inside = attrs["action"], True
        elif tag == "input" and self._inside and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def page_address(target):
    """The token-free page address of a DecisionRequest, its pk, or an address like "/decision/5/"."""
    if isinstance(target, str):
        return target if target.endswith("/") else target + "/"
    return f"/decision/{getattr(target, 'pk', target)}/"


def confirm_form(response):
    """(action, [(name, value)]) of the confirm form on a choose response, or (None, [])."""
    parser = _ConfirmForm()
    parser.feed(response.content.decode())
    return parser.action, parser.fields


def choose(browser, target, data=None, *, headers=None, **fields):
    """The decision page's buttons: POST to the choose step (records nothing). Returns its response."""
    return browser.post(page_address(target) + "decide/", {**(data or {}), **fields}, headers=headers)


def confirm(browser, chosen, *, headers=None, follow=False, **overrides):
    """Press "Confirm" on the confirm page `chosen` (a choose response); `overrides` replace hidden fields
    (e.g. content_hash="..." to post a hash other than the one shown)."""
    action, fields = confirm_form(chosen)
    assert action, f"no confirm form on the page (status {chosen.status_code})"
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in overrides.items():
        data[name] = [value]
    return browser.post(action, data, headers=headers, follow=follow)


def decide_by_link(browser, target, data=None, *, headers=None, follow=False, **fields):
    """Choose, then confirm, as a client would. `browser` must already have landed through the link.
    Returns the confirm response, or the choose response when the choice was refused (no confirm page)."""
    chosen = choose(browser, target, data, headers=headers, **fields)
    if confirm_form(chosen)[0] is None:
        if follow and chosen.status_code in (301, 302):
            return browser.get(chosen["Location"])
        return chosen
    return confirm(browser, chosen, headers=headers, follow=follow)


def open_emailed_link(to_email, browser=None):
    """A fresh browser (or `browser`) opens the newest decision link emailed to `to_email`, as its
    recipient would. Returns (browser, the token-free page address)."""
    from django.test import Client

    from agency.core import outbox
    from agency.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = browser or Client()
    page = browser.get(path, follow=True)
    assert page.status_code == 200, page.status_code
    return browser, page.redirect_chain[-1][0]
