"""Bad input through the pages: what was typed survives an error, conflicting edits are caught,
oversize requests and impossible numbers get a clear answer, and nothing half-saved stays behind."""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.urls import reverse

from accounts.models import Client
from accounts.tests.factories import BrandFactory
from agency.core.models import DecisionRequest
from agency.core.tests.images import png
from briefs.models import ConceptAttachment, EstimateLine, Stage
from briefs.tests.factories import CampaignFactory, ConceptFactory, EstimateFactory, EstimateLineFactory
from media.models import PlanLine
from media.services import plans
from media.tests.factories import line_fields

PNG = png()


def hidden(page, name):
    """The value of a hidden input, as the browser would send it back."""
    html = page.content.decode()
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def value_of(page, name):
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', page.content.decode())
    assert match, f"no input {name} in the page"
    found = re.search(r'value="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


def as_browser(user):
    browser = Browser()
    browser.force_login(user)
    return browser


# --- forms keep what was typed ---------------------------------------------------------------------


def test_a_client_form_with_an_error_keeps_everything_typed(client, personas):
    client.force_login(personas.member)
    response = client.post(
        "/clients/new/",
        {"name": "Yangtze Beverages", "code": "yb!", "legal_name": "Yangtze Beverages Co., Ltd.",
         "industry": "Drinks", "currency": "CNY", "tier": "high", "stage": "new", "notes": "Met at the expo."},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "Use 2 to 10 capital letters or digits." in page
    assert value_of(response, "name") == "Yangtze Beverages"
    assert value_of(response, "legal_name") == "Yangtze Beverages Co., Ltd."
    assert "Met at the expo." in page
    assert not Client.objects.filter(name="Yangtze Beverages").exists()


# --- negative and absurd amounts, impossible dates ----------------------------------------------


@pytest.fixture
def campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(client=personas.client, brand=brand, name="Southern launch", lead_ae=personas.member)


def campaign_post(campaign, **overrides):
    return {
        "name": campaign.name, "brand": campaign.brand_id, "lead_ae": campaign.lead_ae_id, "budget": "100000",
        "currency": "CNY", "start_date": "2026-07-01", "end_date": "2026-09-30", **overrides,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-5000", "The budget cannot be negative."),
        ("1" + "0" * 40, "Ensure that there are no more than 14 digits in total."),
        ("lots", "Budget: “lots” is not a number we can read one way"),
        ("12,5", "Budget: “12,5” is not a number we can read one way"),  # twelve and a half, or 125?
    ],
)
def test_a_campaign_budget_must_be_a_sensible_amount(client, personas, campaign, budget, message):
    client.force_login(personas.member)
    seen = hidden(client.get(f"/campaigns/{campaign.pk}/edit/"), "updated_at")
    response = client.post(
        f"/campaigns/{campaign.pk}/edit/", campaign_post(campaign, budget=budget, name="Renamed", updated_at=seen)
    )
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert message in page
    assert "Constraint" not in page  # never the database's words
    assert value_of(response, "name") == "Renamed"
    budget = campaign.budget
    campaign.refresh_from_db()
    assert campaign.budget == budget and campaign.name == "Southern launch"


@pytest.fixture
def draft_plan(personas, campaign):
    campaign.stage = Stage.MEDIA
    campaign.save(update_fields=["stage"])
    version = plans.plan_new_version(campaign=campaign, by=personas.member)
    fields = line_fields()
    for computed in ("position", "gross", "net"):
        fields.pop(computed)
    plans.plan_line_add(version=version, by=personas.member, **fields)
    return version


def line_post(**overrides):
    return {
        "vendor": "Focus Media", "channel": "outdoor", "vehicle": "Guangzhou Tianhe LED", "market": "Guangzhou",
        "placement": "All day", "format": "15s loop", "flight_start": "2026-07-15", "flight_end": "2026-08-14",
        "spots": "3100", "unit_rate": "12.35", "discount_pct": "0", **overrides,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"spots": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"spots": "99999999999"}, "Ensure this value is less than or equal to 1000000."),
        ({"unit_rate": "-12.35"}, "Ensure this value is greater than or equal to 0."),
        ({"unit_rate": "123456789012345"}, "Ensure that there are no more than 14 digits in total."),
        ({"discount_pct": "150"}, "Ensure this value is less than or equal to 100."),
        ({"flight_start": "2026-02-30"}, "Enter a valid date."),
        ({"flight_end": "2026-07-01"}, "The flight ends before it starts."),
    ],
)
def test_a_plan_line_refuses_impossible_numbers_and_dates(client, personas, draft_plan, overrides, message):
    client.force_login(personas.member)
    response = client.post(f"/media/plans/{draft_plan.pk}/lines/", line_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert value_of(response, "vehicle") == "Guangzhou Tianhe LED"  # the rest of the line is still there
    assert draft_plan.lines.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quantity": "-2"}, "Ensure this value is greater than or equal to 0.01."),
        ({"unit_cost": "-15000"}, "Ensure this value is greater than or equal to 0."),
        ({"quantity": "1000000000000"}, "Ensure that there are no more than 10 digits in total."),
        ({"unit_cost": "1.250,50"}, "Unit cost: “1.250,50” is not a number we can read one way"),
    ],
)
def test_an_estimate_line_refuses_negative_and_absurd_amounts(client, personas, campaign, overrides, message):
    estimate = EstimateFactory(campaign=campaign)
    client.force_login(personas.member)
    data = {"vendor": "Shanghai Film Co.", "description": "Two-day shoot", "quantity": "2", "unit_cost": "15000"}
    response = client.post(f"/campaigns/estimates/{estimate.pk}/lines/", {**data, **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert value_of(response, "vendor") == "Shanghai Film Co."
    assert not EstimateLine.objects.exists()


# --- conflicting edits --------------------------------------------------------------------------


def test_a_second_edit_of_the_same_plan_line_is_told_not_lost(personas, draft_plan):
    line = draft_plan.lines.get()
    url = f"/media/lines/{line.pk}/edit/"
    first, second = as_browser(personas.member), as_browser(personas.supervisor)
    first_page, second_page = first.get(url), second.get(url)
    revision = hidden(first_page, "revision")
    assert hidden(second_page, "revision") == revision

    saved = first.post(url, line_post(vendor="CCTV Advertising", vehicle="CCTV-1", spots="40", revision=revision))
    assert saved.status_code == 302
    refused = second.post(url, line_post(vendor="CCTV Advertising", vehicle="CCTV-1", spots="25", revision=revision))
    assert refused.status_code == 200
    assert "Someone else saved this line while you were editing." in refused.content.decode()
    assert value_of(refused, "spots") == "25"  # what the second person typed is still in the form
    line.refresh_from_db()
    assert line.spots == 40  # the first save stands

    # Having looked, the second person saves again from the same form: now it is based on the first save.
    again = second.post(url, line_post(spots="25", revision=hidden(refused, "revision")))
    assert again.status_code == 302
    line.refresh_from_db()
    assert line.spots == 25 and line.revision == int(revision) + 2


@pytest.fixture
def estimate(personas, campaign, contact):
    campaign.stage = Stage.CREATIVE
    campaign.save(update_fields=["stage"])
    estimate = EstimateFactory(campaign=campaign)
    EstimateLineFactory(estimate=estimate)
    return estimate


def test_an_estimate_that_changed_since_the_page_was_opened_is_not_sent(personas, estimate, contact):
    url = f"/campaigns/estimates/{estimate.pk}/"
    sender, editor = as_browser(personas.member), as_browser(personas.supervisor)
    seen = hidden(sender.get(url), "revision")
    added = editor.post(
        f"{url}lines/",
        {"vendor": "Sound Lab", "description": "Music licence", "quantity": "1", "unit_cost": "80000",
         "revision": hidden(editor.get(url), "revision")},
    )  # fmt: skip
    assert added.status_code == 302

    refused = sender.post(f"{url}send/", {"contact": contact.pk, "revision": seen})
    assert refused.status_code == 400
    assert "Someone else changed this estimate since you opened it." in refused.content.decode()
    assert not DecisionRequest.objects.exists()  # the client was not asked about an estimate nobody checked

    sent = sender.post(f"{url}send/", {"contact": contact.pk, "revision": hidden(refused, "revision")})
    assert sent.status_code == 302
    assert DecisionRequest.objects.count() == 1


def test_two_people_adding_to_the_same_estimate_are_told(personas, estimate):
    url = f"/campaigns/estimates/{estimate.pk}/"
    first, second = as_browser(personas.member), as_browser(personas.supervisor)
    revision = hidden(first.get(url), "revision")
    line = {"vendor": "Sound Lab", "description": "Music licence", "quantity": "1", "unit_cost": "80000"}
    assert first.post(f"{url}lines/", {**line, "revision": revision}).status_code == 302
    refused = second.post(f"{url}lines/", {**line, "revision": revision})
    assert refused.status_code == 400
    assert "Someone else changed this estimate since you opened it." in refused.content.decode()
    assert value_of(refused, "vendor") == "Sound Lab"
    assert estimate.lines.filter(vendor="Sound Lab").count() == 1  # not added twice


# --- oversize requests --------------------------------------------------------------------------


def test_an_oversize_upload_gets_a_friendly_413_and_nothing_is_saved(client, personas, campaign, settings):
    settings.UPLOAD_MAX_BYTES = 4096
    concept = ConceptFactory(campaign=campaign)
    client.force_login(personas.member)
    big = SimpleUploadedFile("storyboard.png", PNG + b"\x00" * (2 * 1024 * 1024))
    response = client.post(reverse("concept_upload", args=[concept.pk]), {"kind": "key_visual", "file": big})
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large" in page and "4.0\xa0KB" in page and "Nothing was saved." in page
    assert "<nav" in page  # the app's own page, with the way back, not a bare error
    assert not ConceptAttachment.objects.exists()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_an_oversize_form_gets_a_413_not_a_bare_error(client, personas, settings, encoding):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(personas.member)
    data = {"name": "Yangtze Beverages", "code": "YB", "currency": "CNY", "tier": "mid", "stage": "new",
            "notes": "x" * 20_000}  # fmt: skip
    if encoding == "urlencoded":  # refused before the body is read
        response = client.post("/clients/new/", urlencode(data), content_type="application/x-www-form-urlencoded")
    else:  # read, found too large by Django, answered by handler400
        response = client.post("/clients/new/", data)
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
    assert not Client.objects.filter(name="Yangtze Beverages").exists()


def test_an_upload_within_the_limit_still_works(client, personas, campaign):
    concept = ConceptFactory(campaign=campaign)
    client.force_login(personas.member)
    upload = SimpleUploadedFile("kv.png", PNG)
    response = client.post(reverse("concept_upload", args=[concept.pk]), {"kind": "key_visual", "file": upload})
    assert response.status_code == 302
    assert ConceptAttachment.objects.get().size == len(PNG)


def test_amounts_in_the_page_are_what_was_saved(client, personas, draft_plan):
    """Sanity for the numbers above: a valid line is saved with its net computed on the server."""
    client.force_login(personas.member)
    response = client.post(f"/media/plans/{draft_plan.pk}/lines/", line_post(net="1", gross="1"))
    assert response.status_code == 302
    line = PlanLine.objects.get(vehicle="Guangzhou Tianhe LED")
    assert line.net == Decimal("38285.00") and line.flight_end == date(2026, 8, 14)


# --- markup typed into free text is shown as text ---------------------------------------------------

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_markup_in_free_text_is_shown_as_text_in_pages_and_emails(client, personas, campaign, contact):
    from accounts.tests.factories import ContactReportFactory
    from agency.core.models import OutboxMessage
    from briefs.services.brief import brief_send_for_approval
    from briefs.tests.factories import make_brief

    personas.client.notes = PAYLOAD
    personas.client.save(update_fields=["notes"])
    report = ContactReportFactory(client=personas.client, created_by=personas.member, summary=PAYLOAD)
    brief = make_brief(campaign, by=personas.member, proposition=PAYLOAD)
    estimate = EstimateFactory(campaign=campaign)
    EstimateLineFactory(estimate=estimate, description=PAYLOAD)
    contact.name = f"Chen Hui {PAYLOAD}"
    contact.save(update_fields=["name"])
    sent = brief_send_for_approval(version=brief.versions.get(number=1), contact=contact, by=personas.member)

    client.force_login(personas.member)
    for url in (
        f"/clients/{personas.client.pk}/",
        f"/clients/{personas.client.pk}/contact-reports/{report.pk}/",
        f"/campaigns/{campaign.pk}/brief/",
        f"/campaigns/estimates/{estimate.pk}/",
    ):
        page = client.get(url).content.decode()
        assert PAYLOAD not in page, url
        assert ESCAPED in page, url

    link_holder = Browser()  # the client contact's page
    page = link_holder.get(f"/d/{sent.token}/", follow=True).content.decode()
    assert PAYLOAD not in page and ESCAPED in page

    email = OutboxMessage.objects.get(template="decision_request")
    assert PAYLOAD not in email.body_html and ESCAPED in email.body_html
