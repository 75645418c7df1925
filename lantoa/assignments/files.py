"""Which files a task accepts: PDF, JPG, PNG, DOCX, XLSX, MP3 and MP4, recognised by their content.

A file named `.pdf` must start like a PDF; a `.docx` must be a Word package, not any ZIP. The size
limit is `settings.ASSIGNMENT_EVIDENCE_MAX_MB` (20 MB unless set). Anything else is refused with a
message that says what was wrong, before anything is stored.
"""

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_MB = 20


@dataclass(frozen=True)
class FileKind:
    extension: str  # the one the stored file gets
    content_type: str
    extensions: tuple[str, ...]  # the names a person may give it


KINDS: tuple[FileKind, ...] = (
    FileKind("pdf", "application/pdf", ("pdf",)),
    FileKind("jpg", "image/jpeg", ("jpg", "jpeg")),
    FileKind("png", "image/png", ("png",)),
    FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    FileKind("mp3", "audio/mpeg", ("mp3",)),
    FileKind("mp4", "video/mp4", ("mp4",)),
)
ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(e for kind in KINDS for e in kind.extensions)
ACCEPT_ATTRIBUTE = ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)  # for <input type="file" accept=…>


def max_bytes() -> int:
    return int(getattr(settings, "ASSIGNMENT_EVIDENCE_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def max_mb() -> int:
    return int(getattr(settings, "ASSIGNMENT_EVIDENCE_MAX_MB", DEFAULT_MAX_MB))


def _zip_members(upload: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(upload) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def sniff(upload: IO[bytes]) -> str | None:
    """The kind of file its first bytes (and, for Office files, its package) show: "pdf", … or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found: str | None = None
    if head.startswith(b"%PDF-"):
        found = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "png"
    elif head[4:8] == b"ftyp":
        found = "mp4"
    elif head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        found = "mp3"
    elif head.startswith(b"PK\x03\x04"):
        members = _zip_members(upload)
        if "[Content_Types].xml" in members and "word/document.xml" in members:
            found = "docx"
        elif "[Content_Types].xml" in members and "xl/workbook.xml" in members:
            found = "xlsx"
    upload.seek(0)
    return found


def check_upload(upload: Any) -> FileKind:
    """The upload's kind, or a ValidationError saying why it is refused (type, content or size).

    `upload` is a Django `UploadedFile` (or any file with `name` and `size`).
    """
    name = str(getattr(upload, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = next((k for k in KINDS if extension in k.extensions), None)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a file type a task accepts. Send PDF, JPG, PNG, DOCX, XLSX, MP3 or MP4.")
            % {"name": name},
            code="file_type",
        )
    size = getattr(upload, "size", None) or 0
    if size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB. Send a smaller file or a link to it.")
            % {"name": name, "limit": max_mb()},
            code="file_size",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    if sniff(upload) != kind.extension:
        raise ValidationError(
            _(
                "“%(name)s” is not really a %(type)s file: its content does not match its name. "
                "Save it again as %(type)s, or send it under its right name."
            )
            % {"name": name, "type": kind.extension.upper()},
            code="file_content",
        )
    return kind
