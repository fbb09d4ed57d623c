"""The client decides on the files too: the content hash covers each file's bytes, so a file changed after
sending supersedes the link, while links sent before files were hashed keep working."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agency.core import decisions, outbox
from agency.core.models import Decision, DecisionRequest, OutboxMessage
from agency.core.tests.decision_flow import choose, confirm
from briefs.models import Campaign, Stage
from briefs.services import creative
from briefs.tests.factories import ConceptFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OTHER_PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64  # same size, other bytes


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
