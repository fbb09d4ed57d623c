import io

from django.core.management import call_command

from accounts.models import ActionItem, Complaint, ContactReport, Prospect, SatisfactionSurvey, StatusReport
from agency.core.models import User


def test_it_seeds_contact_reports_and_a_prospect_once(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing is added twice
    assert ContactReport.objects.count() == 2
    assert ActionItem.objects.open().count() == 3
    prospect = Prospect.objects.get()
    assert prospect.activities.count() == 3
    client.force_login(User.objects.get(username="zhang.jing"))
    page = client.get("/clients/").content.decode()
    assert "Tianshan Dairy" in page


def test_it_seeds_the_service_loop_once(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Complaint.objects.count() == 2
    assert Complaint.objects.filter(first_response_at__isnull=True).count() == 1  # one still on the clock
    assert sorted(SatisfactionSurvey.objects.values_list("score", flat=True)) == [2, 4]
    assert StatusReport.objects.count() == 1
    client.force_login(User.objects.get(username="zhou.min"))
    open_complaint = Complaint.objects.get(first_response_at__isnull=True)
    page = client.get("/complaints/").content.decode()
    assert f'href="/complaints/{open_complaint.pk}/"' in page
    assert "Pudong" in client.get(f"/complaints/{open_complaint.pk}/").content.decode()


def test_it_shows_the_demo_pages_in_chinese(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="zhou.min"))  # management, prefers Simplified Chinese
    tsd = ContactReport.objects.get(client__code="TSD")
    page = client.get(f"/clients/{tsd.client_id}/").content.decode()
    assert "未完成的待办事项" in page and "Send the draft creative brief" in page
    assert "会议日期" in client.get(f"/clients/{tsd.client_id}/contact-reports/{tsd.pk}/").content.decode()
    prospect = Prospect.objects.get()
    assert "青禾茶饮" in client.get("/prospects/").content.decode()
    assert "会面或拜访" in client.get(f"/prospects/{prospect.pk}/").content.decode()
    assert "导出 Excel" in client.get("/clients/").content.decode()


def test_it_seeds_documents_waiting_for_the_clients_decision_once(db, client):
    from agency.core.models import DecisionRequest

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    waiting = DecisionRequest.objects.open()
    # The brief-stage brief, two creative-stage estimates, the evaluation shared for acknowledgement and the
    # client's 360° feedback on the AE.
    assert sorted(waiting.values_list("decision_kind", flat=True)) == [
        "brief", "campaign_evaluation", "estimate", "estimate", "review_feedback",
    ]  # fmt: skip
    tsd = waiting.filter(client__code="TSD").first().client
    client.force_login(User.objects.get(username="zhang.jing"))
    page = client.get(f"/clients/{tsd.pk}/").content.decode()
    assert 'id="open-decisions"' in page
    assert page.count("/document/") == waiting.filter(client=tsd).count() == 4


def test_it_seeds_a_campaign_evaluation_shared_with_the_client_once(db, client):
    from evaluations.models import CampaignEvaluation

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    evaluation = CampaignEvaluation.objects.get()
    assert evaluation.status == CampaignEvaluation.Status.SHARED
    assert evaluation.campaign.name == "中秋 2026 Mid-Autumn" and evaluation.results.count() == 2
    client.force_login(User.objects.get(username="david.liu"))  # the account's AM, reads English
    page = client.get(f"/campaigns/{evaluation.campaign_id}/evaluation/").content.decode()
    assert "Shared with the client" in page and "lower is better" in page
    assert "113.3%" in page  # awareness 34 against 30
    assert "118.4%" in page  # cost per lead 38 against 45: under target, so met
    assert page.count("text-bg-success") >= 2 and "text-bg-warning" not in page


def test_no_demo_campaign_is_past_the_brief_without_an_approved_brief_nor_with_open_steps_behind_it(db):
    from briefs.models import WORKING_STAGES, Campaign, ChecklistStep, Stage
    from briefs.workflow import approved_brief_version

    call_command("seed_demo", stdout=io.StringIO())
    past_brief = Campaign.objects.exclude(stage__in=[Stage.BRIEF, Stage.CANCELLED])
    assert past_brief.count() >= 6
    assert [str(c) for c in past_brief if approved_brief_version(c) is None] == []
    for campaign in past_brief:
        stage = campaign.resume_stage or campaign.stage
        behind = list(WORKING_STAGES)[: list(WORKING_STAGES).index(stage)] if stage in WORKING_STAGES else []
        open_behind = ChecklistStep.objects.filter(campaign=campaign, stage__in=behind, done_at=None, waived_at=None)
        assert not open_behind.exists(), campaign
