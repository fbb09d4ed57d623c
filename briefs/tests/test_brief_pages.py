"""The creative brief pages: versions, comparison, conflicting edits, sending for approval, access."""

from decimal import Decimal

import pytest

from agency.core import decisions, outbox
from agency.core.models import DecisionRequest, OutboxMessage
from briefs.models import BriefVersion
from briefs.services.brief import brief_is_approved, brief_send_for_approval


def login(client, user):
    client.force_login(user)
    return client


def form_data(version, **changes):
    """What the edit form posts for `version`, with some fields changed."""
    data = {name: getattr(version, name) for name in BriefVersion.TEXT_FIELDS}
    data["budget"] = "" if version.budget is None else str(version.budget)
    data.update(base_number=version.number, base_revision=version.revision)
    kpis = list(version.kpis.all())
    data.update({"kpis-TOTAL_FORMS": len(kpis), "kpis-INITIAL_FORMS": 0})
    for i, kpi in enumerate(kpis):
        data.update(
            {
                f"kpis-{i}-name": kpi.name,
                f"kpis-{i}-target": str(kpi.target),
                f"kpis-{i}-unit": kpi.unit,
                f"kpis-{i}-measured_by": kpi.measured_by,
            }
        )
    data.update(changes)
    return data


def url(campaign, rest=""):
    return f"/campaigns/{campaign.pk}/brief/{rest}"


@pytest.mark.parametrize("who", ["outsider", "finance"])
def test_outsiders_get_404_on_every_brief_page(client, who, personas, brief, draft, campaign, contact):
    login(client, getattr(personas, who))
    for path in ("", "edit/", "v1/", "compare/?a=1&b=1"):
        assert client.get(url(campaign, path)).status_code == 404
    assert client.post(url(campaign, "edit/"), form_data(draft, proposition="Hacked")).status_code == 404
    assert client.post(url(campaign, "v1/send/"), {"contact": contact.pk}).status_code == 404
    draft.refresh_from_db()
    assert draft.proposition.startswith("Fresh") and not DecisionRequest.objects.exists()


def test_an_outsider_cannot_revoke_a_link(client, personas, draft, contact):
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    login(client, personas.outsider)
    assert client.post(f"/decision-requests/{sent.pk}/revoke/").status_code == 404
    sent.refresh_from_db()
    assert sent.status == "open"


@pytest.mark.parametrize("who", ["member", "supervisor", "management"])
def test_the_team_reads_the_brief(client, who, personas, brief, campaign):
    login(client, getattr(personas, who))
    body = client.get(url(campaign)).content.decode()
    assert "Fresh from the pasture to your table in 48 hours." in body
    assert "Unaided awareness in the south" in body and "35 %" in body


def test_the_first_save_writes_the_brief_with_kpis(client, personas, campaign):
    login(client, personas.member)
    assert "no brief yet" in client.get(url(campaign)).content.decode()
    data = {name: "" for name in BriefVersion.TEXT_FIELDS}
    data.update(
        proposition="Fresh in 48 hours.",
        budget="1200000.50",
        base_number=1,
        base_revision=1,
        **{"kpis-TOTAL_FORMS": 2, "kpis-INITIAL_FORMS": 0},
        **{"kpis-0-name": "Trial", "kpis-0-target": "12.5", "kpis-0-unit": "%", "kpis-0-measured_by": "Panel"},
    )
    assert client.post(url(campaign, "edit/"), data).status_code == 302
    version = campaign.creative_brief.versions.get()
    assert version.proposition == "Fresh in 48 hours." and version.budget == Decimal("1200000.50")
    [kpi] = version.kpis.all()
    assert (kpi.name, kpi.target, kpi.unit) == ("Trial", Decimal("12.5"), "%")


def test_editing_a_draft_changes_it_in_place(client, personas, draft, campaign):
    login(client, personas.member)
    client.post(url(campaign, "edit/"), form_data(draft, timing="On air 15 July."))
    draft.refresh_from_db()
    assert draft.timing == "On air 15 July." and draft.revision == 2
    assert draft.brief.versions.count() == 1


def test_editing_a_sent_version_starts_a_new_one_and_the_old_stays_readable(client, personas, draft, campaign, contact):
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    login(client, personas.member)
    page = client.get(url(campaign, "edit/")).content.decode()
    assert "saving starts version 2" in page
    client.post(url(campaign, "edit/"), form_data(draft, proposition="Fresh in 24 hours."))
    draft.refresh_from_db()
    sent.refresh_from_db()
    assert draft.status == "superseded" and draft.proposition.startswith("Fresh from the pasture")
    assert sent.status == "superseded"  # the client's link to v1 stops working
    v2 = draft.brief.versions.get(number=2)
    assert v2.status == "draft" and v2.proposition == "Fresh in 24 hours." and v2.kpis.count() == 1
    old_page = client.get(url(campaign, "v1/")).content.decode()
    assert "Fresh from the pasture to your table in 48 hours." in old_page and "Superseded" in old_page


def test_comparison_shows_exactly_the_changed_fields(client, personas, draft, campaign, contact):
    brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    login(client, personas.member)
    data = form_data(draft, proposition="Fresh in 24 hours.", budget="2600000.00")
    data["kpis-0-target"] = "40"
    client.post(url(campaign, "edit/"), data)
    response = client.get(url(campaign, "compare/?a=1&b=2"))
    rows = response.context["changes"]
    assert [row["field"] for row in rows] == ["kpis", "proposition", "budget"]
    body = response.content.decode()
    assert "Fresh from the pasture to your table in 48 hours." in body and "Fresh in 24 hours." in body
    assert "2500000.00" in body and "2600000.00" in body
    assert "Mothers 28-40" not in body  # unchanged fields are not shown
    assert client.get(url(campaign, "compare/?a=2&b=2")).context["changes"] == []


def test_a_conflicting_edit_is_refused_and_loses_nothing(client, personas, draft, campaign):
    opened_by_member = form_data(draft)  # both open the edit page at the same revision
    opened_by_supervisor = form_data(draft)
    login(client, personas.supervisor)
    opened_by_supervisor["proposition"] = "Supervisor's proposition."
    assert client.post(url(campaign, "edit/"), opened_by_supervisor).status_code == 302

    login(client, personas.member)
    opened_by_member["proposition"] = "Member's careful rewrite."
    response = client.post(url(campaign, "edit/"), opened_by_member)
    body = response.content.decode()
    assert response.status_code == 409
    assert "saved this brief while you were editing it" in body
    assert "Member&#x27;s careful rewrite." in body  # their own text, back in the form
    assert "Supervisor&#x27;s proposition." in body  # and what the other person saved
    draft.refresh_from_db()
    assert draft.proposition == "Supervisor's proposition."

    # Saving again from the page they now see keeps their text, knowingly.
    resubmit = dict(opened_by_member, base_revision=draft.revision)
    assert client.post(url(campaign, "edit/"), resubmit).status_code == 302
    draft.refresh_from_db()
    assert draft.proposition == "Member's careful rewrite."


def test_sending_for_approval_emails_the_contact_and_shows_the_history(client, personas, draft, campaign, contact):
    login(client, personas.member)
    response = client.post(url(campaign, "v1/send/"), {"contact": contact.pk}, follow=True)
    assert "was emailed to Chen Hui for approval" in response.content.decode()
    message = OutboxMessage.objects.get(template="decision_request")
    assert message.to_email == contact.email and "/d/" in outbox.as_sent(message).text
    draft.refresh_from_db()
    assert draft.status == "sent"
    request = DecisionRequest.objects.get()
    decisions.note_opened(decision_request=request)
    body = client.get(url(campaign)).content.decode()
    assert "Waiting for the client" in body and "sent" in body and "opened" in body
    assert "Revoke link" in body
    client.post(f"/decision-requests/{request.pk}/revoke/", {"next": url(campaign)})
    request.refresh_from_db()
    assert request.status == "revoked"
    assert "revoked" in client.get(url(campaign)).content.decode()


def test_a_contact_of_another_client_cannot_be_chosen(client, personas, draft, campaign, other_contact):
    login(client, personas.member)
    response = client.post(url(campaign, "v1/send/"), {"contact": other_contact.pk}, follow=True)
    assert "Choose the client contact" in response.content.decode()
    assert not DecisionRequest.objects.exists()


def test_the_gate_holds_only_for_the_latest_approved_version(client, personas, draft, campaign, contact):
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    assert not brief_is_approved(campaign)
    decisions.decide(decision_request=sent, outcome="approved")
    assert brief_is_approved(campaign)
    login(client, personas.member)
    body = client.get(url(campaign)).content.decode()
    assert "Approved by Chen Hui" in body
    draft.refresh_from_db()
    client.post(url(campaign, "edit/"), form_data(draft, timing="Later."))
    assert not brief_is_approved(campaign)  # a new version needs its own approval


def test_the_brief_page_has_a_fixed_query_budget(
    client, personas, draft, campaign, contact, django_assert_max_num_queries
):
    login(client, personas.member)
    brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    budget = 12  # session, user, campaign, brief, versions, KPIs, links, history, approval, contacts...
    with django_assert_max_num_queries(budget):
        client.get(url(campaign))
    for i in range(2, 8):
        draft.refresh_from_db()
        latest = draft.brief.versions.order_by("-number").first()
        client.post(url(campaign, "edit/"), form_data(latest, timing=f"Round {i}"))
        latest = draft.brief.versions.order_by("-number").first()
        brief_send_for_approval(version=latest, contact=contact, by=personas.member)
    with django_assert_max_num_queries(budget):
        body = client.get(url(campaign)).content.decode()
    assert body.count('data-request="') == 7
