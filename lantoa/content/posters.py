"""Printable posters (A4 and A3 PDF) of a content item: title, key figures, call to action and a QR
code to the item's public page, printed from the template `print/content_poster.html` by WeasyPrint.

The QR code is made by segno with `eci=True` (the data is declared UTF-8) at error correction level
M, with its four-module quiet zone; on A4 it is 45 mm wide, scanned from about half a metre.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from lantoa.core.documents import PdfUnavailable

PAPERS: dict[str, tuple[int, int]] = {"A4": (210, 297), "A3": (297, 420)}
A4_SIZES = {
    "pad": 14,
    "pad_small": 10,
    "gap": 6,
    "gap_small": 2,
    "rule": 2.5,
    "title": 34,
    "figure": 30,
    "body": 18,
    "cta": 20,
    "small": 12,
    "tiny": 7,
    "qr": 45,
}


def qr_svg_data_uri(url: str) -> str:
    import segno

    code = segno.make(url, eci=True, error="m", micro=False)
    return str(code.svg_data_uri(border=4, dark="#000000", light="#ffffff"))


def poster_html(
    *, fields: dict[str, Any], url: str, paper: str = "A4", unit: str = "", theme: str = ""
) -> str:
    """The poster as HTML (`fields` as `renditions.check` keeps them for the poster channel)."""
    width, height = PAPERS[paper]
    scale = width / PAPERS["A4"][0]
    sizes = {name: f"{value * scale:.2f}" for name, value in A4_SIZES.items()}  # strings: no localised comma
    with translation.override("vi"):  # a poster for Vietnamese readers, whatever the editor's language
        return render_to_string(
            "print/content_poster.html",
            {
                "paper": paper,
                "page_width": width,
                "page_height": height,
                "s": sizes,
                "title": fields["title"],
                "body": fields.get("body", ""),
                "figures": fields.get("figures", []),
                "call_to_action": fields.get("call_to_action", ""),
                "unit": unit,
                "theme": theme,
                "url": url,
                "qr": qr_svg_data_uri(url),
                "scan_label": "Mã QR: " + url,
            },
        )


def render_poster(
    *, fields: dict[str, Any], url: str, paper: str = "A4", unit: str = "", theme: str = ""
) -> bytes:
    """The poster as PDF bytes. Raises `PdfUnavailable` when WeasyPrint cannot load."""
    html = poster_html(fields=fields, url=url, paper=paper, unit=unit, theme=theme)
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"Posters need WeasyPrint and its system libraries ({error}).") from error
    return bytes(weasyprint.HTML(string=html, base_url=None).write_pdf(pdf_identifier=None))
