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
A4_SIZES = {  # mm and pt on A4, scaled for A3; the type of the texts is in `_fitted`
    "pad": 14,
    "pad_small": 10,
    "gap_small": 2,
    "rule": 2.5,
    "small": 12,
    "tiny": 7,
    "qr": 45,
}


def qr_svg_data_uri(url: str) -> str:
    import segno

    code = segno.make(url, eci=True, error="m", micro=False)
    return str(code.svg_data_uri(border=4, dark="#000000", light="#ffffff"))


def _step(length: int, steps: tuple[tuple[int, float], ...], smallest: float) -> float:
    """The first size whose length limit `length` stays within, else `smallest`."""
    return next((size for limit, size in steps if length <= limit), smallest)


def _fitted(fields: dict[str, Any]) -> dict[str, float]:
    """Type sizes (A4, pt) that let the longest texts the channel allows fit the sheet: large for a
    short message, smaller as the title, the body, the figures and the call to action grow."""
    title = len(str(fields.get("title", "")))
    body = len(str(fields.get("body", "")))
    figures = len(fields.get("figures") or [])
    cta = len(str(fields.get("call_to_action", "")))
    many = figures > 2
    return {
        "title": _step(title, ((45, 34), (70, 28)), 24),
        "body": (
            _step(body, ((150, 16), (280, 13)), 11)
            if many
            else _step(body, ((150, 20), (280, 16)), 13)
            if figures
            else _step(body, ((150, 28), (280, 22)), 17)
        ),
        "figure": 30 if many else 40,
        "label": 13 if many else 16,
        "gap": 4 if many else 6,
        "cta": _step(cta, ((80, 20),), 16),
    }


def poster_html(
    *, fields: dict[str, Any], url: str, paper: str = "A4", unit: str = "", theme: str = ""
) -> str:
    """The poster as HTML (`fields` as `renditions.check` keeps them for the poster channel)."""
    width, height = PAPERS[paper]
    scale = width / PAPERS["A4"][0]
    a4 = {**A4_SIZES, **_fitted(fields)}
    sizes = {name: f"{value * scale:.2f}" for name, value in a4.items()}  # strings: no localised comma
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
