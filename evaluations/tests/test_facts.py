"""Helpful facts beside the ratings (issue 7): the person's client-approval turnaround and the KPIs met on
campaigns they led, for the review period, on the results page and on a reviewer's feedback form."""

import datetime
from decimal import Decimal

from django.urls import reverse

from accounts.tests.factories import BrandFactory
from agency.core import decisions
from agency.core.models import DecisionRequest
from briefs.models import Campaign, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, make_brief
from evaluations.tests.factories import complete_evaluation

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
KPIS = [
    ("Unaided awareness in the south", Decimal("35"), "%", "Brand tracking survey"),
    ("TV spots delivered", Decimal("31"), "spots", "Media delivery"),
]


def brief_decided(campaign, *, contact, by, outcome, sent_at, days, time_machine, kpis=None):
    time_machine.move_to(sent_at, tick=False)
    version = make_brief(campaign, by=by, kpis=kpis).versions.get(number=1)
    brief_send_for_approval(version=version, contact=contact, by=by)
    time_machine.move_to(sent_at + datetime.timedelta(days=days), tick=False)
    request = DecisionRequest.objects.for_document(version).open().get()
    decisions.decide(decision_request=request, outcome=outcome, comment="Warmer tone, please.")


def test_it_shows_the_persons_turnaround_and_kpis_beside_the_ratings(
    client, personas, review, give_feedback, share, contact, time_machine, django_assert_max_num_queries
):
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    led = CampaignFactory(client=personas.client, brand=brand, lead_ae=personas.member)
    other = CampaignFactory(client=personas.client, brand=brand, lead_ae=personas.member)
    august = datetime.datetime(2026, 8, 3, 10, 0, tzinfo=SHANGHAI)
    brief_decided(
        led, contact=contact, by=personas.member, outcome="approved", sent_at=august, days=2,
        time_machine=time_machine, kpis=KPIS,
    )  # fmt: skip
    brief_decided(
        other, contact=contact, by=personas.member, outcome="changes_requested", sent_at=august, days=1,
        time_machine=time_machine,
    )  # fmt: skip
    # Outside the review period (2026 H2): does not count.
    before = CampaignFactory(client=personas.client, brand=brand, lead_ae=personas.member)
    brief_decided(
        before, contact=contact, by=personas.member, outcome="approved",
        sent_at=datetime.datetime(2026, 5, 4, 10, 0, tzinfo=SHANGHAI), days=9, time_machine=time_machine,
    )  # fmt: skip
    time_machine.move_to(datetime.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI), tick=False)
    # A complaint the member owned, answered at once (within its SLA); two satisfaction surveys answered 5 and 4.
    from accounts.services import complaints, surveys

    complaint = complaints.complaint_record(
        client=personas.client, by=personas.member, channel="phone", description="Spot missed on CCTV-1",
        category="service", priority="urgent", owner=personas.member, received_at=datetime.datetime(
            2026, 10, 9, 9, 30, tzinfo=SHANGHAI),
    )  # fmt: skip
    complaints.complaint_respond(complaint=complaint, text="A make-good airs tonight.", by=personas.member)
    for score in (5, 4):
        survey = surveys.survey_send(
            contact=contact, reason="quarterly", period=f"2026-Q{score - 1}", ae=personas.member
        )
        surveys.survey_answer(survey=survey, score=score)
    Campaign.objects.filter(pk=led.pk).update(stage=Stage.EVALUATION)
    led.refresh_from_db()
    complete_evaluation(led, by=personas.member, actual=Decimal("33"))  # awareness missed, spots met

    # A reviewer sees the facts on the feedback form.
    peer = give_feedback(review, "peer")
    client.force_login(peer)
    feedback = review.feedback.get(reviewer=peer)
    page = client.get(reverse("reviews:feedback", args=[feedback.pk])).content.decode()
    assert "Client approvals asked for: 2, answered: 2." in page
    assert "Average client turnaround: 1.5 days." in page and "Changes requested: 1." in page
    assert "Campaign KPIs met: 1 of 2, in 1 evaluated campaigns led." in page
    assert "Complaints owned: 1, answered within the SLA: 1." in page
    assert "Client satisfaction: 4.5 of 5, from 2 answered surveys." in page
    assert contact.client.name not in page.split('id="facts"')[1].split("</div>")[0]

    # The reviewed person sees them beside the results, in a fixed number of queries.
    give_feedback(review, "supervisor", reviewer=personas.supervisor)
    share(review)
    client.force_login(personas.member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reviews:results", args=[review.pk])).content.decode()
    assert "Average client turnaround: 1.5 days." in page and "Campaign KPIs met: 1 of 2" in page


def test_it_says_when_there_are_no_facts(client, personas, review):
    client.force_login(personas.member)
    feedback = review.feedback.get(reviewer=personas.member)
    page = client.get(reverse("reviews:feedback", args=[feedback.pk])).content.decode()
    assert "No client approvals were asked for in this period." in page
    assert "No campaign led by this person was evaluated in this period." in page
    assert "No complaints owned in this period." in page
