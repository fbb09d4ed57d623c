"""Files people upload: the one place they are checked, stored and served.

    name, content_type = files.check_upload(upload, files.ARTWORK)    # or ValidationError saying why
    files.store(ConceptAttachment(concept=c, kind=k), upload, name=name, content_type=content_type, by=user)
    return files.serve(attachment)                                     # in a view, after visible_to
    files.sha256(attachment.file)                                      # the stored bytes' SHA-256, hex

The type is read from the content (the `filetype` package), never trusted from the name or the
browser; the name must agree with it. Markup (SVG, HTML, XML) is refused whatever the name says. Each
kind of content has its size limit (settings.UPLOAD_LIMITS); an image must decode whole with Pillow and
hold at most settings.UPLOAD_MAX_IMAGE_PIXELS pixels. A stored file lives under a random name: the
uploaded name is only ever shown. Served files carry headers that stop a browser from running them, and
only raster images open in the browser.
"""

import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Formats that are a zip file inside: `filetype` may see only the zip, and the name says which format it is.
CONTAINER_TYPES = {"application/zip"}
# Extensions that run code somewhere (a desktop, a browser) anywhere in the name: "brief.pdf.exe", "x.html".
DANGEROUS_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "dll", "js", "jse", "vbs", "vbe", "wsf", "ps1", "sh", "jar",
    "app", "lnk", "reg", "hta", "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl",
    "php", "py", "apk",
}  # fmt: skip
# A served file is never a page: no scripts, no styles, no frames, even when opened directly.
SERVED_CSP = "default-src 'none'; sandbox"
HEAD_BYTES = 8192
# Only these open in the browser (inline); anything else, SVG above all, is a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# Where a browser that guesses would see a page: markup at the start, or these tags near it.
MARKUP_TAGS = (b"<svg", b"<script", b"<html", b"<!doctype", b"<?xml", b"<iframe", b"<object", b"<embed", b"<body")
MARKUP_SNIFF_BYTES = 1024
# Which of settings.UPLOAD_LIMITS a content type counts against, and how its refusal names it.
SIZE_KIND_MESSAGES = {
    "image": gettext_lazy("“%(name)s” is %(size)s; images can be at most %(limit)s."),
    "video": gettext_lazy("“%(name)s” is %(size)s; videos can be at most %(limit)s."),
    "audio": gettext_lazy("“%(name)s” is %(size)s; audio files can be at most %(limit)s."),
    "pdf": gettext_lazy("“%(name)s” is %(size)s; PDF files can be at most %(limit)s."),
    "spreadsheet": gettext_lazy("“%(name)s” is %(size)s; spreadsheets can be at most %(limit)s."),
}


@dataclass(frozen=True)
class Policy:
    """What one kind of upload may be: {type read from the content: extensions the name may end in}."""

    types: Mapping[str, frozenset]
    max_bytes: Callable[[], int]
    # "%(name)s"-style messages; None gives the general wording.
    refused: str | None = None
    too_large: str | None = None

    def allowed_extensions(self):
        return ", ".join(sorted({ext.lstrip(".").upper() for exts in self.types.values() for ext in exts}))


# What agencies exchange as key visuals, storyboards and finished ads.
ARTWORK = Policy(
    types={
        "image/jpeg": frozenset({".jpg", ".jpeg"}),
        "image/png": frozenset({".png"}),
        "image/gif": frozenset({".gif"}),
        "image/webp": frozenset({".webp"}),
        "application/pdf": frozenset({".pdf"}),
        "video/mp4": frozenset({".mp4", ".m4v"}),
        "video/quicktime": frozenset({".mov"}),
        "audio/mpeg": frozenset({".mp3"}),
    },
    max_bytes=lambda: settings.UPLOAD_MAX_BYTES,
)
# Proof of airing: photos and video of the screen by day and night, logs and reports as PDF or spreadsheets.
PROOF = Policy(
    types={
        "image/jpeg": frozenset({".jpg", ".jpeg"}),
        "image/png": frozenset({".png"}),
        "image/webp": frozenset({".webp"}),
        "application/pdf": frozenset({".pdf"}),
        "video/mp4": frozenset({".mp4", ".m4v"}),
        "video/quicktime": frozenset({".mov"}),
        SPREADSHEET_TYPE: frozenset({".xlsx"}),
        "application/zip": frozenset({".xlsx"}),
    },
    max_bytes=lambda: getattr(settings, "MEDIA_PROOF_MAX_BYTES", 50 * 1024 * 1024),
    refused=gettext_lazy(
        "“%(name)s” is not a proof file we accept: photos (JPG, PNG, WebP), video (MP4, MOV), PDF or XLSX."
    ),
    too_large=gettext_lazy("“%(name)s” is %(size)s; proof files can be at most %(limit)s."),
)
# A client's confirmation received outside the link: the email saved as PDF (or a screenshot of it), or the
# signed PDF or its scan.
EVIDENCE = Policy(
    types={
        "application/pdf": frozenset({".pdf"}),
        "image/jpeg": frozenset({".jpg", ".jpeg"}),
        "image/png": frozenset({".png"}),
        "image/webp": frozenset({".webp"}),
    },
    max_bytes=lambda: settings.UPLOAD_MAX_BYTES,
    refused=gettext_lazy(
        "“%(name)s” is not evidence we can keep: save the client's email or the signed document as PDF, "
        "or upload a photo or screenshot of it (JPG, PNG, WebP)."
    ),
)
# A workbook to import (a media plan): read, never stored.
SPREADSHEET = Policy(
    types={SPREADSHEET_TYPE: frozenset({".xlsx"}), "application/zip": frozenset({".xlsx"})},
    max_bytes=lambda: settings.UPLOAD_LIMITS["spreadsheet"],
    refused=gettext_lazy("“%(name)s” is not an Excel workbook (.xlsx)."),
)


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


def check_upload(upload, policy):
    """Validate an uploaded file against `policy`; return (display name, content type) or raise ValidationError."""
    name = check_file_name(upload.name)
    limit = policy.max_bytes()
    if upload.size > limit:
        message = policy.too_large or _("“%(name)s” is %(size)s; files can be at most %(limit)s.")
        raise ValidationError(
            message % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if looks_like_markup(head):
        raise ValidationError(
            _(
                "“%(name)s” contains a web page or an SVG drawing, which cannot be attached. "
                "Export it as PNG, JPG or PDF."
            )
            % {"name": name}
        )
    kind = filetype.guess(head)
    extension = os.path.splitext(name)[1].lower()
    if kind is None or kind.mime not in policy.types:
        message = policy.refused or _("“%(name)s” is not a file type we accept. Accepted: %(allowed)s.")
        raise ValidationError(message % {"name": name, "allowed": policy.allowed_extensions()})
    if extension not in policy.types[kind.mime]:
        if policy.refused:
            raise ValidationError(policy.refused % {"name": name})
        raise ValidationError(
            _("“%(name)s” contains %(type)s but its name says otherwise. Rename it to end in %(ext)s.")
            % {"name": name, "type": kind.mime, "ext": sorted(policy.types[kind.mime])[0]}
        )
    content_type = _recorded_type(policy, kind.mime, extension)
    size_kind = _size_kind(content_type)
    if size_kind and upload.size > settings.UPLOAD_LIMITS[size_kind]:
        raise ValidationError(
            SIZE_KIND_MESSAGES[size_kind]
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_LIMITS[size_kind]),
            }
        )
    if content_type.startswith("image/"):
        check_image(upload, name)
    return name, content_type


def looks_like_markup(head):
    """Whether a browser that guessed the type would take these first bytes for a page or a drawing."""
    start = head[:MARKUP_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    return start.startswith(b"<") or any(tag in start for tag in MARKUP_TAGS)


def _size_kind(content_type):
    if content_type == "application/pdf":
        return "pdf"
    if content_type == SPREADSHEET_TYPE:
        return "spreadsheet"
    top = content_type.split("/")[0]
    return top if top in SIZE_KIND_MESSAGES else None


def check_image(upload, name):
    """Decode the image whole, refusing one too large in pixels (a decompression bomb) or damaged."""
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit  # Pillow refuses outright at twice this, before reading any pixels
    too_many = _(
        "“%(name)s” is %(width)s × %(height)s pixels; images can have at most %(limit)s million pixels. "
        "Make it smaller and upload it again."
    )
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > limit:
                raise ValidationError(
                    too_many % {"name": name, "width": width, "height": height, "limit": f"{limit / 1e6:g}"}
                )
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Image.DecompressionBombError:
        raise ValidationError(
            _("“%(name)s” has too many pixels; images can have at most %(limit)s million pixels.")
            % {"name": name, "limit": f"{limit / 1e6:g}"}
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's words for a damaged or cut-off file
        raise ValidationError(
            _("“%(name)s” is damaged or incomplete and cannot be shown as an image. Export it again and upload it.")
            % {"name": name}
        ) from exc
    finally:
        upload.seek(0)


def _recorded_type(policy, mime, extension):
    """A zip container is recorded as the format its name says (an .xlsx is a spreadsheet, not a zip)."""
    if mime in CONTAINER_TYPES:
        return next((m for m, exts in policy.types.items() if extension in exts and m not in CONTAINER_TYPES), mime)
    return mime


# --- storing -------------------------------------------------------------------------------------


def random_name(folder, filename):
    """The path a file is stored under: a random name keeping only the (lower-cased) extension."""
    extension = os.path.splitext(filename)[1].lower()
    return f"{folder}/{uuid.uuid4().hex}{extension}"


class StoredFile(models.Model):
    """A checked upload on disk with what people see of it. Subclasses add `file` (a FileField whose
    upload_to uses random_name) and what the file belongs to."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("type"), max_length=100)
    size = models.PositiveBigIntegerField(gettext_lazy("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


def store(stored, upload, *, name, content_type, by):
    """Save a checked upload (see check_upload) on `stored`, an unsaved StoredFile row; return it."""
    stored.original_name, stored.content_type, stored.size = name, content_type, upload.size
    stored.uploaded_by = by
    stored.file.save(name, upload, save=False)
    stored.save()
    return stored


def sha256(file):
    """The SHA-256 (hex) of a file's bytes: a stored file (FieldFile) or an upload not yet stored."""
    digest = hashlib.sha256()
    if isinstance(file, FieldFile):
        with file.storage.open(file.name, "rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
    else:
        for chunk in file.chunks():  # from the start, whatever was read before
            digest.update(chunk)
        file.seek(0)
    return digest.hexdigest()


# --- serving -------------------------------------------------------------------------------------


def serve(stored, *, inline=None):
    """The stored file as a response, under its uploaded name. Raster images open in the browser, anything
    else downloads (unless `inline` says otherwise); the browser may not guess another type or run it."""
    if inline is None:
        inline = stored.content_type in INLINE_TYPES
    return serve_open_file(stored.file.open("rb"), stored.original_name, stored.content_type, inline=inline)


def serve_open_file(opened, filename, content_type, *, inline=False):
    """An open file as a response with the headers every served file has (a download unless `inline`; the
    browser may not guess another type or run it): for files kept outside the uploads, e.g. a long export."""
    response = FileResponse(opened, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SERVED_CSP
    return response
