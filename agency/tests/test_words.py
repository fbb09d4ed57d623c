"""Words as people read them: plain-text emails say what was written, dates read one way per language, and
every document kind, status and outcome has its name in English, Simplified and Traditional Chinese."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from accounts.models import Complaint
from accounts.services.complaints import complaint_record
from agency.core import decisions, outbox
from agency.core.models import Decision, DecisionRequest, OutboxMessage
from briefs.models import Campaign, ClientStatus, EstimateOverrun, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import (
    ConceptFactory,
    EstimateFactory,
    EstimateLineFactory,
    FinalAdFactory,
    approve_brief_with_objectives,
)
from evaluations.models import Feedback, PostAnalysis, Review
from evaluations.services import reviews as review_services
from evaluations.tests.factories import complete_evaluation
from media.models import Booking, MediaRecommendation, MonitoringReport, MonthlyPlan
from media.tests.factories import PlanVersionFactory, add_lines, bookable_line

pytestmark = pytest.mark.django_db

CHINESE = ["zh-hans", "zh-hant"]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A page opened in Chinese leaves its language active in the thread; the next test starts in English."""
    yield
    translation.activate("en")


def test_it_sends_plain_text_verbatim_and_escapes_only_the_html_part(campaign, draft, contact, personas):
    contact.name = "R&D O'Brien"
    contact.save()
    campaign.name = "Fish & Chips <launch>"
    campaign.save()

    brief_send_for_approval(version=draft, contact=contact, by=personas.member)

    [message] = OutboxMessage.objects.filter(to_email=contact.email)
    assert "Dear R&D O'Brien," in message.body_text
    assert "Fish & Chips <launch>" in message.subject
    assert "&amp;" not in message.body_text + message.subject
    assert "&#x27;" not in message.body_text
    assert "R&amp;D O&#x27;Brien" in message.body_html
    assert "Fish &amp; Chips &lt;launch&gt;" in message.body_html


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "12 Jun 2026"), ("zh-hans", "2026年6月12日"), ("zh-hant", "2026年6月12日")],
)
def test_it_shows_dates_in_one_unambiguous_format_per_language(client, campaign, personas, language, shown):
    campaign.start_date = date(2026, 6, 12)
    campaign.end_date = date(2026, 7, 3)
    campaign.save()
    personas.member.language = language
    personas.member.save()
    client.force_login(personas.member)

    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert shown in page
    assert "06/12/2026" not in page and "12/06/2026" not in page

    # The edit form hands the browser's date input the ISO date it needs, in every language.
    form = client.get(f"/campaigns/{campaign.pk}/edit/").content.decode()
    assert 'value="2026-06-12"' in form


# --- every kind, status and outcome has a name in each language -------------------------------------


def in_language(label, language):
    with translation.override(language):
        return str(label)


def labels_to_translate():
    labels = [(f"kind {kind.code}", kind.label) for kind in decisions.all_kinds()]
    for name, choices in (
        ("DecisionRequest.Status", DecisionRequest.Status),
        ("Decision.Outcome", Decision.Outcome),
        ("Stage", Stage),
        ("ClientStatus", ClientStatus),
        ("Complaint.Status", Complaint.Status),
        ("Booking.Status", Booking.Status),
    ):
        labels += [(f"{name}.{value}", label) for value, label in choices.choices]
    return labels


@pytest.mark.parametrize("language", CHINESE)
def test_every_kind_status_and_outcome_has_a_chinese_name(language):
    untranslated = [
        (name, in_language(label, "en"))
        for name, label in labels_to_translate()
        if in_language(label, language) == in_language(label, "en") or not in_language(label, language).strip()
    ]
    assert untranslated == []


# --- a document of every kind, asked of the client ---------------------------------------------------


def documents_of_every_kind(campaign, contact, personas):
    """One document of each registered kind, ready to send to `contact`."""
    member = personas.member
    brief_version = approve_brief_with_objectives(campaign, contact=contact, by=member)
    estimate = EstimateFactory(campaign=campaign)
    EstimateLineFactory(estimate=estimate)
    plan = PlanVersionFactory(campaign=campaign)
    add_lines(plan, 2)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    complaint = complaint_record(
        client=personas.client, by=member, channel=Complaint.Channel.PHONE, contact=contact,
        received_at=datetime(2026, 6, 11, 17, 0, tzinfo=ZoneInfo("UTC")), description="Wrong cut aired",
        category=Complaint.Category.SERVICE, priority=Complaint.Priority.URGENT,
    )  # fmt: skip
    Complaint.objects.filter(pk=complaint.pk).update(
        founded=True, status=Complaint.Status.REMEDY_PROPOSED, remedy="A free spot.", remedy_round=1
    )
    review_services.cycle_create(
        name="2026 H1", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
        feedback_deadline=date(2026, 7, 15), titles=["AE"], people=[member], by=personas.management,
    )  # fmt: skip
    review = Review.objects.get(reviewee=member)
    review_services.review_add_reviewer(review=review, relationship="client", contact=contact, by=personas.supervisor)
    documents = {
        "brief": brief_version,
        "concept": ConceptFactory(campaign=campaign, title="Fresh mornings"),
        "estimate": estimate,
        "estimate_overrun": EstimateOverrun.objects.create(
            campaign=campaign, client=campaign.client, estimate=estimate, amount=Decimal("5000.00"), reason="Reshoot."
        ),
        "final_ad": FinalAdFactory(campaign=campaign, title="Fresh mornings 15s"),
        "media_plan": plan,
        "media_recommendation": MediaRecommendation.objects.create(
            campaign=campaign, client=campaign.client, version=plan, text="Television first, then outdoor."
        ),
        "monthly_media_plan": MonthlyPlan.objects.create(
            campaign=campaign, client=campaign.client, version=plan, month=date(2026, 7, 1)
        ),
        "airing_proof": MonitoringReport.objects.create(
            booking=Booking.objects.create(
                line=bookable_line(campaign, contact=contact, by=member),
                client=campaign.client,
                reference="IO-WORDS-1",
                spots=10,
                requested_by=member,
                requested_at=timezone.now(),
            ),
            client=campaign.client,
            period_start=date(2026, 7, 1),
            period_end=date(2026, 7, 7),
            scheduled=10,
            aired=9,
            recorded_by=member,
        ),  # fmt: skip
        "post_analysis": PostAnalysis.objects.create(campaign=campaign, client=campaign.client, version=plan),
        "complaint_remedy": Complaint.objects.get(pk=complaint.pk),
        "campaign_evaluation": complete_evaluation(campaign, by=member),
        "review_feedback": Feedback.objects.get(contact=contact),
    }
    assert set(documents) == {kind.code for kind in decisions.all_kinds()}
    return documents


RAW_CODES = re.compile(
    r"\b(changes_requested|acknowledged|answered|approved|decided|revoked|superseded|"
    + "|".join(kind.code for kind in decisions.all_kinds())
    + r")\b"
)


def shown_text(html):
    """What a person reads on a page: no tags, attributes or scripts (a button's value may be a code)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", CHINESE)
def test_every_decision_email_and_page_reads_in_the_clients_chinese(client, campaign, contact, personas, language):
    contact.language = language
    contact.save()
    personas.member.language = language
    personas.member.save()
    personas.client.require_code_for_money_decisions = False
    personas.client.save()
    with translation.override(language):
        outcomes = {str(label) for label in Decision.Outcome.labels}
        english_outcomes = {in_language(label, "en") for label in Decision.Outcome.labels}
    for code, document in documents_of_every_kind(campaign, contact, personas).items():
        kind = decisions.kind_named(code)
        label = in_language(kind.label, language)
        english = in_language(kind.label, "en")
        OutboxMessage.objects.all().delete()
        request = decisions.request_decision(document=document, contact=contact, by=personas.member)
        page = shown_text(client.get(f"/d/{request.token}/", follow=True).content.decode())
        assert label in page and english not in page, code
        assert not RAW_CODES.search(page), (code, RAW_CODES.search(page))

        decisions.remind_request(decision_request=request)
        outcome = kind.outcomes[0]
        answers = {}
        if kind.is_answer:
            fields = kind.answer_form(document, None).fields
            data = {name: "4" if name.startswith("rating") else "On time." for name in fields}
            form = kind.answer_form(document, data)
            assert form.is_valid(), form.errors
            answers = form.answers()
        decisions.decide(decision_request=DecisionRequest.objects.get(pk=request.pk), outcome=outcome, answers=answers)
        outcome_label = in_language(Decision.Outcome(outcome).label, language)
        assert outcome_label in outcomes and outcome_label not in english_outcomes

        mails = {m.template: m for m in OutboxMessage.objects.all()}
        assert {"decision_request", "decision_reminder", "decision_receipt"} <= set(mails), code
        for template, mail in mails.items():
            if not template.startswith("decision_"):
                continue
            text = mail.subject + "\n" + outbox.as_sent(mail).text
            # The receipt quotes the decided text verbatim between rules (the evidence, in the words the
            # content hash covers): outside that copy, no English label and no raw code.
            prose = re.sub(r"-{40}\n.*?-{40}\n", "", text, flags=re.S)
            assert label in prose and english not in prose, (code, template, text)
            assert not RAW_CODES.search(prose), (code, template, RAW_CODES.search(prose))
            if template in ("decision_receipt", "decision_outcome"):
                assert outcome_label in text, (code, template, text)


@pytest.mark.parametrize("language", ["en", *CHINESE])
def test_a_title_names_the_version_once_for_every_kind(client, campaign, contact, personas, language):
    personas.member.language = language
    personas.member.save()
    client.force_login(personas.member)
    for code, document in documents_of_every_kind(campaign, contact, personas).items():
        request = decisions.request_decision(document=document, contact=contact, by=personas.member)
        with translation.override(language):
            title = request.title
        version = request.version_label
        assert len(re.findall(rf"(?<!\w){re.escape(version)}(?!\w)", title)) == 1, (code, title)
        assert in_language(request.kind.label, language) in title, (code, title)
        for mail in OutboxMessage.objects.filter(template="decision_request", related_id=str(request.pk)):
            assert f"{version} {version}" not in mail.subject + outbox.as_sent(mail).text, code
    home = client.get("/").content.decode() + client.get(f"/clients/{personas.client.pk}/").content.decode()
    assert not re.search(r"(?<!\w)(v\d+|R\d+) \1(?!\w)", home)
    assert "Production estimate v1 v1" not in home


def test_a_title_stored_in_english_reads_in_the_readers_chinese(campaign, contact, personas):
    estimate = EstimateFactory(campaign=campaign, version=1)
    with translation.override("en"):
        request = decisions.request_decision(document=estimate, contact=contact, by=personas.member)
    assert request.document_title == f"{campaign.job_number} · Production estimate v1"  # the sender's words
    with translation.override("zh-hans"):
        assert request.title == f"{campaign.job_number} · 制作预算 v1"
    with translation.override("zh-hant"):
        assert request.title == f"{campaign.job_number} · 製作預算 v1"


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "22 Jun 2026"), ("zh-hans", "2026年6月22日"), ("zh-hant", "2026年6月22日")],
)
def test_a_timeline_shows_dates_in_the_readers_format(language, shown):
    from agency.core import audit
    from agency.core.models import AuditEvent

    cutoff = AuditEvent(
        action="media_plan.booking_cutoff_set", actor_id=1, actor_label="王芳", object_repr="Media plan v2",
        data={"to": "2026-06-22"},
    )  # fmt: skip
    report = AuditEvent(action="status_report.sent", actor_id=1, actor_label="王芳", object_repr="Weekly 2026-06-22")
    with translation.override(language):
        for event in (cutoff, report):
            sentence = audit.sentence(event, links=False)
            assert shown in sentence and "2026-06-22" not in sentence, sentence


def test_traditional_chinese_uses_the_words_of_taiwan_and_hong_kong():
    """OpenCC turns characters, not words: bin/messages.py puts the local words in (連結, not 鏈接)."""
    import importlib.util
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("messages", root / "bin/messages.py")
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    catalogue = polib.pofile(str(root / "locale/zh_Hant/LC_MESSAGES/django.po"))
    mainland = [
        (entry.msgid, word)
        for entry in catalogue
        if not entry.obsolete
        for word in messages.TAIWAN_HK_WORDS
        if word in entry.msgstr + "".join(entry.msgstr_plural.values())
    ]
    assert mainland == []
    with translation.override("zh-hant"):
        assert str(decisions.kind_named("review_feedback").label) == "360° 回饋"
