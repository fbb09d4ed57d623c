"""Uploads are checked by what they contain, and a served file can only be looked at or saved, never run."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agency.core import files

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def workbook():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_it_records_an_airing_log_workbook_as_a_spreadsheet():
    name, content_type = files.check_upload(SimpleUploadedFile("airing log 七月.xlsx", workbook()), files.PROOF)
    assert (name, content_type) == ("airing log 七月.xlsx", files.SPREADSHEET_TYPE)


@pytest.mark.parametrize(
    ("policy", "name", "content", "message"),
    [
        (files.ARTWORK, "kv.jpg", PNG, "contains image/png but its name says otherwise. Rename it to end in .png."),
        (files.ARTWORK, "plan.xlsx", workbook(), "“plan.xlsx” is not a file type we accept. Accepted: GIF, JPEG, JPG,"),
        (files.PROOF, "night.png", PDF, "“night.png” is not a proof file we accept"),
        (files.SPREADSHEET, "plan.xlsx", PDF, "“plan.xlsx” is not an Excel workbook (.xlsx)."),
        (files.SPREADSHEET, "plan.xlsx.js", workbook(), "looks like a program or a web page"),
    ],
)
def test_it_refuses_what_a_policy_does_not_accept(policy, name, content, message):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(SimpleUploadedFile(name, content), policy)
    assert message in refused.value.messages[0]


def test_it_refuses_a_workbook_over_five_megabytes():
    big = SimpleUploadedFile("plan.xlsx", workbook() + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        files.check_upload(big, files.SPREADSHEET)
    assert "files can be at most 5.0\xa0MB" in refused.value.messages[0]


def test_it_hashes_an_upload_and_leaves_it_whole_for_storing():
    upload = SimpleUploadedFile("kv.png", PNG)
    upload.read(10)
    assert files.sha256(upload) == hashlib.sha256(PNG).hexdigest()
    assert upload.read() == PNG


class Stored:
    """What serve() needs of a stored row."""

    def __init__(self, name, content_type, content):
        self.original_name, self.content_type, self.file = name, content_type, ContentFile(content)
        self.is_image = content_type.startswith("image/")


def test_it_serves_a_document_as_a_download_under_its_uploaded_name():
    response = files.serve(Stored("媒介计划 v2.pdf", "application/pdf", PDF))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%AA%92%E4%BB%8B%E8%AE%A1%E5%88%92%20v2.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_it_shows_an_image_in_the_browser():
    response = files.serve(Stored("kv.png", "image/png", PNG))
    assert response["Content-Disposition"] == 'inline; filename="kv.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
