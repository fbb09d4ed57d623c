"""Campaign evaluation (step 4): built from the approved brief's KPIs, actuals with source and date,
achievement against target, learnings, completion, the client's acknowledgement by link, and the gates."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client as Browser
from django.urls import reverse

from accounts.tests.factories import BrandFactory, TeamMemberFactory
from agency.core import decisions, outbox
from agency.core.models import AuditEvent, Decision, DecisionRequest, OutboxMessage, Title
from agency.core.tests.decision_flow import choose, decide_by_link
from agency.core.tests.factories import UserFactory
from briefs.models import Campaign, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, approve_brief_with_objectives, make_brief
from evaluations.models import CampaignEvaluation
from evaluations.services import campaign as services
from evaluations.tests.factories import complete_evaluation

KPIS = [
    ("Unaided awareness in the south", Decimal("35"), "%", "Brand tracking survey"),
    ("TV spots delivered", Decimal("31"), "spots", "Media delivery"),
]


@pytest.fixture
def campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(
        client=personas.client, brand=brand, name="Southern launch", lead_ae=personas.member, stage=Stage.MEDIA
    )


def media_delivered(campaign, *, contact, by, aired=27):
    """The media step done through its services: plan confirmed, booked, schedule sent, monitored, post-analysis."""
    from evaluations.services import analysis
    from media.services import bookings
    from media.tests.factories import satisfy_media_gate

    version = satisfy_media_gate(campaign, contact=contact, by=by)
    booking = version.lines.get().bookings.get()
    bookings.monitoring_record(
        booking=booking, period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2026, 7, 31),
        scheduled=31, aired=aired, notes="", proofs=[], by=by,
    )  # fmt: skip
    return analysis.post_analysis_create(campaign=campaign, summary="Delivered.", by=by)


def advance(client, campaign):
    page = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True).content.decode()
    campaign.refresh_from_db()
    return page


def open_link(to_email):
    """The contact opens the newest link emailed to them; returns the browser and the page's address."""
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = Browser()
    page = browser.get(path, follow=True)
    return browser, page, page.redirect_chain[-1][0]


def test_it_refuses_evaluation_without_an_approved_brief(client, personas, campaign, contact):
    media_delivered(campaign, contact=contact, by=personas.member)
    client.force_login(personas.member)
    page = advance(client, campaign)
    assert "The client has approved a creative brief with the campaign&#x27;s objectives." in page
    assert campaign.stage == Stage.MEDIA
    page = client.get(reverse("campaign_evaluation", args=[campaign.pk])).content.decode()
    assert "The campaign cannot be evaluated yet" in page and "campaign&#x27;s objectives" in page
    assert "Start the evaluation" not in page


def test_it_refuses_evaluation_when_the_approved_brief_has_no_kpi(client, personas, campaign, contact):
    media_delivered(campaign, contact=contact, by=personas.member)
    version = make_brief(campaign, by=personas.member).versions.get(number=1)
    version.kpis.all().delete()
    brief_send_for_approval(version=version, contact=contact, by=personas.member)
    decisions.decide(decision_request=DecisionRequest.objects.for_document(version).open().get(), outcome="approved")
    client.force_login(personas.member)
    page = advance(client, campaign)
    assert "The approved creative brief (v1) sets at least one measurable objective: a KPI with a target." in page
    assert campaign.stage == Stage.MEDIA
    # Even pushed into the step by hand, the evaluation cannot start without a KPI.
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    with pytest.raises(services.EvaluationError, match="at least one measurable objective"):
        services.evaluation_start(campaign=campaign, by=personas.member)


def test_it_evaluates_against_the_brief_and_the_client_acknowledges(client, personas, campaign, contact):
    media_delivered(campaign, contact=contact, by=personas.member, aired=27)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member, kpis=KPIS)
    client.force_login(personas.member)
    advance(client, campaign)
    assert campaign.stage == Stage.EVALUATION

    url = reverse("campaign_evaluation", args=[campaign.pk])
    client.post(reverse("campaign_evaluation_start", args=[campaign.pk]))
    evaluation = CampaignEvaluation.objects.get(campaign=campaign)
    awareness, spots = evaluation.results.order_by("position")
    assert (awareness.name, awareness.target, spots.name) == (
        "Unaided awareness in the south",
        35,
        "TV spots delivered",
    )

    # The media KPI is prefilled from the post-analysis: 27 of 31 spots delivered.
    page = client.get(url).content.decode()
    assert "27 of 31 planned spots delivered" in page
    assert f'name="kpi{spots.pk}-actual" value="27"' in page
    assert f'name="kpi{awareness.pk}-actual"' in page and f'name="kpi{awareness.pk}-actual" value' not in page

    # Closing is refused while the evaluation is a draft.
    page = advance(client, campaign)
    assert "The campaign evaluation is completed (actuals for every KPI, and the learnings)." in page
    assert campaign.stage == Stage.EVALUATION

    # An actual without its source and date is refused, and says so.
    record = reverse("campaign_evaluation_record", args=[campaign.pk, awareness.pk])
    response = client.post(record, {f"kpi{awareness.pk}-actual": "42"})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    client.post(
        record,
        {f"kpi{awareness.pk}-actual": "42", f"kpi{awareness.pk}-source": "research",
         f"kpi{awareness.pk}-measured_on": "2026-09-30", f"kpi{awareness.pk}-note": "Kantar wave 3"},
    )  # fmt: skip
    client.post(
        reverse("campaign_evaluation_record", args=[campaign.pk, spots.pk]),
        {f"kpi{spots.pk}-actual": "27", f"kpi{spots.pk}-source": "media_delivery",
         f"kpi{spots.pk}-measured_on": "2026-08-05"},
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "120.0%" in page  # 42 of 35
    assert "87.1%" in page  # 27 of 31
    assert "Media delivery (post-analysis)" in page

    # Completing needs the learnings.
    page = client.post(reverse("campaign_evaluation_complete", args=[campaign.pk]), follow=True).content.decode()
    assert "The learnings are written." in page
    client.post(reverse("campaign_evaluation_learnings", args=[campaign.pk]), {"learnings": "Freshness sells."})
    client.post(reverse("campaign_evaluation_complete", args=[campaign.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == CampaignEvaluation.Status.COMPLETED and evaluation.completed_by == personas.member

    # Completed is final.
    response = client.post(
        record,
        {f"kpi{awareness.pk}-actual": "99", f"kpi{awareness.pk}-source": "research",
         f"kpi{awareness.pk}-measured_on": "2026-10-30"},
        follow=True,
    )  # fmt: skip
    assert "can no longer be changed" in response.content.decode()
    awareness.refresh_from_db()
    assert awareness.actual == 42

    # Shared with the client, who can only acknowledge.
    client.post(reverse("campaign_evaluation_share", args=[campaign.pk]), {"contact": contact.pk})
    evaluation.refresh_from_db()
    assert evaluation.status == CampaignEvaluation.Status.SHARED
    browser, page, address = open_link(contact.email)
    body = page.content.decode()
    assert "Freshness sells." in body and "120.0%" in body and "Kantar wave 3" in body
    assert 'value="acknowledged"' in body and 'value="approved"' not in body
    refused = choose(browser, address, outcome="approved", comment="")
    assert refused.status_code == 400 and "This answer does not fit this document." in refused.content.decode()
    assert not Decision.objects.filter(request__decision_kind="campaign_evaluation").exists()
    done = decide_by_link(browser, address, outcome="acknowledged", comment="Thanks, good work.", follow=True)
    assert "Acknowledged" in done.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == CampaignEvaluation.Status.ACKNOWLEDGED
    mail = OutboxMessage.objects.get(template="campaign_evaluation_acknowledged")
    assert "Chen Hui acknowledged the evaluation" in mail.body_text and "Thanks, good work." in mail.body_text
    assert AuditEvent.objects.filter(action="evaluation.client_acknowledged").exists()
    page = client.get(url).content.decode()
    assert "Acknowledged by the client" in page and "Share with the client" not in page

    advance(client, campaign)
    assert campaign.stage == Stage.CLOSED


def test_it_closes_once_the_evaluation_is_completed(client, personas, campaign, contact):
    media_delivered(campaign, contact=contact, by=personas.member)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    client.force_login(personas.member)
    advance(client, campaign)
    assert "The campaign evaluation has been written against the brief&#x27;s objectives." in advance(client, campaign)
    assert campaign.stage == Stage.EVALUATION
    complete_evaluation(campaign, by=personas.member)
    advance(client, campaign)
    assert campaign.stage == Stage.CLOSED


def test_it_refuses_an_approval_answer_on_an_acknowledge_only_document_and_vice_versa(personas, campaign, contact):
    version = approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    request = DecisionRequest.objects.for_document(evaluation).open().get()
    for outcome in ("approved", "changes_requested"):
        with pytest.raises(decisions.DecisionError, match="does not fit"):
            decisions.decide(decision_request=request, outcome=outcome, comment="x")
    # A brief asks for approval: "acknowledged" does not count as one.
    brief_request = DecisionRequest.objects.for_document(version).get()
    with pytest.raises(decisions.DecisionError, match="does not fit"):
        decisions.decide(decision_request=brief_request, outcome="acknowledged")


def test_only_a_role_that_may_send_to_the_client_shares_the_evaluation(client, personas, campaign, contact):
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    creative = UserFactory(username="creative.on.team", title=Title.CREATIVE)
    TeamMemberFactory(client=campaign.client, user=creative, role="creative")
    client.force_login(creative)
    share = reverse("campaign_evaluation_share", args=[campaign.pk])
    assert client.get(reverse("campaign_evaluation", args=[campaign.pk])).status_code == 200  # sees it
    assert client.post(share, {"contact": contact.pk}).status_code == 403  # may not send it
    assert not DecisionRequest.objects.for_document(evaluation).exists()
    client.force_login(personas.member)
    client.post(share, {"contact": contact.pk})
    assert DecisionRequest.objects.for_document(evaluation).open().get().contact == contact


def test_it_refuses_to_share_a_draft(personas, campaign, contact):
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = services.evaluation_start(campaign=campaign, by=personas.member)
    with pytest.raises(services.EvaluationError, match="Complete the evaluation"):
        services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    assert not DecisionRequest.objects.for_document(evaluation).exists()


@pytest.mark.parametrize("size", [1, 12])
def test_it_shows_the_evaluation_page_in_a_fixed_number_of_queries(
    client, personas, campaign, contact, django_assert_max_num_queries, size
):
    kpis = [(f"KPI {i}", Decimal(10 + i), "%", "Survey") for i in range(size)]
    media_delivered(campaign, contact=contact, by=personas.member)
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member, kpis=kpis)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    client.force_login(personas.member)
    client.post(reverse("campaign_evaluation_start", args=[campaign.pk]))
    url = reverse("campaign_evaluation", args=[campaign.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert page.count("Record</button>") == size
    evaluation = CampaignEvaluation.objects.get(campaign=campaign)
    complete_evaluation(campaign, by=personas.member)
    services.evaluation_share(evaluation=evaluation, contact=contact, by=personas.member)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert page.count('data-kpi="') == size and "data-request=" in page


def test_it_hides_the_evaluation_from_people_outside_the_team(client, personas, campaign, contact):
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = complete_evaluation(campaign, by=personas.member)
    result = evaluation.results.first()
    for persona in (personas.outsider, personas.finance):
        client.force_login(persona)
        assert client.get(reverse("campaign_evaluation", args=[campaign.pk])).status_code == 404
        for name, args in (
            ("campaign_evaluation_record", [campaign.pk, result.pk]),
            ("campaign_evaluation_learnings", [campaign.pk]),
            ("campaign_evaluation_complete", [campaign.pk]),
            ("campaign_evaluation_share", [campaign.pk]),
        ):
            assert client.post(reverse(name, args=args), {"contact": contact.pk}).status_code == 404
    assert not DecisionRequest.objects.for_document(evaluation).exists()
    client.force_login(personas.supervisor)  # the member's supervisor sees their clients' campaigns
    assert "Southern mothers" in client.get(reverse("campaign_evaluation", args=[campaign.pk])).content.decode()
