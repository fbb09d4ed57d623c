"""Every URL that takes an object id, for every persona — generated from the URL conf.

A new page with an id in its URL is covered automatically: if the sweep does not
know how to make an object for one of its URL arguments, it fails and says which
maker to add to OBJECT_MAKERS below.
"""

import csv
import io

import pytest
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agency.core.api_tokens import api_token_issue
from agency.core.models import Notification, OutboxMessage
from agency.core.reminder_calendar import calendar_feed_issue


class Family:
    """How to make an object for a URL argument, and who must (not) find it.

    insiders must not get 404: they find the object (200, a redirect, 405 for POST-only URLs,
    or 403 where their role may see but not change it);
    outsiders must get 404, on GET and on POST.
    """

    def __init__(self, maker, insiders, outsiders):
        self.maker, self.insiders, self.outsiders = maker, insiders, outsiders


CLIENT_TEAM = ("member", "supervisor", "management")
NOT_ON_TEAM = ("outsider", "finance")


def account_factories():
    from accounts.tests import factories

    return factories


def campaign_factories():
    from briefs.tests import factories

    return factories


def make_campaign(p, with_brief=False):
    campaign = campaign_factories().CampaignFactory(
        brand=account_factories().BrandFactory(client=p.client), lead_ae=p.member, checklist=True
    )
    if with_brief:
        campaign_factories().make_brief(campaign, by=p.member)
    return campaign


def tiny_png():
    from django.core.files.base import ContentFile

    return ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="key-visual.png")


def make_concept_file(p):
    from briefs.models import ConceptAttachment

    concept = campaign_factories().ConceptFactory(campaign=make_campaign(p))
    return ConceptAttachment.objects.create(
        concept=concept, file=tiny_png(), original_name="key-visual.png", content_type="image/png", size=72
    ).pk


def make_final_ad_file(p):
    from briefs.models import FinalAdAsset

    final_ad = campaign_factories().FinalAdFactory(campaign=make_campaign(p))
    return FinalAdAsset.objects.create(
        final_ad=final_ad, file=tiny_png(), original_name="tvc.png", content_type="image/png", size=72, format="KV"
    ).pk


def make_decision_request(p):
    from agency.core import decisions

    campaign = make_campaign(p)
    brief = campaign_factories().make_brief(campaign, by=p.member)
    contact = account_factories().ContactFactory(client=p.client)
    return decisions.request_decision(document=brief.versions.get(number=1), contact=contact, by=p.member).pk


def make_decision_evidence(p):
    """The evidence of a confirmation received outside the link, as the account team stores it."""
    from agency.core.models import DecisionEvidence

    return DecisionEvidence.objects.create(
        request_id=make_decision_request(p), file=tiny_png(), original_name="approval.png", content_type="image/png",
        size=72,
    ).pk  # fmt: skip


def media_world(p):
    """One campaign's media: a plan confirmed by the client, a booking, a monitoring report with a
    make-good and a proof file, and a post-analysis. Made once per test."""
    if not hasattr(p, "media"):
        from datetime import date

        from evaluations.services import analysis
        from media.models import MakeGoodProof, ProofFile
        from media.services import bookings
        from media.tests.factories import satisfy_media_gate

        campaign = make_campaign(p)
        contact = account_factories().ContactFactory(client=p.client)
        version = satisfy_media_gate(campaign, contact=contact, by=p.member)
        line = version.lines.order_by("position").first()
        booking = line.bookings.get()
        report = bookings.monitoring_record(
            booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 7), scheduled=7, aired=6,
            notes="", proofs=[], by=p.member,
        )  # fmt: skip
        proof = ProofFile.objects.create(
            report=report, client=p.client, kind="photo", file=tiny_png(), original_name="night.png",
            content_type="image/png", size=72,
        )  # fmt: skip
        make_good_proof = MakeGoodProof.objects.create(
            make_good=report.make_good, client=p.client, kind="photo", file=tiny_png(), original_name="mg.png",
            content_type="image/png", size=72,
        )  # fmt: skip
        post = analysis.post_analysis_create(campaign=campaign, summary="Delivered.", by=p.member)
        p.media = {
            "campaign_id": campaign.pk, "version_id": version.pk, "line_id": line.pk, "booking_id": booking.pk,
            "make_good_id": report.make_good.pk, "proof_id": proof.pk, "analysis_id": post.pk,
            "make_good_proof_id": make_good_proof.pk,
        }  # fmt: skip
    return p.media


def media_family(arg):
    return Family(lambda p: media_world(p)[arg], CLIENT_TEAM, NOT_ON_TEAM)


def evaluation_world(p):
    """One campaign in its evaluation step, with a client-approved brief and its evaluation started."""
    if not hasattr(p, "evaluation"):
        from briefs.models import Campaign
        from evaluations.services.campaign import evaluation_start

        campaign = make_campaign(p)
        contact = account_factories().ContactFactory(client=p.client)
        campaign_factories().approve_brief_with_objectives(campaign, contact=contact, by=p.member)
        Campaign.objects.filter(pk=campaign.pk).update(stage="evaluation")
        campaign.refresh_from_db()
        evaluation = evaluation_start(campaign=campaign, by=p.member)
        p.evaluation = {"campaign_id": campaign.pk, "kpi_result_id": evaluation.results.first().pk}
    return p.evaluation


def make_review(p):
    import datetime

    from evaluations.services import reviews

    cycle = reviews.cycle_create(
        name="2026 H2",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=[p.member],
        by=p.management,
    )
    return cycle.reviews.get()


def make_complaint(p):
    from django.utils import timezone

    from accounts.services.complaints import complaint_record

    return complaint_record(
        client=p.client, by=p.member, channel="phone", received_at=timezone.now(), description="Wrong price on air.",
        category="service", priority="urgent",
    )  # fmt: skip


def make_survey(p):
    from accounts.services.surveys import survey_send

    return survey_send(contact=account_factories().ContactFactory(client=p.client), reason="manual", by=p.member)


def make_status_report(p):
    from accounts.services.status_reports import status_report_draft

    return status_report_draft(client=p.client, by=p.member)[0]


def make_link(p):
    """An open decision link for the client, as emailed to one of its contacts; returns the token."""
    from agency.core import decisions

    campaign = make_campaign(p)
    brief = campaign_factories().make_brief(campaign, by=p.member)
    contact = account_factories().ContactFactory(client=p.client)
    return decisions.request_decision(document=brief.versions.get(number=1), contact=contact, by=p.member).token


# URL argument name -> its family. Reviews follow the review's own confidentiality rules
# (evaluations/access.py, tested in detail there); here: unrelated people get 404.
def make_webhook(p):
    """One endpoint per set of personas, so a delivery's URL names its own endpoint."""
    from agency.core.webhooks import endpoint_create

    if not hasattr(p, "webhook"):
        hook = "http://127.0.0.1:9/hook"
        p.webhook = endpoint_create(name="Finance", url=hook, events=["decision.recorded"], by=p.management)[0]
    return p.webhook


def make_webhook_delivery(p):
    from agency.core.models import WebhookDelivery

    return WebhookDelivery.objects.create(endpoint=make_webhook(p), event_type="decision.recorded", body="{}").pk


FAMILIES = {
    "message_id": Family(
        lambda p: (
            OutboxMessage.objects.create(
                to_email="liu.yang@tianshan.example", subject="Brief", body_text="...", client=p.client
            ).pk
        ),
        CLIENT_TEAM,
        NOT_ON_TEAM,
    ),
    "client_id": Family(lambda p: p.client.pk, CLIENT_TEAM, NOT_ON_TEAM),
    "brand_id": Family(lambda p: account_factories().BrandFactory(client=p.client).pk, CLIENT_TEAM, NOT_ON_TEAM),
    "contact_id": Family(lambda p: account_factories().ContactFactory(client=p.client).pk, CLIENT_TEAM, NOT_ON_TEAM),
    "report_id": Family(
        lambda p: account_factories().ContactReportFactory(client=p.client, created_by=p.member).pk,
        CLIENT_TEAM,
        NOT_ON_TEAM,
    ),
    "item_id": Family(
        lambda p: (
            account_factories()
            .ActionItemFactory(report__client=p.client, report__created_by=p.member, owner=p.member)
            .pk
        ),
        CLIENT_TEAM,
        NOT_ON_TEAM,
    ),
    # A prospect is its owner's, their supervisors' and management's.
    "prospect_id": Family(lambda p: account_factories().ProspectFactory(owner=p.member).pk, CLIENT_TEAM, NOT_ON_TEAM),
    # Every swept campaign has a brief, so its brief pages (by version number) exist too.
    "campaign_id": Family(lambda p: make_campaign(p, with_brief=True).pk, CLIENT_TEAM, NOT_ON_TEAM),
    "number": Family(lambda p: 1, CLIENT_TEAM, NOT_ON_TEAM),
    "step_id": Family(lambda p: make_campaign(p).steps.first().pk, CLIENT_TEAM, NOT_ON_TEAM),
    "concept_id": Family(
        lambda p: campaign_factories().ConceptFactory(campaign=make_campaign(p)).pk, CLIENT_TEAM, NOT_ON_TEAM
    ),
    "attachment_id": Family(make_concept_file, CLIENT_TEAM, NOT_ON_TEAM),
    "estimate_id": Family(
        lambda p: campaign_factories().EstimateFactory(campaign=make_campaign(p)).pk, CLIENT_TEAM, NOT_ON_TEAM
    ),
    "line_id": Family(
        lambda p: campaign_factories().EstimateLineFactory(estimate__campaign=make_campaign(p)).pk,
        CLIENT_TEAM,
        NOT_ON_TEAM,
    ),
    "final_ad_id": Family(
        lambda p: campaign_factories().FinalAdFactory(campaign=make_campaign(p)).pk, CLIENT_TEAM, NOT_ON_TEAM
    ),
    "asset_id": Family(make_final_ad_file, CLIENT_TEAM, NOT_ON_TEAM),
    "request_id": Family(make_decision_request, CLIENT_TEAM, NOT_ON_TEAM),
    "evidence_id": Family(make_decision_evidence, CLIENT_TEAM, NOT_ON_TEAM),
    # Notifications and calendar feeds are their owner's alone.
    "notification_id": Family(
        lambda p: Notification.objects.create(user=p.member, client=p.client, title="Step overdue").pk,
        ("member",),
        ("supervisor", "management", *NOT_ON_TEAM),
    ),
    "token_id": Family(
        lambda p: api_token_issue(owner=p.member, name="Finance system", by=p.member)[0].pk,
        ("member",),
        ("supervisor", "management", *NOT_ON_TEAM),
    ),
    # Webhooks are management's alone (the permission map's "webhook.manage"; others get 403, tested with
    # the webhooks: agency/tests/test_webhooks.py).
    "endpoint_id": Family(lambda p: make_webhook(p).pk, ("management",), ()),
    "delivery_id": Family(make_webhook_delivery, ("management",), ()),
    "feed_id": Family(
        lambda p: calendar_feed_issue(owner=p.member, by=p.member)[0].pk,
        ("member",),
        ("supervisor", "management", *NOT_ON_TEAM),
    ),
    "review_id": Family(lambda p: make_review(p).pk, ("supervisor", "management"), NOT_ON_TEAM),
    # A cycle: management, and anyone with people under them in it (their own people's progress only).
    "cycle_id": Family(lambda p: make_review(p).cycle_id, ("supervisor", "management"), ("member", *NOT_ON_TEAM)),
    "feedback_id": Family(
        lambda p: make_review(p).feedback.get(reviewer=p.supervisor).pk, ("supervisor",), NOT_ON_TEAM
    ),
    "user_id": Family(lambda p: p.member.pk, ("member", "supervisor", "management"), NOT_ON_TEAM),
    "complaint_id": Family(lambda p: make_complaint(p).pk, CLIENT_TEAM, NOT_ON_TEAM),
    "survey_id": Family(lambda p: make_survey(p).pk, CLIENT_TEAM, NOT_ON_TEAM),
    "status_report_id": Family(lambda p: make_status_report(p).pk, CLIENT_TEAM, NOT_ON_TEAM),
}

# Where one argument name means different things in different apps: URL name prefix -> families.
FAMILIES_BY_URL_PREFIX = {
    "media_": {
        arg: media_family(arg)
        for arg in (
            "campaign_id",
            "version_id",
            "line_id",
            "booking_id",
            "make_good_id",
            "proof_id",
            "make_good_proof_id",
            "analysis_id",
        )  # fmt: skip
    },
    # A colleague's page: every member of staff opens it; it lists only the reader's clients' work
    # (agency/tests/test_object_links.py).
    "person_detail": {"user_id": Family(lambda p: p.member.pk, (*CLIENT_TEAM, *NOT_ON_TEAM), ())},
    "campaign_evaluation": {
        arg: Family(lambda p, arg=arg: evaluation_world(p)[arg], CLIENT_TEAM, NOT_ON_TEAM)
        for arg in ("campaign_id", "kpi_result_id")
    },
}


def family_for(name, arg):
    for prefix, families in FAMILIES_BY_URL_PREFIX.items():
        if name.startswith(prefix) and arg in families:
            return families[arg]
    return FAMILIES.get(arg)


# Pages narrower than their family: who may see them, by URL name.
INSIDERS_BY_URL = {
    "reviews:raw_answers": ("management",),  # raw answers: management only, with a reason
    "reviews:results_csv": ("management",),  # results reach the supervisor once shared
}

# Patterns that take no object id (tokens for client links, password-reset ids) are not swept here:
# their own tests cover them.
# The REST API answers 401, not a login page: agency/tests/test_api.py sweeps every API route likewise.
SKIPPED_PREFIXES = ("admin/", "api/")
# The client's side of a decision link: no login, reached only with the link in the session
# (agency/tests/test_decision_links.py and friends cover them, including another client's link).
SKIPPED_NAMES = {
    "decision_page", "decision_decide", "decision_confirm", "decision_receipt", "decision_send_code", "decision_file",
}  # fmt: skip
# An import's preview and progress are its uploader's alone, under a random id besides the plan's
# (media/tests/test_plan_import.py: another person on the team gets 404).
SKIPPED_NAMES |= {"media_plan_import_job"}


def object_patterns():
    """(name, [id argument names]) for every named pattern whose URL takes an integer id."""
    found = []

    def int_args(pattern):
        converters = getattr(pattern, "converters", {})
        return [arg for arg, conv in converters.items() if conv.__class__.__name__ == "IntConverter"]

    def walk(resolver, namespace, prefix, inherited):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                route = prefix + str(entry.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, ns, route, inherited + int_args(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
                ids = inherited + int_args(entry.pattern)
                if ids:
                    found.append((namespace + entry.name, ids))

    walk(get_resolver(), "", "", [])
    return sorted(found)


PATTERNS = object_patterns()


def test_it_knows_how_to_make_an_object_for_every_id_in_every_url():
    unknown = {arg for name, ids in PATTERNS for arg in ids if family_for(name, arg) is None}
    assert not unknown, f"add these URL arguments to FAMILIES: {sorted(unknown)}"


@pytest.mark.parametrize(("name", "ids"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_it_answers_each_persona_rightly(client, personas, name, ids, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    families = [family_for(name, arg) for arg in ids]
    if None in families:
        pytest.fail(f"no family for {ids}")
    url = reverse(name, kwargs={arg: family.maker(personas) for arg, family in zip(ids, families, strict=True)})
    insiders = set(INSIDERS_BY_URL.get(name, set.intersection(*(set(f.insiders) for f in families))))
    outsiders = set.union(*(set(f.outsiders) for f in families))

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"], url

    # A client contact holding a decision link for this client is still nobody on staff pages.
    link_holder = Browser()
    token = make_link(personas)
    assert link_holder.get(f"/d/{token}/").status_code == 302
    for response in (link_holder.get(url), link_holder.post(url, {})):
        assert response.status_code in (302, 403) and "/auth/login/" in response.get("Location", "/auth/login/"), url

    for persona in sorted(insiders):
        client.force_login(getattr(personas, persona))
        status = client.get(url).status_code
        assert status in (200, 302, 403, 405), f"{persona} got {status} on {url}"

    for persona in sorted(outsiders):
        client.force_login(getattr(personas, persona))
        response = client.get(url)
        if response.status_code == 405:  # POST-only: the outsider's POST must not find the object either
            response = client.post(url, {})
        assert response.status_code == 404, f"{persona} got {response.status_code} on {url}"


# Pages without an object id: lists, dashboards and exports. Each is scoped to the viewer, so the client's
# name must not reach someone off its team, in the page or in the exported file.
UNSCOPED_SKIPPED = {
    "set_language", "logout", "login", "password_reset", "decision_landing", "calendar_feed", "favicon",
}  # fmt: skip


def list_patterns():
    found = []

    def walk(resolver, namespace, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                route = prefix + str(entry.pattern)
                if route.startswith((*SKIPPED_PREFIXES, "auth/")) or entry.pattern.converters:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, ns, route)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
                if entry.name not in UNSCOPED_SKIPPED and not entry.name.startswith("bench"):
                    found.append(namespace + entry.name)

    walk(get_resolver(), "", "")
    return sorted(found)


def readable(response):
    """The text a person would read: xlsx cells, csv cells, or the page."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    text = content.decode("utf-8-sig", errors="replace")
    if response.get("Content-Type", "").startswith("text/csv"):
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    return text


@pytest.mark.parametrize("name", list_patterns())
def test_lists_and_exports_show_a_client_only_to_its_team(client, personas, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_campaign(personas, with_brief=True)
    account_factories().ContactReportFactory(client=personas.client, created_by=personas.member)
    OutboxMessage.objects.create(to_email="a@tianshan.example", subject="Brief", body_text="", client=personas.client)
    url = reverse(name)

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"], url
    for persona in ("outsider", "finance"):
        client.force_login(getattr(personas, persona))
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), f"{persona} got {response.status_code} on {url}"
        if response.status_code == 200:
            assert "Tianshan Dairy" not in readable(response), f"{persona} sees the client on {url}"


@pytest.mark.parametrize("name", ["accounts:client_export_csv", "accounts:client_export_xlsx", "campaign_list"])
def test_the_client_is_in_its_own_teams_exports(client, personas, name):
    """The check above can fail: the same reading finds the client for its team."""
    make_campaign(personas, with_brief=True)
    client.force_login(personas.member)
    response = client.get(reverse(name))
    assert response.status_code == 200 and "Tianshan Dairy" in readable(response)
