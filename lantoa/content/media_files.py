"""What an uploaded media file really is: its kind and type as its bytes show them, never its name.

Images are opened with Pillow (a corrupt or truncated image is refused), audio is read by `ffprobe`
(its duration too), documents by their first bytes and, for office files, by their package's parts
(a `.docx` must be a Word package, not any ZIP). The name's extension must agree with the bytes: a
`.jpg` that is a PDF is refused. Limits per kind are `settings.CONTENT_MEDIA_LIMITS`.
"""

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_WIDTH = 320
MAX_PIXELS = 60_000_000  # a 10 MB file may still unpack to gigabytes: refuse what no poster needs
FFPROBE_TIMEOUT = 30

DEFAULT_LIMITS: dict[str, dict[str, Any]] = {
    "image": {"max_bytes": 10 * 1024 * 1024, "types": ["jpg", "png", "webp", "gif"]},
    "audio": {"max_bytes": 50 * 1024 * 1024, "types": ["mp3", "ogg", "wav", "m4a"]},
    "document": {"max_bytes": 20 * 1024 * 1024, "types": ["pdf", "docx", "xlsx", "pptx", "odt", "ods"]},
}
# type → (kind, content type, the extensions a name may carry)
TYPES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "jpg": ("image", "image/jpeg", ("jpg", "jpeg")),
    "png": ("image", "image/png", ("png",)),
    "webp": ("image", "image/webp", ("webp",)),
    "gif": ("image", "image/gif", ("gif",)),
    "mp3": ("audio", "audio/mpeg", ("mp3",)),
    "ogg": ("audio", "audio/ogg", ("ogg", "oga")),
    "wav": ("audio", "audio/wav", ("wav",)),
    "m4a": ("audio", "audio/mp4", ("m4a",)),
    "pdf": ("document", "application/pdf", ("pdf",)),
    "docx": (
        "document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xlsx": ("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": (
        "document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "odt": ("document", "application/vnd.oasis.opendocument.text", ("odt",)),
    "ods": ("document", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
}
_PILLOW_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class Inspected:
    kind: str
    type: str  # "jpg", "mp3", "pdf"…
    content_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    thumbnail: bytes | None = None


def limits() -> dict[str, dict[str, Any]]:
    return getattr(settings, "CONTENT_MEDIA_LIMITS", DEFAULT_LIMITS)


def accepted_types() -> list[str]:
    return [t for kind in limits().values() for t in kind["types"]]


def accept_attribute() -> str:
    """For `<input type="file" accept=…>`: every extension a name may carry."""
    return ",".join(f".{e}" for t in accepted_types() for e in TYPES[t][2])


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def declared_type(name: str) -> str | None:
    """The type a file's name claims, if it is one the library accepts."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((t for t in accepted_types() if extension in TYPES[t][2]), None)


def _package_type(data: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(data) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" in names:
                return next((t for t, part in _OOXML_PARTS.items() if part in names), None)
            if "mimetype" in names:
                return _ODF_TYPES.get(package.read("mimetype").decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def sniff(data: IO[bytes]) -> str | None:
    """The type the first bytes show, for every type but audio (which `ffprobe` reads)."""
    data.seek(0)
    head = data.read(16)
    data.seek(0)
    found: str | None = None
    if head.startswith(b"%PDF-"):
        found = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "png"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = "webp"
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        found = "gif"
    elif head.startswith(b"PK\x03\x04"):
        found = _package_type(data)
    elif head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        found = "mp3"
    elif head.startswith(b"OggS"):
        found = "ogg"
    elif head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        found = "wav"
    elif head[4:8] == b"ftyp":
        found = "m4a"
    data.seek(0)
    return found


def _image(data: IO[bytes], name: str, expected: str) -> Inspected:
    corrupt = ValidationError(
        _("“%(name)s” is not a readable image: it may be damaged or cut short. Save it again and upload it.")
        % {"name": name},
        code="file_corrupt",
    )
    try:
        data.seek(0)
        with Image.open(data) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "“%(name)s” is too large in pixels (%(width)d × %(height)d). "
                        "Make it smaller and upload it."
                    )
                    % {"name": name, "width": probe.width, "height": probe.height},
                    code="file_size",
                )
            probe.verify()
        data.seek(0)
        with Image.open(data) as image:
            found = _PILLOW_FORMATS.get(image.format or "")
            if found != expected:
                raise corrupt
            image.load()
            width, height = image.size
            thumb = ImageOps.exif_transpose(image)
            thumb = thumb.convert(
                "RGBA" if "A" in thumb.getbands() or "transparency" in image.info else "RGB"
            )
            if thumb.width > THUMBNAIL_WIDTH:
                thumb = thumb.resize(
                    (THUMBNAIL_WIDTH, max(1, round(thumb.height * THUMBNAIL_WIDTH / thumb.width))),
                    Image.Resampling.LANCZOS,
                )
            out = io.BytesIO()
            thumb.save(out, "WEBP", quality=80)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise corrupt from error
    return Inspected(
        kind="image",
        type=expected,
        content_type=TYPES[expected][1],
        width=width,
        height=height,
        thumbnail=out.getvalue(),
    )


def _probe(path: str) -> dict[str, Any] | None:
    binary = shutil.which("ffprobe")
    if binary is None:
        raise ValidationError(
            _("Audio files cannot be checked on this server (ffprobe is missing). Ask the administrator."),
            code="ffprobe_missing",
        )
    try:
        result = subprocess.run(  # a fixed program, the file's path as its one argument
            [binary, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
            capture_output=True,
            timeout=FFPROBE_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    try:
        parsed = json.loads(result.stdout or b"{}")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


_AUDIO_FORMATS = {"mp3": "mp3", "ogg": "ogg", "wav": "wav", "mov,mp4,m4a,3gp,3g2,mj2": "m4a"}


def _audio(data: IO[bytes], name: str, expected: str) -> Inspected:
    path = getattr(data, "temporary_file_path", None)
    with tempfile.NamedTemporaryFile(suffix="." + expected) as copy:
        if callable(path):
            target = str(path())
        else:
            data.seek(0)
            shutil.copyfileobj(data, copy)
            copy.flush()
            target = copy.name
        info = _probe(target)
    data.seek(0)
    streams = (info or {}).get("streams") or []
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    # A cover picture in an MP3 or M4A is a video stream marked as attached: that is still audio.
    moving = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    ]
    found = _AUDIO_FORMATS.get(str(((info or {}).get("format") or {}).get("format_name", "")))
    if not audio or moving or found != expected:
        raise ValidationError(
            _(
                "“%(name)s” is not a readable %(type)s audio file: "
                "it may be damaged, or be another kind of file."
            )
            % {"name": name, "type": expected.upper()},
            code="file_corrupt",
        )
    try:
        duration: float | None = float(str(((info or {}).get("format") or {}).get("duration")))
    except (TypeError, ValueError):
        duration = None
    return Inspected(kind="audio", type=expected, content_type=TYPES[expected][1], duration_seconds=duration)


def precheck(upload: Any) -> tuple[str, str | None]:
    """The cheap checks, before the content is decoded: a type the library takes, not too large, not
    empty, first bytes that do not contradict the name. Answers (the named type, the sniffed type)."""
    name = str(getattr(upload, "name", "") or "")
    declared = declared_type(name)
    if declared is None:
        raise ValidationError(
            _("“%(name)s” is not a file type the media library takes. Send one of: %(types)s.")
            % {"name": name, "types": ", ".join(t.upper() for t in accepted_types())},
            code="file_type",
        )
    kind = TYPES[declared][0]
    limit = int(limits()[kind]["max_bytes"])
    size = int(getattr(upload, "size", None) or 0)
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB, the limit for this kind of file. Send a smaller file.")
            % {"name": name, "limit": megabytes(limit)},
            code="file_size",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    found = sniff(upload)
    if found is not None and found != declared:
        raise ValidationError(
            _(
                "“%(name)s” is named as a %(declared)s file but its content is %(found)s. "
                "Save it again as %(declared)s, or upload it under its right name."
            )
            % {"name": name, "declared": declared.upper(), "found": found.upper()},
            code="file_mislabelled",
        )
    return declared, found


def inspect(upload: Any) -> Inspected:
    """The upload's kind and type, or a ValidationError saying why it is refused: a type the library
    does not take, too large, empty, bytes that do not match the name, or unreadable content.

    `upload` is a Django `UploadedFile` (or any file object with `name` and `size`).
    """
    declared, found = precheck(upload)
    name = str(getattr(upload, "name", "") or "")
    kind = TYPES[declared][0]
    if kind == "image":
        return _image(upload, name, declared)
    if kind == "audio":
        return _audio(upload, name, declared)
    if found != declared:
        raise ValidationError(
            _("“%(name)s” is not a readable %(type)s file: it may be damaged, or be another kind of file.")
            % {"name": name, "type": declared.upper()},
            code="file_corrupt",
        )
    return Inspected(kind="document", type=declared, content_type=TYPES[declared][1])
