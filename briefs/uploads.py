"""Checks on uploaded files: the type is read from the content, not trusted from the name or browser."""

import os
import re
import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What agencies exchange as key visuals, storyboards and finished ads, by the type found in the content.
ALLOWED_TYPES = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
    "video/mp4": {".mp4", ".m4v"},
    "video/quicktime": {".mov"},
    "audio/mpeg": {".mp3"},
}
# Extensions that run code somewhere (a desktop, a browser) anywhere in the name: "brief.pdf.exe", "x.html".
DANGEROUS_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "dll", "js", "jse", "vbs", "vbe", "wsf", "ps1", "sh", "jar",
    "app", "lnk", "reg", "hta", "html", "htm", "xhtml", "svg", "php", "py", "apk",
}  # fmt: skip


def max_upload_bytes():
    return settings.UPLOAD_MAX_BYTES


def check_file_name(name):
    """Refuse names that could be used to trick a person or a program; return the name to show."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError(_("The file name must be between 1 and 200 characters."))
    if "/" in name or "\\" in name or name.startswith(".") or any(unicodedata.category(c)[0] == "C" for c in name):
        raise ValidationError(
            _("“%(name)s” is not an acceptable file name: no folders, hidden names or control characters.")
            % {"name": re.sub(r"[\x00-\x1f]", "?", name)}
        )
    parts = [part.lower() for part in name.split(".")[1:]]
    if any(part in DANGEROUS_EXTENSIONS for part in parts):
        raise ValidationError(
            _(
                "“%(name)s” looks like a program or a web page, which cannot be attached. "
                "Upload an image, PDF, video or audio file."
            )
            % {"name": name}
        )
    return name


def check_upload(upload):
    """Validate an uploaded file; return (display name, content type) or raise ValidationError."""
    name = check_file_name(upload.name)
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    allowed = ", ".join(sorted({ext.lstrip(".").upper() for exts in ALLOWED_TYPES.values() for ext in exts}))
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Accepted: %(allowed)s.") % {"name": name, "allowed": allowed}
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _("“%(name)s” contains %(type)s but its name says otherwise. Rename it to end in %(ext)s.")
            % {"name": name, "type": kind.mime, "ext": sorted(ALLOWED_TYPES[kind.mime])[0]}
        )
    return name, kind.mime
