"""Lan Tỏa's own templates carry no inline script or style, so that the strict Content-Security-Policy
holds on every page, including those no browser test visits. Scripts and styles go in static files.

Print templates (`templates/documents/`, `templates/print/`) are exempt: WeasyPrint alone renders them
into PDF, no browser ever receives them, and their page geometry is computed per document."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lantoa"
PRINT_ONLY = ("documents", "print")
TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("**/templates/**/*.html")
    if path.relative_to(PACKAGE).parts[2] not in PRINT_ONLY
)

INLINE = [
    (
        "inline <script>",
        re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    ),
    ("<style> element", re.compile(r"<style\b", re.I)),
    ("style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("event handler attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_has_no_inline_script_or_style(template):
    text = template.read_text()
    found = [
        f"{what} on line {text.count(chr(10), 0, match.start()) + 1}: {match.group(0)[:60]}"
        for what, pattern in INLINE
        for match in pattern.finditer(text)
    ]
    assert not found, "move it to a static file (docs/security.md): " + "; ".join(found)
