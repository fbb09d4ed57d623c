"""Every address that serves an uploaded file goes through agency.core.files.serve: the browser gets the
file's own type, may not guess another, may not run it, and saves anything that is not a raster image.
The upload folder itself is never served."""

import re

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse

from agency.tests.test_access_sweep import (
    make_concept_file,
    make_decision_evidence,
    make_final_ad_file,
    media_world,
)
from conftest import BASE_DIR

ROUTES = [
    ("concept_file", "briefs.ConceptAttachment", make_concept_file),
    ("final_ad_file", "briefs.FinalAdAsset", make_final_ad_file),
    ("media_proof", "media.ProofFile", lambda p: media_world(p)["proof_id"]),
    ("media_make_good_proof", "media.MakeGoodProof", lambda p: media_world(p)["make_good_proof_id"]),
    ("decision_evidence_file", "agency.DecisionEvidence", make_decision_evidence),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(("route", "model", "make"), ROUTES, ids=[route for route, _m, _f in ROUTES])
def test_each_file_address_serves_with_headers_that_stop_a_browser_running_it(client, personas, route, model, make):
    from django.apps import apps

    pk = make(personas)
    stored = apps.get_model(model).objects.get(pk=pk)
    client.force_login(personas.member)
    url = reverse(route, args=[pk])

    image = client.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline;")
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Security-Policy"] == "default-src 'none'; sandbox"

    for content_type, name in [
        ("application/pdf", "schedule.pdf"),
        ("video/mp4", "tvc.mp4"),
        ("image/svg+xml", "l.svg"),
    ]:
        type(stored).objects.filter(pk=pk).update(content_type=content_type, original_name=name)
        saved = client.get(url)
        assert saved["Content-Disposition"] == f'attachment; filename="{name}"'
        assert saved["Content-Type"] == content_type
        assert saved["X-Content-Type-Options"] == "nosniff"
        assert saved["Content-Security-Policy"] == "default-src 'none'; sandbox"

    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    assert stored.file.name  # the row really holds a stored file


def test_the_upload_folder_is_not_served_at_its_own_address(client, personas):
    stored_name = make_concept_file(personas)
    from briefs.models import ConceptAttachment

    path = ConceptAttachment.objects.get(pk=stored_name).file.name
    client.force_login(personas.management)
    assert client.get(settings.MEDIA_URL + path).status_code == 404
    assert client.get("/static/../files/" + path).status_code == 404


def every_file_a_view_is_on(suffix):
    for app in ("agency", "accounts", "briefs", "media", "evaluations", "templates"):
        for path in (BASE_DIR / app).rglob(f"*{suffix}"):
            if "/tests/" not in str(path) and "/migrations/" not in str(path):
                yield path


def test_no_view_or_page_reaches_a_stored_file_except_through_serve():
    """FileResponse, opening a stored file or its .url elsewhere would skip the access check or the headers."""
    raw = re.compile(r"FileResponse|\.file\.open\(|\.file\.url|MEDIA_URL|django\.views\.static|static\(settings\.MEDIA")
    found = [
        f"{path.relative_to(BASE_DIR)}: {line.strip()}"
        for path in [*every_file_a_view_is_on(".py"), *every_file_a_view_is_on(".html")]
        if path.name not in {"files.py", "settings.py"}
        for line in path.read_text(encoding="utf-8").splitlines()
        if raw.search(line)
    ]
    assert found == []


def test_every_model_holding_an_upload_is_a_checked_stored_file():
    from django.apps import apps

    from agency.core.files import StoredFile

    holders = sorted(
        model._meta.label
        for model in apps.get_models()
        if any(isinstance(field, models.FileField) for field in model._meta.get_fields())
    )
    assert holders == sorted(model for _route, model, _make in ROUTES)
    assert all(issubclass(apps.get_model(label), StoredFile) for label in holders)
