"""The REST API (agency/site/api/): the same rights as the pages, for every route and every persona;
tokens shown once and stored hashed; stale writes refused; writes audited; a schema that lists it all."""

import hashlib
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agency.core.api_tokens import api_token_issue
from agency.core.models import ApiToken, AuditEvent
from agency.tests.test_access_sweep import (
    CLIENT_TEAM,
    account_factories,
    campaign_factories,
    make_campaign,
    make_complaint,
    make_decision_request,
    make_final_ad_file,
    media_world,
)

PERSONAS = ("member", "supervisor", "management", "outsider", "finance")


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # throttle counts are per token id, and ids repeat between tests
    yield
    cache.clear()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def token_for(user):
    return api_token_issue(owner=user, name="Finance system", by=user)[1]


def approved_estimate(p):
    return (
        campaign_factories()
        .EstimateLineFactory(estimate__campaign=make_campaign(p), estimate__status="approved")
        .estimate
    )


def make_cost(p):
    from briefs.services.creative import actual_cost_record

    return actual_cost_record(
        estimate=approved_estimate(p), vendor="Shanghai Film Co.", description="Shoot", amount="1200.00",
        incurred_on=date(2026, 7, 1), by=p.member,
    ).pk  # fmt: skip


def make_brief_version(p):
    campaign = make_campaign(p, with_brief=True)
    return campaign.creative_brief.versions.get(number=1).pk


def make_concept(p):
    from briefs.models import ConceptAttachment

    return ConceptAttachment.objects.get(pk=campaign_concept_file(p)).concept_id


def campaign_concept_file(p):
    from agency.tests.test_access_sweep import make_concept_file

    return make_concept_file(p)


def make_final_ad(p):
    from briefs.models import FinalAdAsset

    return FinalAdAsset.objects.get(pk=make_final_ad_file(p)).final_ad_id


def make_airing_report(p):
    from media.models import MonitoringReport

    return MonitoringReport.objects.get(booking_id=media_world(p)["booking_id"]).pk


# basename -> (makes one row of the persona's client, its id)
OBJECTS = {
    "client": lambda p: p.client.pk,
    "contact": lambda p: account_factories().ContactFactory(client=p.client).pk,
    "campaign": lambda p: make_campaign(p).pk,
    "brief": make_brief_version,
    "concept": make_concept,
    "estimate": lambda p: approved_estimate(p).pk,
    "final-ad": make_final_ad,
    "media-plan": lambda p: media_world(p)["version_id"],
    "media-plan-line": lambda p: media_world(p)["line_id"],
    "booking": lambda p: media_world(p)["booking_id"],
    "cost": make_cost,
    "airing-report": make_airing_report,
    "decision": make_decision_request,
    "complaint": lambda p: make_complaint(p).pk,
}
NOT_SWEPT_HERE = {"api:docs"}  # a page for people: login_required like every page (tested below)


def api_patterns():
    """(name, route) of every pattern under /api/."""
    found = []

    def walk(resolver, namespace, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith("api/") or (prefix == "" and str(entry.pattern) == "api/"):
                    ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                    walk(entry, ns, route)
            elif isinstance(entry, URLPattern) and route.startswith("api/"):
                found.append((namespace + entry.name, route))

    walk(get_resolver(), "", "")
    return sorted(found)


API_PATTERNS = api_patterns()


def test_it_knows_a_row_for_every_api_resource():
    bases = {name.split(":", 1)[1].rsplit("-", 1)[0] for name, route in API_PATTERNS if "<int:pk>" in route}
    assert bases and bases <= set(OBJECTS), f"add to OBJECTS: {sorted(bases - set(OBJECTS))}"


@pytest.mark.parametrize(("name", "route"), API_PATTERNS, ids=[name for name, _ in API_PATTERNS])
def test_every_api_route_answers_each_persona_as_the_pages_do(client, personas, name, route, settings, tmp_path):
    """Anonymous: 401 with a problem body. A row outside one's clients: 404, as on the pages. Lists: the
    team finds the client's row, people off the team do not."""
    settings.MEDIA_ROOT = tmp_path
    if name in NOT_SWEPT_HERE:
        pytest.skip("a page, not an endpoint")
    base = name.split(":", 1)[1].rsplit("-", 1)[0]
    object_id = OBJECTS[base](personas) if base in OBJECTS else None
    url = reverse(name, kwargs={"pk": object_id}) if "<int:pk>" in route else reverse(name)

    anonymous = client.get(url, HTTP_ACCEPT="application/json")
    assert anonymous.status_code == 401, url
    assert anonymous["Content-Type"].startswith("application/problem+json")
    assert anonymous.json()["status"] == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    assert client.get(url, **bearer("not-a-real-token-but-long-enough-x")).status_code == 401

    for persona in PERSONAS:
        user = getattr(personas, persona)
        response = client.get(url, **bearer(token_for(user)))
        insider = persona in CLIENT_TEAM
        if "<int:pk>" in route:
            expected = 200 if insider else 404
            assert response.status_code == expected, f"{persona} got {response.status_code} on {url}"
            if insider:
                assert response.json()["id"] == object_id and response["ETag"]
            else:
                for method in ("put", "patch"):
                    refused = getattr(client, method)(
                        url, {}, content_type="application/json", **bearer(token_for(user))
                    )
                    assert refused.status_code in (404, 405), f"{persona} {method} got {refused.status_code}"
        else:
            assert response.status_code == 200, f"{persona} got {response.status_code} on {url}"
            if object_id is not None:
                ids = [row["id"] for row in response.json()["results"]]
                assert (object_id in ids) == insider, f"{persona} on {url}: {ids}"


def test_the_dashboard_counts_only_what_the_caller_may_see(client, personas):
    make_campaign(personas)
    make_complaint(personas)
    team = client.get(reverse("api:dashboard"), **bearer(token_for(personas.member))).json()
    outsider = client.get(reverse("api:dashboard"), **bearer(token_for(personas.outsider))).json()
    assert team["campaigns_by_stage"] == [{"stage": "brief", "campaigns": 1}] and team["complaints_open"] == 1
    assert outsider["campaigns_by_stage"] == [] and outsider["complaints_open"] == 0


# ── The schema ───────────────────────────────────────────────────────────────────────────────


def openapi_path(route):
    path = "/" + route
    path = path.replace("<int:pk>", "{id}")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def test_the_schema_is_valid_openapi_and_lists_every_api_route(client, personas):
    from openapi_spec_validator import validate

    client.force_login(personas.member)
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    not_endpoints = {"api:schema", "api:docs", "api:api-root"}
    missing = [
        route
        for name, route in API_PATTERNS
        if name not in not_endpoints and openapi_path(route) not in schema["paths"]
    ]
    assert not missing, missing
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_the_reference_page_lists_the_endpoints_without_third_party_scripts(client, personas):
    assert client.get(reverse("api:docs")).status_code == 302  # a page: sign in first
    client.force_login(personas.member)
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200 and "/api/clients/{id}/" in page and 'id="error-precondition_failed"' in page
    assert "cdn" not in page.lower() and '<script src="http' not in page


# ── Tokens ───────────────────────────────────────────────────────────────────────────────────


def test_a_token_is_shown_once_stored_hashed_and_refused_once_revoked(client, personas):
    client.force_login(personas.member)
    made = client.post(reverse("api_token_list"), {"name": "Finance system"})
    token = re.search(r'id="new-api-token">([^<]+)<', made.content.decode()).group(1)
    assert made["Cache-Control"] == "no-store"
    row = ApiToken.objects.get(owner=personas.member)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ApiToken.objects.values_list()))
    again = client.get(reverse("api_token_list")).content.decode()
    assert "Finance system" in again and token not in again

    client.logout()
    assert client.get(reverse("api:client-list"), **bearer(token)).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None

    client.force_login(personas.member)
    assert client.post(reverse("api_token_revoke", args=[row.pk])).status_code == 302
    client.logout()
    refused = client.get(reverse("api:client-list"), **bearer(token))
    assert refused.status_code == 401 and refused.json()["title"]
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=personas.member).exists()


def test_nobody_revokes_someone_elses_token(client, personas):
    row, token = api_token_issue(owner=personas.member, name="CRM", by=personas.member)
    client.force_login(personas.management)
    assert client.post(reverse("api_token_revoke", args=[row.pk])).status_code == 404
    assert client.get(reverse("api:client-list"), **bearer(token)).status_code == 200


def test_a_deactivated_persons_token_stops_working(client, personas):
    token = token_for(personas.member)
    personas.member.is_active = False
    personas.member.save()
    assert client.get(reverse("api:client-list"), **bearer(token)).status_code == 401


def test_each_token_is_throttled_on_its_own(client, personas, settings):
    settings.API_RATE = "3/minute"
    first, second = token_for(personas.member), token_for(personas.member)
    answers = [client.get(reverse("api:dashboard"), **bearer(first)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get(reverse("api:dashboard"), **bearer(second)).status_code == 200


# ── Writes: through the services, audited, conflicting edits caught ──────────────────────────────


def test_a_stale_etag_is_refused_with_412_and_changes_nothing(client, personas):
    token = token_for(personas.member)
    url = reverse("api:client-detail", args=[personas.client.pk])
    etag = client.get(url, **bearer(token))["ETag"]

    client.patch(url, {"industry": "Dairy"}, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token))
    stale = client.patch(url, {"tier": "low"}, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token))
    assert stale.status_code == 412
    assert stale.json()["type"] == "/api/docs/#error-precondition_failed"
    personas.client.refresh_from_db()
    assert personas.client.industry == "Dairy" and personas.client.tier != "low"

    missing = client.patch(url, {"tier": "low"}, content_type="application/json", **bearer(token))
    assert missing.status_code == 428
    personas.client.refresh_from_db()
    assert personas.client.tier != "low"


def test_a_client_edit_is_audited_as_the_tokens_owner(client, personas):
    token = token_for(personas.member)
    url = reverse("api:client-detail", args=[personas.client.pk])
    etag = client.get(url, **bearer(token))["ETag"]
    saved = client.patch(url, {"tier": "high"}, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token))
    assert saved.status_code == 200 and saved.json()["tier"] == "high" and saved["ETag"] != etag
    event = AuditEvent.objects.get(action="client.updated")
    assert event.actor == personas.member and event.data["changes"]["tier"][1] == "high"


def test_a_new_client_and_its_contact_come_in_through_the_services(client, personas):
    token = token_for(personas.member)
    made = client.post(
        reverse("api:client-list"), {"name": "Jade River Tea", "code": "JRT", "tier": "high"},
        content_type="application/json", **bearer(token),
    )  # fmt: skip
    assert made.status_code == 201
    client_id = made.json()["id"]
    assert AuditEvent.objects.filter(action="client.created", actor=personas.member).exists()
    contact = client.post(
        reverse("api:contact-list"), {"client": client_id, "name": "Liu Yang", "email": "liu@jaderiver.example"},
        content_type="application/json", **bearer(token),
    )  # fmt: skip
    assert contact.status_code == 201
    assert AuditEvent.objects.filter(action="contact.created", actor=personas.member).exists()


def test_a_contact_cannot_be_added_to_a_client_one_cannot_see(client, personas):
    refused = client.post(
        reverse("api:contact-list"), {"client": personas.client.pk, "name": "Spy", "email": "spy@example.com"},
        content_type="application/json", **bearer(token_for(personas.outsider)),
    )  # fmt: skip
    assert refused.status_code == 400
    body = refused.json()
    assert set(body) >= {"type", "title", "status", "detail", "errors"} and "client" in body["errors"]
    assert not personas.client.contacts.filter(name="Spy").exists()


def test_an_invoice_is_recorded_as_an_actual_cost_and_audited(client, personas):
    estimate = approved_estimate(personas)
    made = client.post(
        reverse("api:cost-list"),
        {"estimate": estimate.pk, "vendor": "Shanghai Film Co.", "description": "Invoice 778", "amount": "800.50",
         "incurred_on": "2026-07-02"},
        content_type="application/json", **bearer(token_for(personas.member)),
    )  # fmt: skip
    assert made.status_code == 201
    assert made.json()["amount"] == "800.50" and made.json()["currency"] == "CNY"
    assert AuditEvent.objects.get(action="estimate.actual_recorded").actor == personas.member


def test_a_cost_on_an_estimate_not_yet_approved_is_a_409_and_nothing_is_saved(client, personas):
    estimate = campaign_factories().EstimateFactory(campaign=make_campaign(personas))
    refused = client.post(
        reverse("api:cost-list"),
        {"estimate": estimate.pk, "vendor": "X", "description": "Y", "amount": "10.00", "incurred_on": "2026-07-02"},
        content_type="application/json", **bearer(token_for(personas.member)),
    )  # fmt: skip
    assert refused.status_code == 409 and "approved" in refused.json()["detail"]
    assert not estimate.actual_costs.exists()


def test_a_role_outside_the_permission_map_may_not_record_costs(client, personas):
    from accounts.tests.factories import TeamMemberFactory
    from agency.core.tests.factories import UserFactory

    creative = UserFactory(username="creative", title="copywriter", department="creative")
    TeamMemberFactory(client=personas.client, user=creative, role="creative")
    estimate = approved_estimate(personas)
    refused = client.post(
        reverse("api:cost-list"),
        {"estimate": estimate.pk, "vendor": "X", "description": "Y", "amount": "10.00", "incurred_on": "2026-07-02"},
        content_type="application/json", **bearer(token_for(creative)),
    )  # fmt: skip
    assert refused.status_code == 403
    assert not estimate.actual_costs.exists()


def test_an_airing_log_with_missed_spots_makes_a_make_good(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    booking_id = media_world(personas)["booking_id"]
    made = client.post(
        reverse("api:airing-report-list"),
        {"booking": booking_id, "period_start": "2026-07-08", "period_end": "2026-07-14", "scheduled": 7, "aired": 5},
        content_type="application/json", **bearer(token_for(personas.member)),
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["missed"] == 2
    from media.models import MonitoringReport

    assert MonitoringReport.objects.get(pk=made.json()["id"]).make_good.spots == 2
    assert AuditEvent.objects.filter(action="booking.monitored", actor=personas.member).count() == 2


# ── Conventions ──────────────────────────────────────────────────────────────────────────────


def test_lists_come_in_cursor_pages_filtered_and_ordered(client, personas):
    for code in ("AAA", "BBB", "CCC"):
        account_factories().ClientFactory(name=f"Client {code}", code=code, tier="low")
    token = token_for(personas.management)
    page = client.get(reverse("api:client-list"), {"page_size": 2, "ordering": "name"}, **bearer(token)).json()
    names = [row["name"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"], **bearer(token)).json()
        names += [row["name"] for row in page["results"]]
    assert names == ["Client AAA", "Client BBB", "Client CCC", "Harbour Line Coffee", "Tianshan Dairy"]
    low = client.get(reverse("api:client-list"), {"tier": "low"}, **bearer(token)).json()["results"]
    assert {row["code"] for row in low} == {"AAA", "BBB", "CCC"}


def test_money_is_a_decimal_string_with_its_currency_and_times_carry_their_offset(client, personas):
    campaign = make_campaign(personas)
    campaign.budget = "150000.00"
    campaign.save()
    row = client.get(reverse("api:campaign-detail", args=[campaign.pk]), **bearer(token_for(personas.member))).json()
    assert row["budget"] == "150000.00" and row["currency"] == "CNY"
    assert re.search(r"[+-]\d\d:\d\d$|Z$", row["created_at"])
    assert row["checklist"] and {"milestone", "date"} <= set(row["milestones"][0])


def test_decisions_show_state_and_receipt_facts_never_secrets(client, personas):
    from agency.core.models import DecisionRequest

    request_id = make_decision_request(personas)
    row = client.get(reverse("api:decision-detail", args=[request_id]), **bearer(token_for(personas.member))).json()
    stored = DecisionRequest.objects.get(pk=request_id)
    assert row["status"] == "open" and row["decision"] is None
    text = str(row)
    assert stored.token_hash not in text and stored.content_hash not in text and "hash" not in text


@pytest.mark.parametrize("basename", ["campaign", "estimate", "concept", "booking", "decision", "contact"])
def test_a_list_costs_the_same_queries_for_one_row_or_three(client, personas, basename, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = token_for(personas.member)
    url = reverse(f"api:{basename}-list")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **bearer(token)).status_code == 200
        return len(queries)

    count()  # the token's first use of the minute also notes when it was used
    OBJECTS[basename](personas)
    one = count()
    for _ in range(2):
        if hasattr(personas, "media"):
            del personas.media  # media_world makes its world once per persona set: make another
        OBJECTS[basename](personas)
    assert count() == one


def test_filtering_by_a_client_one_cannot_see_reads_like_one_that_does_not_exist(client, personas):
    account_factories().ContactFactory(client=personas.client)
    token = token_for(personas.outsider)
    hidden = client.get(reverse("api:contact-list"), {"client": personas.client.pk}, **bearer(token))
    missing = client.get(reverse("api:contact-list"), {"client": 999999}, **bearer(token))
    assert hidden.status_code == missing.status_code == 200
    assert hidden.json()["results"] == missing.json()["results"] == []


def test_an_airing_log_comes_with_its_proof_files_checked_as_on_the_page(client, personas, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media.models import ProofFile
    from media.tests.test_monitoring import PNG

    settings.MEDIA_ROOT = tmp_path
    booking_id = media_world(personas)["booking_id"]
    token = token_for(personas.member)
    fields = {"booking": booking_id, "period_start": "2026-07-08", "period_end": "2026-07-14", "scheduled": 7,
              "aired": 7, "proof_kind": "log"}  # fmt: skip
    made = client.post(
        reverse("api:airing-report-list"), {**fields, "proof_files": [SimpleUploadedFile("log.png", PNG)]},
        **bearer(token),
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    assert [(p["kind"], p["original_name"]) for p in made.json()["proofs"]] == [("log", "log.png")]

    refused = client.post(
        reverse("api:airing-report-list"),
        {**fields, "proof_files": [SimpleUploadedFile("log.exe", b"MZ\x90\x00 not a proof")]},
        **bearer(token),
    )  # fmt: skip
    assert refused.status_code == 400 and refused.json()["errors"]["proof_files"]
    assert ProofFile.objects.filter(report__booking_id=booking_id).count() == 2  # the sweep's and this one
