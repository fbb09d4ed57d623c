"""Uploads are checked by content, name and size; files and every campaign URL stay inside the team."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agency.core import files
from agency.core.tests.images import png
from briefs.models import Campaign, ConceptAttachment, Stage
from briefs.tests.factories import ConceptFactory, EstimateFactory, EstimateLineFactory, FinalAdFactory

PNG = png()
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def concept(team_campaign, media_root):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.CREATIVE)
    return ConceptFactory(campaign=team_campaign)


def upload(client, concept, name, content, kind="key_visual"):
    return client.post(
        reverse("concept_upload", args=[concept.pk]), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_it_stores_a_key_visual_and_serves_it_only_to_the_team(client, personas, concept):
    client.force_login(personas.member)
    assert upload(client, concept, "key visual 1.png", PNG).status_code == 302
    attachment = ConceptAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert "key visual" not in attachment.file.name  # stored under a random name
    url = reverse("concept_file", args=[attachment.pk])
    assert "key visual 1.png" in client.get(reverse("concept_detail", args=[concept.pk])).content.decode()
    response = client.get(url)
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="key visual 1.png"'
    assert files.sha256(attachment.file) == hashlib.sha256(PNG).hexdigest()  # the bytes stored are the bytes sent

    client.force_login(personas.supervisor)
    assert client.get(url).status_code == 200
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("storyboard.png", b"MZ\x90\x00" + b"\x00" * 64, "is not a file type we accept"),
        ("storyboard.png", b"just some text, not an image", "is not a file type we accept"),
        ("storyboard.png", PDF, "contains application/pdf but its name says otherwise"),
        ("storyboard.pdf.exe", PDF, "looks like a program or a web page"),
        ("index.html", PNG, "looks like a program or a web page"),
        (".htaccess", PNG, "is not an acceptable file name"),
    ],
)
def test_it_refuses_wrong_types_and_dangerous_names(client, personas, concept, name, content, message):
    client.force_login(personas.member)
    response = upload(client, concept, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConceptAttachment.objects.exists()


def test_it_refuses_an_oversize_file(client, personas, concept, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(personas.member)
    response = upload(client, concept, "big.png", PNG + b"\x00" * 2048)
    assert response.status_code == 400
    assert "is 2.1\xa0KB; files can be at most 1.0\xa0KB." in response.content.decode()
    assert not ConceptAttachment.objects.exists()


def test_it_gives_an_outsider_404_on_every_campaign_url(client, personas, concept):
    campaign = concept.campaign
    estimate = EstimateFactory(campaign=campaign)
    line = EstimateLineFactory(estimate=estimate)
    final_ad = FinalAdFactory(campaign=campaign)
    step = campaign.steps.first()
    client.force_login(personas.member)
    upload(client, concept, "kv.png", PNG)
    client.post(
        reverse("final_ad_upload", args=[final_ad.pk]), {"file": SimpleUploadedFile("tvc.png", PNG), "format": "KV"}
    )
    attachment, asset = ConceptAttachment.objects.get(), final_ad.assets.get()
    gets = [
        reverse("campaign_detail", args=[campaign.pk]),
        reverse("campaign_edit", args=[campaign.pk]),
        reverse("step_edit", args=[step.pk]),
        reverse("concept_new", args=[campaign.pk]),
        reverse("concept_detail", args=[concept.pk]),
        reverse("concept_file", args=[attachment.pk]),
        reverse("estimate_detail", args=[estimate.pk]),
        reverse("final_ad_new", args=[campaign.pk]),
        reverse("final_ad_detail", args=[final_ad.pk]),
        reverse("final_ad_file", args=[asset.pk]),
    ]
    posts = [
        *(reverse(f"campaign_{a}", args=[campaign.pk]) for a in ("advance", "hold", "resume", "cancel")),
        reverse("step_add", args=[campaign.pk]),
        reverse("step_done", args=[step.pk]),
        reverse("step_remove", args=[step.pk]),
        reverse("concept_round_new", args=[campaign.pk]),
        reverse("concept_upload", args=[concept.pk]),
        reverse("concept_review", args=[concept.pk]),
        reverse("concept_send", args=[concept.pk]),
        reverse("estimate_new", args=[campaign.pk]),
        reverse("estimate_line_add", args=[estimate.pk]),
        reverse("estimate_line_remove", args=[line.pk]),
        reverse("estimate_send", args=[estimate.pk]),
        reverse("estimate_actual_add", args=[estimate.pk]),
        reverse("estimate_overrun_send", args=[estimate.pk]),
        reverse("final_ad_upload", args=[final_ad.pk]),
        reverse("final_ad_compliance", args=[final_ad.pk]),
        reverse("final_ad_send", args=[final_ad.pk]),
    ]
    client.force_login(personas.outsider)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in [*gets, *posts]:
        assert client.post(url, {"reason": "x", "done": "1", "name": "x"}).status_code == 404, url
    assert client.get(reverse("campaign_new"), {"client": personas.client.pk}).status_code == 200
    assert campaign.name not in client.get(reverse("campaign_list")).content.decode()
    campaign.refresh_from_db()
    assert campaign.stage == Stage.CREATIVE and campaign.steps.count() == 22


@pytest.mark.parametrize(
    ("sent_name", "shown_name"),
    [("../../kv.pdf", "kv.pdf"), ("..\\..\\kv.pdf", "kv.pdf"), ("C:\\kv\\kv.pdf", "kv.pdf")],
)
def test_a_name_with_folders_is_stored_under_a_random_name_in_the_campaign_folder(
    client, personas, concept, media_root, sent_name, shown_name
):
    client.force_login(personas.member)
    assert upload(client, concept, sent_name, PDF, kind="storyboard").status_code == 302
    attachment = ConceptAttachment.objects.get()
    folder, stored = attachment.file.name.rsplit("/", 1)
    assert folder == f"campaigns/{concept.campaign_id}"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)
    assert (media_root / attachment.file.name).read_bytes() == PDF
    assert attachment.original_name == shown_name
    assert [p.name for p in media_root.rglob("*") if p.is_file()] == [stored]  # nothing written elsewhere
    page = client.get(reverse("concept_detail", args=[concept.pk])).content.decode()
    assert shown_name in page and ".." not in page.split(shown_name)[0][-40:]


def test_a_web_page_with_folders_in_its_name_is_still_refused(client, personas, concept):
    client.force_login(personas.member)
    response = upload(client, concept, "../../x.html", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "“x.html” looks like a program or a web page" in response.content.decode()
    assert not ConceptAttachment.objects.exists()


def test_svg_content_under_a_picture_name_is_refused(client, personas, concept):
    client.force_login(personas.member)
    response = upload(
        client, concept, "logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
    )
    assert response.status_code == 400
    assert "contains a web page or an SVG drawing, which cannot be attached" in response.content.decode()
    assert not ConceptAttachment.objects.exists()
