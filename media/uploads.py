"""Checks on proof files (photos, airing logs, third-party monitoring reports): the type is read from
the content with `filetype`, never trusted from the name or the browser."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from briefs.uploads import check_file_name

# Photos and video of the screen by day and night, logs and reports as PDF or spreadsheets.
ALLOWED_TYPES = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
    "video/mp4": {".mp4", ".m4v"},
    "video/quicktime": {".mov"},
    # filetype reads .xlsx as a zip container of this type
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/zip": {".xlsx"},
}
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def max_proof_bytes():
    return getattr(settings, "MEDIA_PROOF_MAX_BYTES", 50 * 1024 * 1024)


def check_proof(upload):
    """Return (display name, content type) or raise ValidationError."""
    name = check_file_name(upload.name)
    limit = max_proof_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; proof files can be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = os.path.splitext(name)[1].lower()
    if kind is None or kind.mime not in ALLOWED_TYPES or extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _("“%(name)s” is not a proof file we accept: photos (JPG, PNG, WebP), video (MP4, MOV), PDF or XLSX.")
            % {"name": name}
        )
    mime = SPREADSHEET if extension == ".xlsx" else kind.mime
    return name, mime
