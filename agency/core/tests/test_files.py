"""Uploads are checked by what they contain, and a served file can only be looked at or saved, never run."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agency.core import files
from agency.core.tests.images import jpeg, png, png_declaring

PNG = png()
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


def refusal(name, content, policy=files.ARTWORK):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(SimpleUploadedFile(name, content), policy)
    return refused.value.messages[0]


def test_it_accepts_real_images_that_decode_whole():
    assert files.check_upload(SimpleUploadedFile("kv.png", png(640, 480)), files.ARTWORK)[1] == "image/png"
    assert files.check_upload(SimpleUploadedFile("kv.jpg", jpeg(640, 480)), files.EVIDENCE)[1] == "image/jpeg"


def test_it_refuses_a_tiny_png_that_declares_forty_thousand_pixels_square(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 80_000_000
    bomb = png_declaring(40000, 40000)
    assert len(bomb) < 200
    message = refusal("banner.png", bomb)
    assert "“banner.png” has too many pixels; images can have at most 80 million pixels." == message


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # refused in our words
def test_it_names_the_size_of_an_image_a_little_over_the_pixel_limit(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000
    message = refusal("billboard.png", png(120, 100))
    assert message == (
        "“billboard.png” is 120 × 100 pixels; images can have at most 0.01 million pixels. "
        "Make it smaller and upload it again."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kv.png", png(64, 64)[:-20]),  # cut off before its end
        ("kv.png", png(64, 64)[:60] + b"\xff" * 40 + png(64, 64)[100:]),  # damaged in the middle
        ("kv.jpg", jpeg(64, 64)[: len(jpeg(64, 64)) // 2]),
        ("kv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # only the magic bytes of a PNG
    ],
)
def test_it_refuses_a_damaged_or_cut_off_image(name, content):
    assert "is damaged or incomplete and cannot be shown as an image" in refusal(name, content)


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
        b'\xef\xbb\xbf  <?xml version="1.0"?><svg><script>alert(1)</script></svg>',
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",  # a PNG's magic, then a page
    ],
)
def test_it_refuses_markup_under_an_image_name(content):
    assert refusal("logo.png", content) == (
        "“logo.png” contains a web page or an SVG drawing, which cannot be attached. Export it as PNG, JPG or PDF."
    )


def test_it_holds_each_kind_of_content_to_its_own_limit(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image": 1024, "pdf": 2048}
    big_image = png(200, 200, colour=(1, 2, 3))
    noisy = SimpleUploadedFile("kv.png", big_image + b"\x00" * 2048)
    with pytest.raises(ValidationError) as refused:
        files.check_upload(noisy, files.ARTWORK)
    assert refused.value.messages[0].endswith("; images can be at most 1.0\xa0KB.")
    assert "at most 2.0\xa0KB" in refusal("brief.pdf", PDF + b"0" * 4096, files.PROOF)
    assert "PDF files can be at most" in refusal("brief.pdf", PDF + b"0" * 4096, files.PROOF)
    assert files.check_upload(SimpleUploadedFile("brief.pdf", PDF + b"0" * 1024), files.PROOF)[1] == "application/pdf"


def test_it_never_opens_an_svg_in_the_browser():
    """Even a row recorded as SVG (none can be uploaded now) downloads rather than rendering as a page."""
    response = files.serve(Stored("logo.svg", "image/svg+xml", b"<svg><script>alert(1)</script></svg>"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
