"""Every page a client reaches by an emailed link fits a phone, in a real browser (Debian's Chromium).

Every page a client sees by link fits 390 px wide (docs/practice.md, "Client links"): at 390×844 no page
scrolls sideways, long tables stack into cards, long names and fingerprints wrap, and the grand total and
the buttons that decide stay on screen.

One browser, one live server and one set of documents (a 30-line production estimate and a 60-line media
plan with long names among them): the test visits every page and reports every problem at once.
"""

import datetime
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Complaint
from accounts.services.complaints import complaint_record
from accounts.services.status_reports import status_report_draft, status_report_send
from accounts.services.surveys import survey_send
from accounts.tests.factories import ContactFactory
from agency.core import decisions, links
from agency.core.models import DecisionRequest
from briefs.models import Campaign, ConceptAttachment, EstimateOverrun, FinalAdAsset, Stage
from briefs.tests.factories import (
    CampaignFactory,
    ConceptFactory,
    EstimateFactory,
    EstimateLineFactory,
    FinalAdFactory,
    approve_brief_with_objectives,
)
from evaluations import default_framework
from evaluations.models import CompetencyFramework, Feedback, PostAnalysis
from evaluations.models.reviews import Relationship
from evaluations.services import reviews
from evaluations.tests.factories import complete_evaluation
from media.models import Booking, MediaRecommendation, MonitoringReport, MonthlyPlan, ProofFile
from media.tests.factories import PlanVersionFactory, add_lines, bookable_line

pytestmark = [pytest.mark.browser, pytest.mark.services]

PHONE = {"width": 390, "height": 844}

# Long unbroken strings, as clients' files, vendors and addresses really are.
LONG_FILE = "Tianshan_Yoghurt_Southern_Launch_Key_Visual_FINAL_v12_approved_by_legal_2026-06-12_1920x1080.png"
LONG_VENDOR = "Shanghai Oriental Pearl Film & Television Production Co., Ltd. (东方明珠影视制作有限公司)"
LONG_DESCRIPTION = "Master grade and mix: TVC_30s_master_grade_final_v12_2026-06-12_DolbyAtmos_5.1_mix.mov"
LONG_VEHICLE = "Guangdong-Satellite-TV-Pearl-River-Delta-Prime-Time-In-Programme-Sponsorship-Package"
LONG_URL = "https://www.tianshan-dairy.example/campaigns/southern-launch/results/2026/week-24/dashboard?view=all"

# What the client decides with, by answer mode: every submit button of the deciding form must be on screen.
DECIDING_BUTTONS = "main form button[type=submit]"
# The grand total the money pages show (the money block), else the last total row of the document's table.
TOTAL = "#money-total"
TABLE_TOTAL = ".decision-document tfoot tr:last-child"


class Link(NamedTuple):
    path: str  # the emailed link
    shows_total: bool  # a money page: its grand total must be on screen
    sent: Any  # the decision request, survey or status report


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def link_pages(personas, campaign, brief, contact, media_root):
    """Every kind of document a client decides on, each sent by link, and a survey and a status report:
    {kind code, "survey" or "status_report": Link}."""
    member = personas.member
    sent = {}

    def ask(code, document, shows_total=False):
        link = decisions.request_decision(document=document, contact=contact, by=member)
        sent[code] = Link(reverse("decision_landing", args=[link.token]), shows_total, link)

    ask("brief", brief.versions.get(number=1))

    concept = ConceptFactory(campaign=campaign, title="Fresh from the pasture", rationale=LONG_URL)
    ConceptAttachment.objects.create(
        concept=concept, file=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="kv.png"),
        original_name=LONG_FILE, content_type="image/png", size=72,
    )  # fmt: skip
    ask("concept", concept)

    estimate = EstimateFactory(campaign=campaign, notes=LONG_URL)
    for i in range(30):
        EstimateLineFactory(
            estimate=estimate, vendor=LONG_VENDOR, description=f"{LONG_DESCRIPTION} #{i}", quantity=12,
            unit_cost=Decimal("1234567.89"),
        )  # fmt: skip
    ask("estimate", estimate, shows_total=True)

    overrun = EstimateOverrun.objects.create(
        campaign=campaign, client=campaign.client, estimate=estimate, amount=Decimal("987654.32"),
        reason=f"Second shoot day after rain. {LONG_URL}", created_by=member,
    )  # fmt: skip
    ask("estimate_overrun", overrun)

    final_ad = FinalAdFactory(campaign=campaign, compliance_note=LONG_URL)
    FinalAdAsset.objects.create(
        final_ad=final_ad, file=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="tvc.png"),
        original_name=LONG_FILE, content_type="image/png", size=72, format="LED screen 1920×1080",
    )  # fmt: skip
    ask("final_ad", final_ad)

    plan = PlanVersionFactory(campaign=campaign, notes=LONG_URL)
    add_lines(plan, 60, vendor=LONG_VENDOR, placement=LONG_VEHICLE, unit_rate=Decimal("1234567.89"))
    ask("media_plan", plan, shows_total=True)
    recommendation = MediaRecommendation.objects.create(
        campaign=campaign, client=campaign.client, version=plan, text=f"Television first, then LED. {LONG_URL}"
    )
    ask("media_recommendation", recommendation, shows_total=True)
    ask("monthly_media_plan", MonthlyPlan.objects.create(
        campaign=campaign, client=campaign.client, version=plan, month=datetime.date(2026, 7, 1)
    ), shows_total=True)  # fmt: skip
    booking = Booking.objects.create(
        line=bookable_line(campaign, contact=contact, by=member),
        client=campaign.client,
        reference="IO-PHONE-1",
        spots=10,
        requested_by=member,
        requested_at=timezone.now(),
    )
    report = MonitoringReport.objects.create(
        booking=booking, client=campaign.client, period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 7), scheduled=10, aired=9, notes=LONG_URL, recorded_by=member,
    )  # fmt: skip
    ProofFile.objects.create(
        report=report, client=campaign.client, kind="photo", original_name=LONG_FILE, content_type="image/png",
        size=72, file=ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="night.png"),
    )  # fmt: skip
    ask("airing_proof", report)

    analysis = PostAnalysis.objects.create(
        campaign=campaign, client=campaign.client, version=plan, summary=LONG_URL, created_by=member
    )
    ask("post_analysis", analysis, shows_total=True)

    # The evaluation of another campaign: one in its evaluation step, with a client-approved brief.
    evaluated = CampaignFactory(client=personas.client, brand=campaign.brand, name=LONG_VEHICLE, lead_ae=member)
    approve_brief_with_objectives(
        evaluated, contact=contact, by=member,
        kpis=[(LONG_VEHICLE, Decimal("35"), "%", LONG_URL), ("Trial", Decimal("12"), "%", "Retail audit")],
    )  # fmt: skip
    Campaign.objects.filter(pk=evaluated.pk).update(stage=Stage.EVALUATION)
    evaluated.refresh_from_db()
    ask("campaign_evaluation", complete_evaluation(evaluated, by=member, learnings=LONG_URL))

    complaint = complaint_record(
        client=personas.client, by=member, channel="phone", received_at=timezone.now(), contact=contact,
        description=f"The wrong price was on air. {LONG_URL}", category="service", priority="urgent",
    )  # fmt: skip
    Complaint.objects.filter(pk=complaint.pk).update(
        founded=True, remedy=f"A free make-good week. {LONG_URL}", status=Complaint.Status.REMEDY_PROPOSED
    )
    complaint.refresh_from_db()
    ask("complaint_remedy", complaint)

    default_framework.load(CompetencyFramework)  # a test before may have emptied the tables (live server)
    cycle = reviews.cycle_create(
        name="2026 H2", period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2026, 12, 31),
        feedback_deadline=timezone.localdate() + datetime.timedelta(days=30), titles=["AE"], people=[member],
        by=personas.management,
    )  # fmt: skip
    feedback = Feedback.objects.create(
        review=cycle.reviews.get(), relationship=Relationship.CLIENT, contact=contact, added_by=personas.management
    )
    ask("review_feedback", feedback)

    assert {name for name in sent} == {kind.code for kind in decisions.all_kinds()}  # every kind, none forgotten

    survey = survey_send(
        contact=ContactFactory(client=personas.client, name="Liu Yang"), reason="manual", by=member, campaign=campaign
    )
    sent["survey"] = Link(reverse("survey_link", args=[survey.token]), False, survey)
    report, _ = status_report_draft(client=personas.client, by=member)
    report.body = f"{report.body}\n{LONG_URL}\n{LONG_FILE}\n"
    report.save(update_fields=["body"])
    report = status_report_send(report=report, contact=contact, by=member)
    sent["status_report"] = Link(reverse("status_report_link", args=[report.token]), False, report)
    return sent


def problems_on(page, name, *, shows_total=False, buttons=True):
    """What a client on a phone would notice on the page open in `page`: a page wider than the screen, a
    button or the grand total off screen."""
    found = []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{name}: the page is {width} px wide")

    def off_screen(locator, what):
        if not locator.is_visible():
            return f"{name}: {what} is not visible"
        box = locator.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
            return f"{name}: {what} is off screen ({box['x']:.0f}–{box['x'] + box['width']:.0f} px)"
        return None

    if buttons:
        submit = page.locator(DECIDING_BUTTONS)
        if submit.count() == 0:
            found.append(f"{name}: no button to decide with")
        found += [off_screen(button, f"the button {button.inner_text()!r}") for button in submit.all()]
    if shows_total:
        # A money decision shows its money block; the post-analysis, the total row of its table.
        total = page.locator(TOTAL) if page.locator(TOTAL).count() else page.locator(TABLE_TOTAL)
        if total.count() == 0:
            found.append(f"{name}: no grand total")
        found += [off_screen(each, "the grand total") for each in total.all()]
    return [problem for problem in found if problem]


def test_every_page_a_client_reaches_by_link_fits_a_phone(browser, live_server, settings, personas, link_pages):
    problems = []
    phone = browser.new_context(locale="en-US", viewport=PHONE)  # the client's: no staff session
    page = phone.new_page()
    refused = []  # what the Content-Security-Policy refused: an inline style or script would be
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    def visit(name, path, **checks):
        """Open the link as the client would, afresh from the email; returns the page's heading and address."""
        phone.clear_cookies()
        page.goto(live_server.url + path)
        problems.extend(problems_on(page, name, **checks))
        return page.locator("h1").inner_text(), page.url

    for name, link in link_pages.items():
        heading, url = visit(name, link.path, shows_total=link.shows_total)
        if isinstance(link.sent, DecisionRequest):
            assert "/decision/" in url and heading == link.sent.title, name  # the open decision page
            if link.sent.kind.is_approval:
                # The confirm page repeats what is decided (the total too) with the buttons on screen.
                page.locator("button[value=approved]").click()
                page.wait_for_selector("[data-testid=confirm]")
                problems.extend(problems_on(page, f"{name} (confirm)", shows_total=link.shows_total))
    assert heading.startswith("Weekly status report")

    # The pages of a link that no longer decides: decided (with its fingerprint), withdrawn, not recognised,
    # and too many wrong links from one connection.
    decisions.decide(decision_request=link_pages["brief"].sent, outcome="approved", comment=LONG_URL)
    assert visit("decided", link_pages["brief"].path, buttons=False)[0] == "Thank you: your decision is recorded"
    decisions.revoke_request(decision_request=link_pages["concept"].sent, by=personas.member)
    assert visit("withdrawn", link_pages["concept"].path, buttons=False)[0] == "This link was withdrawn"
    unknown = reverse("decision_landing", args=["not-a-link-" + "x" * 40])
    assert visit("unknown", unknown, buttons=False)[0] == "We do not recognise this link"
    for _ in range(settings.DECISION_BAD_TOKEN_LIMIT):
        links.note_bad_token("127.0.0.1")
    assert visit("throttled", unknown, buttons=False)[0] == "Too many links that did not work"

    phone.close()
    assert problems == [], "\n".join(problems)
    assert refused == []
