"""Real files for the media library's tests, made on the spot: images with Pillow, a PDF with
Pillow's PDF writer, a DOCX with python-docx, an MP3 spoken by espeak-ng and encoded by lame."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

needs_speech = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("lame") and shutil.which("ffprobe")),
    reason="needs espeak-ng, lame and ffprobe",
)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (800, 600), color: str = "#c0392b") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def pdf_bytes(text_color: str = "#1f4e79") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), text_color).save(out, "PDF")
    return out.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Bình dân học vụ số")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def mp3_bytes(tmp_path: Path, text: str = "Bình dân học vụ số, chuyển đổi số cho mọi người dân.") -> bytes:
    wav, mp3 = tmp_path / "speech.wav", tmp_path / "speech.mp3"
    subprocess.run(["espeak-ng", "-v", "vi", "-w", str(wav), text], check=True, capture_output=True)
    subprocess.run(["lame", "--quiet", "-b", "64", str(wav), str(mp3)], check=True, capture_output=True)
    return mp3.read_bytes()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
