"""The client decides on the files too: the content hash covers each file's bytes, so a file changed after
sending supersedes the link, while links sent before files were hashed keep working; and the holder of the
link (only they, only while it works) opens every file from the decision page."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agency.core import decisions, outbox
from agency.core.models import Decision, DecisionRequest, OutboxMessage
from agency.core.tests.decision_flow import choose, confirm
from agency.core.tests.images import png
from briefs.models import Campaign, Stage
from briefs.services import creative
from briefs.tests.factories import ConceptFactory, FinalAdFactory

PNG = png()
OTHER_PNG = png(colour=(10, 200, 30))  # same size, other bytes


@pytest.fixture
def concept(team_campaign, personas, media_root):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    concept = ConceptFactory(campaign=team_campaign, title="Pasture at dawn")
    creative.attachment_add(
        document=concept,
        upload=SimpleUploadedFile("key visual.png", PNG),
        name="key visual.png",
        content_type="image/png",
        by=personas.member,
    )
    return creative.concept_review(concept=concept, approve=True, note="", by=personas.member)


@pytest.fixture
def link(concept, contact, personas):
    creative.concept_send(concept=concept, contact=contact, by=personas.member)
    return DecisionRequest.objects.for_document(concept).get()


def overwrite(attachment, content):
    """The stored file's bytes change under the same name (a replaced file, or tampering on disk)."""
    with attachment.file.storage.open(attachment.file.name, "wb") as handle:
        handle.write(content)


def test_the_hash_covers_the_bytes_of_each_file_and_only_then_differs_from_the_text(concept, link):
    text_only = decisions.hash_content(concept.decision_content())
    assert link.content_hash != text_only
    assert link.content_hash == decisions.content_hash(concept)


def test_a_file_changed_after_sending_supersedes_the_link(client, concept, link, contact):
    overwrite(concept.attachments.get(), OTHER_PNG)
    client.get(f"/d/{decisions.remind_request(decision_request=link).token}/")
    response = client.get(reverse("decision_page", args=[link.pk]))
    assert response.status_code == 410 and "There is a newer version" in response.content.decode()
    link.refresh_from_db()
    assert link.status == "superseded"
    with pytest.raises(decisions.LinkNotUsable):
        decisions.decide(decision_request=link, outcome="approved")


def test_a_file_gone_from_storage_supersedes_the_link_without_an_error(client, concept, link):
    attachment = concept.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    with pytest.raises(decisions.LinkNotUsable) as refused:
        decisions.decide(decision_request=link, outcome="approved")
    assert refused.value.reason == "superseded"


def test_an_approval_no_longer_counts_once_a_file_changes(concept, link):
    decision = decisions.decide(decision_request=link, outcome="approved")
    assert decisions.approval_for(concept) == decision
    overwrite(concept.attachments.get(), OTHER_PNG)
    assert decisions.approval_for(concept) is None


def test_a_link_sent_before_files_were_hashed_still_decides_and_counts(concept, link):
    # What a link issued by an earlier release holds: the hash of the text alone.
    DecisionRequest.objects.filter(pk=link.pk).update(content_hash=decisions.hash_content(concept.decision_content()))
    link.refresh_from_db()
    decision = decisions.decide(decision_request=link, outcome="approved")
    concept.refresh_from_db()
    assert concept.status == "approved"
    assert decisions.approval_for(concept) == decision


def test_the_confirm_page_and_the_receipt_list_each_file_with_its_sha256(concept, link):
    sha = hashlib.sha256(PNG).hexdigest()
    browser = Client()
    browser.get(f"/d/{decisions.remind_request(decision_request=link).token}/")
    chosen = choose(browser, link, outcome="approved")
    assert "key visual.png" in chosen.content.decode() and sha in chosen.content.decode()
    receipt = browser.get(confirm(browser, chosen)["Location"]).content.decode()
    assert "key visual.png" in receipt and sha in receipt
    assert Decision.objects.get().snapshot["files"] == [["key visual.png", sha]]
    text = outbox.as_sent(OutboxMessage.objects.get(template="decision_receipt")).text
    assert "- key visual.png\n  SHA-256 " + sha in text


# --- the client opens every file by the link --------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def concept_with_storyboard(team_campaign, personas, media_root):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    concept = ConceptFactory(campaign=team_campaign, title="Pasture at dawn")
    for name, content, content_type in (
        ("key visual.png", PNG, "image/png"),
        ("故事板 第一版.pdf", PDF, "application/pdf"),
    ):
        creative.attachment_add(
            document=concept,
            upload=SimpleUploadedFile(name, content),
            name=name,
            content_type=content_type,
            by=personas.member,
        )
    return creative.concept_review(concept=concept, approve=True, note="", by=personas.member)


def send(document, contact, by):
    """Send the document; the link (with its token, as the email carries it) is a reminder's, so the test
    holds a usable token: the first email's works the same (agency/tests/test_decision_links_survive.py)."""
    send_document = creative.concept_send if document._meta.model_name == "concept" else None
    if send_document is not None:
        send_document(concept=document, contact=contact, by=by)
    else:
        creative.final_ad_send(final_ad=document, contact=contact, by=by)
    request = DecisionRequest.objects.for_document(document).get()
    return decisions.remind_request(decision_request=request)


def arrive(browser, token):
    """A browser with nothing but the link: it lands and gets the decision page."""
    landing = browser.get(f"/d/{token}/")
    assert landing.status_code == 302
    return browser.get(landing["Location"])


def file_url(request_id, index):
    return reverse("decision_file", args=[request_id, index])


def test_a_client_with_only_the_link_opens_every_file_of_a_concept(concept_with_storyboard, contact, personas):
    sent = send(concept_with_storyboard, contact, personas.member)
    browser = Client()
    page = arrive(browser, sent.token).content.decode()
    image_url, pdf_url = file_url(sent.pk, 0), file_url(sent.pk, 1)
    assert f'<img src="{image_url}"' in page and "img-fluid" in page
    assert f'href="{pdf_url}"' in page and "故事板 第一版.pdf" in page
    assert hashlib.sha256(PNG).hexdigest() in page and hashlib.sha256(PDF).hexdigest() in page

    image = browser.get(image_url)
    assert image.status_code == 200 and b"".join(image.streaming_content) == PNG
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline")
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    assert image["Cache-Control"] == "no-store"

    document = browser.get(pdf_url)
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF
    assert document["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''%E6%95%85%E4%BA%8B%E6%9D%BF" in document["Content-Disposition"]
    assert document["X-Content-Type-Options"] == "nosniff"
    assert browser.get(file_url(sent.pk, 2)).status_code == 404  # no third file


def test_a_client_with_only_the_link_opens_the_files_of_a_final_ad(team_campaign, contact, personas, media_root):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    team_campaign.refresh_from_db()
    final_ad = FinalAdFactory(campaign=team_campaign, compliance_note="Claims checked.")
    creative.attachment_add(
        document=final_ad,
        upload=SimpleUploadedFile("tvc frame.png", PNG),
        name="tvc frame.png",
        content_type="image/png",
        by=personas.member,
        format="KV",
    )
    sent = send(final_ad, contact, personas.member)
    browser = Client()
    page = arrive(browser, sent.token).content.decode()
    assert f'<img src="{file_url(sent.pk, 0)}"' in page and hashlib.sha256(PNG).hexdigest() in page
    assert b"".join(browser.get(file_url(sent.pk, 0)).streaming_content) == PNG


def test_a_file_is_not_served_without_the_link_or_after_the_link_died(concept_with_storyboard, contact, personas):
    sent = send(concept_with_storyboard, contact, personas.member)
    assert Client().get(file_url(sent.pk, 0)).status_code == 404  # no session: only a guessed address
    wrong = Client()
    assert wrong.get("/d/" + "x" * 43 + "/").status_code == 404
    assert wrong.get(file_url(sent.pk, 0)).status_code == 404
    staff = Client()
    staff.force_login(personas.member)  # a staff login is not the link either
    assert staff.get(file_url(sent.pk, 0)).status_code == 404

    holder = Client()
    arrive(holder, sent.token)
    assert holder.get(file_url(sent.pk, 0)).status_code == 200
    decisions.revoke_request(decision_request=sent, by=personas.member)
    assert holder.get(file_url(sent.pk, 0)).status_code == 404


def test_changing_the_bytes_of_a_file_under_the_same_name_supersedes_the_link(
    concept_with_storyboard, contact, personas
):
    sent = send(concept_with_storyboard, contact, personas.member)
    holder = Client()
    arrive(holder, sent.token)
    overwrite(concept_with_storyboard.attachments.get(original_name="key visual.png"), OTHER_PNG)
    assert holder.get(file_url(sent.pk, 0)).status_code == 404  # the client never sees bytes they were not sent
    sent.refresh_from_db()
    assert sent.status == "superseded"
    assert "There is a newer version" in holder.get(reverse("decision_page", args=[sent.pk])).content.decode()


def test_a_file_is_served_with_a_fixed_number_of_queries(
    concept_with_storyboard, contact, personas, django_assert_max_num_queries
):
    sent = send(concept_with_storyboard, contact, personas.member)
    holder = Client()
    arrive(holder, sent.token)
    with django_assert_max_num_queries(8):
        assert holder.get(file_url(sent.pk, 1)).status_code == 200
