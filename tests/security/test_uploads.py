"""Uploads cannot run as HTML or script: Wagtail documents only in the campaign's formats, and whatever
is stored is downloaded, not rendered, with nosniff and a policy that runs nothing."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.translation import override
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection

Document = get_document_model()
HTML = b"<!doctype html><script>fetch('/api/v1/me').then(r => r.text()).then(alert)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
ALLOWED = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "txt",
    "csv",
    "zip",
    "mp3",
    "mp4",
    "jpg",
    "jpeg",
    "png",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def console(administrator, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    client = Client()
    client.force_login(administrator)
    return client


def upload_form(filename: str, content: bytes = b"x"):
    form_class = get_document_form(Document)
    return form_class(
        data={"title": "Tài liệu", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(filename, content)},
    )


def test_the_allowed_formats_are_the_campaigns():
    from django.conf import settings

    assert settings.WAGTAILDOCS_EXTENSIONS == ALLOWED
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


@pytest.mark.parametrize("filename", ["trang.html", "trang.htm", "hinh.svg", "ma.js", "trang.xhtml", "a.exe"])
def test_a_document_that_a_browser_could_run_is_refused(db, filename):
    extension = filename.rsplit(".", 1)[1]
    with override("en"):
        form = upload_form(filename, HTML)
        assert not form.is_valid()
        assert form.errors["file"] == [
            f"File extension “{extension}” is not allowed. Allowed extensions are: {', '.join(ALLOWED)}."
        ]


@pytest.mark.parametrize("extension", ALLOWED)
def test_a_document_in_a_campaign_format_is_accepted(db, extension):
    form = upload_form(f"ke-hoach.{extension}")
    assert form.is_valid(), form.errors


def test_the_console_upload_refuses_html_and_stores_nothing(console):
    response = console.post(
        "/console/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("bao-cao.html", HTML, content_type="text/html")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [("cu.html", HTML, "text/html"), ("cu.svg", SVG, "image/svg+xml")],
)
def test_a_stored_html_or_svg_document_downloads_and_never_renders(db, filename, content, content_type):
    """A file stored before the restriction (or by code that skipped the form) is still harmless."""
    document = Document.objects.create(title="Tài liệu cũ", file=ContentFile(content, name=filename))

    response = Client().get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_pdf_opens_in_the_browser_but_runs_nothing(db):
    document = Document.objects.create(title="Kế hoạch", file=ContentFile(b"%PDF-1.4\n", name="ke-hoach.pdf"))

    response = Client().get(document.url)

    assert response["Content-Disposition"] == 'inline; filename="ke-hoach.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
