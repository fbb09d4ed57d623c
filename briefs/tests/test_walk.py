"""One campaign from brief to evaluation, the client deciding through the emailed link each time."""

import re

from django.test import Client as Browser
from django.urls import reverse

from agency.core import outbox
from agency.core.models import OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from agency.core.tests.images import png
from briefs.models import Campaign, ChecklistStep, Concept, FinalAd, ProductionEstimate, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import make_brief

PNG = png()


def client_decides(to_email, outcome, comment=""):
    """The contact opens the newest link emailed to them (GET), then presses a button and confirms."""
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = Browser()
    page = browser.get(path, follow=True)
    assert page.status_code == 200
    response = decide_by_link(browser, page.redirect_chain[-1][0], outcome=outcome, comment=comment, follow=True)
    assert response.status_code == 200
    return response


def tick_by_hand(client, campaign, stage):
    """What the system does not see (a meeting, a shoot), ticked with a note; the rest ticks itself."""
    for step in ChecklistStep.objects.filter(campaign=campaign, stage=stage, done_at__isnull=True):
        if not step.action:
            client.post(reverse("step_done", args=[step.pk]), {"done": "1", "note": "Done, see the contact report"})


def waive_open_steps(client, campaign, stage, *, manager, back_to):
    """A manager lets the required steps still open go, with a reason."""
    client.force_login(manager)
    for step in ChecklistStep.objects.filter(campaign=campaign, stage=stage, done_at__isnull=True, required=True):
        client.post(reverse("step_waive", args=[step.pk]), {"reason": "Not part of this campaign"})
    client.force_login(back_to)


def advance(client, campaign):
    response = client.post(reverse("campaign_advance", args=[campaign.pk]), follow=True)
    campaign.refresh_from_db()
    return response.content.decode()


def test_it_walks_a_campaign_through_every_gate(client, personas, team, team_campaign, contact, media_root):
    campaign = team_campaign
    client.force_login(personas.member)

    # 1. Brief: refused until the client approves the current brief version.
    assert "A creative brief has been written." in advance(client, campaign)
    brief = make_brief(campaign, by=personas.member)
    brief_send_for_approval(version=brief.versions.get(number=1), contact=contact, by=personas.member)
    page = advance(client, campaign)
    assert "The client has approved the current version of the creative brief." in page
    assert campaign.stage == Stage.BRIEF
    client_decides(contact.email, "approved")
    assert "Checklist step done: Client briefing recorded" in advance(client, campaign)
    tick_by_hand(client, campaign, Stage.BRIEF)
    advance(client, campaign)
    assert campaign.stage == Stage.CREATIVE

    # 2. Creative: the page lists all three things missing.
    page = advance(client, campaign)
    assert campaign.stage == Stage.CREATIVE
    for missing in (
        "The client has approved a concept of round 1.",
        "The client has approved the current production estimate.",
        "The client has approved the current final ad.",
    ):
        assert missing in page

    # Concept round 1: reviewed internally, presented, the client asks for changes → round 2 for the creatives.
    client.post(reverse("concept_new", args=[campaign.pk]), {"title": "Pasture at dawn", "rationale": "Freshness."})
    first = Concept.objects.get(title="Pasture at dawn")
    response = client.post(reverse("concept_send", args=[first.pk]), {"contact": contact.pk})
    assert response.status_code == 400 and "approved internally" in response.content.decode()
    assert OutboxMessage.objects.filter(template="decision_request").count() == 1  # only the brief's
    client.post(reverse("concept_review", args=[first.pk]), {"decision": "approve", "note": ""})
    client.post(reverse("concept_send", args=[first.pk]), {"contact": contact.pk})
    client_decides(contact.email, "changes_requested", comment="Show the family, not only cows.")
    campaign.refresh_from_db()
    assert campaign.concept_round == 2
    round_mail = OutboxMessage.objects.get(template="concept_round_started", to_email=team.creative.email)
    assert "Show the family, not only cows." in round_mail.body_text
    assert not ProductionEstimate.objects.filter(campaign=campaign).exists()  # never straight to production

    client.post(reverse("concept_new", args=[campaign.pk]), {"title": "Family breakfast", "rationale": "Warmth."})
    second = Concept.objects.get(title="Family breakfast")
    assert second.round == 2
    client.post(reverse("concept_review", args=[second.pk]), {"decision": "approve", "note": "Strong."})
    client.post(reverse("concept_send", args=[second.pk]), {"contact": contact.pk})
    client_decides(contact.email, "approved")

    # Production estimate v1, approved; then v2 supersedes it and the gate closes again.
    client.post(reverse("estimate_new", args=[campaign.pk]))
    v1 = ProductionEstimate.objects.get(campaign=campaign, version=1)
    line = {"vendor": "Tianshan Films", "description": "Shoot, 2 days", "quantity": "2", "unit_cost": "40000.00"}
    client.post(reverse("estimate_line_add", args=[v1.pk]), line)
    client.post(reverse("estimate_send", args=[v1.pk]), {"contact": contact.pk})
    client_decides(contact.email, "approved")
    assert "The client has approved the current production estimate." not in advance(client, campaign)

    client.post(reverse("estimate_new", args=[campaign.pk]))
    v2 = ProductionEstimate.objects.get(campaign=campaign, version=2)
    client.post(reverse("estimate_line_add", args=[v2.pk]), {**line, "description": "Music rights", "quantity": "1"})
    assert "The client has approved the current production estimate." in advance(client, campaign)
    client.post(reverse("estimate_send", args=[v2.pk]), {"contact": contact.pk})
    client_decides(contact.email, "approved")

    # Final ad: no sending without an asset and the compliance review note.
    client.post(reverse("final_ad_new", args=[campaign.pk]), {"title": "TVC 15s"})
    final_ad = FinalAd.objects.get(campaign=campaign)
    response = client.post(reverse("final_ad_send", args=[final_ad.pk]), {"contact": contact.pk})
    assert "add at least one asset and the compliance review note" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("final_ad_upload", args=[final_ad.pk]),
        {"file": SimpleUploadedFile("end-frame.png", PNG), "format": "LED 1920×1080", "width": 1920, "height": 1080},
    )
    client.post(
        reverse("final_ad_compliance", args=[final_ad.pk]),
        {"note": "No superlatives; nutrition claims match the label (Advertising Law art. 9, 11)."},
    )
    client.post(reverse("final_ad_send", args=[final_ad.pk]), {"contact": contact.pk})
    client_decides(contact.email, "approved")

    # Actual costs run over the approved estimate: the overrun needs its own approval.
    client.post(
        reverse("estimate_actual_add", args=[v2.pk]),
        {"vendor": "Tianshan Films", "description": "Extra day", "amount": "130000.00", "incurred_on": "2026-06-01"},
    )
    page = advance(client, campaign)
    assert "The client has approved the cost overrun on the production estimate." in page
    assert campaign.stage == Stage.CREATIVE
    estimate_page = client.get(reverse("estimate_detail", args=[v2.pk])).content.decode()
    assert 'id="unapproved-overrun">10,000.00' in estimate_page
    client.post(reverse("estimate_overrun_send", args=[v2.pk]), {"contact": contact.pk, "reason": "Rain day."})
    client_decides(contact.email, "approved")
    tick_by_hand(client, campaign, Stage.CREATIVE)
    advance(client, campaign)
    assert campaign.stage == Stage.MEDIA

    # 3. Media → evaluation: the checklist, the client's written confirmation of the media plan, the schedule sent.
    page = advance(client, campaign)
    assert "Checklist step done: Booking" in page and "A media plan has been written." in page
    tick_by_hand(client, campaign, Stage.MEDIA)
    client.post(reverse("media_plan_new", args=[campaign.pk]))
    plan = campaign.media_plans.get()
    media_line = {
        "vendor": "CCTV Advertising", "channel": "tv", "vehicle": "CCTV-1", "placement": "Prime time",
        "format": "15s", "flight_start": "2026-07-01", "flight_end": "2026-07-31", "spots": "31",
        "unit_rate": "85000.00", "discount_pct": "10",
    }  # fmt: skip
    client.post(reverse("media_line_add", args=[plan.pk]), media_line)
    assert "The client has confirmed media plan v1 in writing." in advance(client, campaign)
    # National TV takes the campaign over its budget: sent with the reason the client reads.
    refused = client.post(reverse("media_plan_send", args=[plan.pk]), {"contact": contact.pk})
    assert refused.status_code == 400 and "over its approved budget" in refused.content.decode()
    reason = "The client asked for national TV; the budget increase is being approved."
    client.post(reverse("media_plan_send", args=[plan.pk]), {"contact": contact.pk, "over_budget_reason": reason})
    client_decides(contact.email, "approved")
    # The recommendation (in the media brief) and the monthly plan of July are confirmed in writing too.
    recommendation = "National TV for reach through July."
    client.post(reverse("media_brief_edit", args=[campaign.pk]), {"recommendation": recommendation, "revision": 1})
    page = client.post(reverse("media_line_book", args=[plan.lines.get().pk]), follow=True).content.decode()
    assert "Not yet confirmed by the client in writing: the media recommendation; the monthly plan of" in page
    sent = {"contact": contact.pk, "over_budget_reason": reason}
    client.post(reverse("media_recommendation_send", args=[plan.pk]), sent)
    client_decides(contact.email, "approved")
    client.post(reverse("media_monthly_send", args=[plan.pk]), {"contact": contact.pk, "month": "2026-07-01"})
    client_decides(contact.email, "approved")
    client.post(reverse("media_line_book", args=[plan.lines.get().pk]), {"over_budget_reason": reason})
    client.post(reverse("media_booking_confirm", args=[plan.lines.get().bookings.get().pk]), {"vendor_reference": "C1"})
    assert "The confirmed schedule has been sent to the client." in advance(client, campaign)
    client.post(reverse("media_schedule_send", args=[plan.pk]), {"contact": contact.pk, "message": ""})
    # The plan, its confirmation, the bookings and the schedule ticked their steps; the rest a manager waives.
    page = advance(client, campaign)
    assert "Checklist step done: Post-analysis" in page and "Checklist step done: Booking" not in page
    waive_open_steps(client, campaign, Stage.MEDIA, manager=personas.supervisor, back_to=personas.member)
    advance(client, campaign)
    assert campaign.stage == Stage.EVALUATION

    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    # The timeline tells the walk in words, naming the client where they decided.
    assert f'moved <a href="/campaigns/{campaign.pk}/">{campaign}</a> from Media to Evaluation' in page
    assert "Chen Hui (client) asked for changes to" in page and "Show the family, not only cows." in page
    assert "Chen Hui (client) approved <a" in page and ">production estimate v1</a>" in page
    for code in ("campaign.advanced", "concept.client_changes_requested", "estimate.client_approved"):
        assert code not in page
    assert Campaign.objects.get(pk=campaign.pk).stage == Stage.EVALUATION


def test_it_does_not_count_a_concept_from_an_earlier_round(client, personas, team_campaign, contact, media_root):
    campaign = team_campaign
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.CREATIVE)
    client.force_login(personas.member)
    client.post(reverse("concept_new", args=[campaign.pk]), {"title": "Pasture", "rationale": "Fresh."})
    concept = Concept.objects.get(title="Pasture")
    client.post(reverse("concept_review", args=[concept.pk]), {"decision": "approve", "note": ""})
    client.post(reverse("concept_send", args=[concept.pk]), {"contact": contact.pk})
    client_decides(contact.email, "approved")
    assert "The client has approved a concept of round 1." not in advance(client, campaign)
    client.post(reverse("concept_round_new", args=[campaign.pk]), {"reason": "New direction from the CMO"})
    assert "The client has approved a concept of round 2." in advance(client, campaign)
