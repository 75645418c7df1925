"""The page, the type sizes and the measurements both renderers share, so that the DOCX and the PDF of
one document look alike.

Sizes follow Decree 30/2020/NĐ-CP, Phụ lục I, choosing inside each range the size Hà Nội's offices
commonly use. Text widths are measured with the metrics of Liberation Serif, which has Times New
Roman's metrics, so a rule drawn to a line's length in Word fits the line as Word sets it.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from .model import Table

# A4 portrait; margins inside the decree's ranges (top and bottom 20–25, left 30–35, right 15–20).
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0  # where Word puts the page number, inside the top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The header: the agency on the left, the national name on the right (its 12 pt line is 88 mm).
HEADER_LEFT_MM = 66.0
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
# The foot: "Nơi nhận" on the left, the signature on the right.
FOOT_LEFT_MM = 80.0
FOOT_RIGHT_MM = TEXT_WIDTH_MM - FOOT_LEFT_MM
SIGNATURE_SPACE_MM = 26.0  # room for the hand signature and the seal

FONT = "Times New Roman"
FONT_FALLBACKS = ("Liberation Serif", "Tinos", "serif")  # metric-compatible first


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points, each inside the decree's range."""

    agency_parent: float = 13
    agency: float = 13
    number: float = 13
    national_name: float = 12
    motto: float = 13
    date_line: float = 14
    subject: float = 12  # "V/v …" of a công văn
    kind: float = 14
    title: float = 14
    body: float = 14
    table: float = 12
    recipients_label: float = 12
    recipients: float = 11
    signer: float = 14
    page_number: float = 13
    draft_mark: float = 13


SIZES = Sizes()
BODY_INDENT_MM = 10.0  # first-line indent: 1 cm (the decree allows 1 or 1.27 cm)
PARAGRAPH_AFTER_PT = 6.0  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # Word's "multiple" spacing: between single and 1.5 lines
# Word's single line of Times New Roman is its ascent and descent, 1.107 em; CSS counts in ems.
CSS_LINE_HEIGHT = round(LINE_SPACING * 1.107, 3)

# Short rules: under the agency name and under the summary line, a third to a half of the line.
SHORT_RULE_SHARE = 0.4

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation"),
)
_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
PT_TO_MM = 25.4 / 72


@functools.cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int, int] | None:
    """Each character's advance width in font units, the font's units per em and the space's advance."""
    from fontTools.ttLib import TTFont

    for folder in _FONT_DIRS:
        path = folder / _FONT_FILES[bold, italic]
        if path.exists():
            font = TTFont(path, lazy=True)
            cmap, metrics = font.getBestCmap(), font["hmtx"]
            advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
            return advances, font["head"].unitsPerEm, advances.get(32, 0)
    return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """How wide `text` is set on one line in Times New Roman. Without the Liberation fonts installed,
    an estimate (half an em a character, a little more in bold) that is close enough for rules."""
    metrics = _advances(bold, italic)
    if metrics is None:
        return len(text) * size_pt * (0.55 if bold else 0.5) * PT_TO_MM
    advances, units, space = metrics
    return sum(advances.get(ord(c), space) for c in text) * size_pt / units * PT_TO_MM


def longest_line_mm(text: str, size_pt: float, width_mm: float, *, bold: bool = False) -> float:
    """The width of the longest line `text` takes in a box `width_mm` wide (greedy wrapping by words)."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width_mm(candidate, size_pt, bold=bold) > width_mm:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return min(width_mm, max(text_width_mm(line, size_pt, bold=bold) for line in lines))


def column_widths_mm(table: Table, total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """The widths the table's columns are printed at, adding up to at most `total_mm`.

    Given widths are kept (scaled down if they do not fit); otherwise each column gets a share that
    grows with the length of its longest cell (capped, so that one long cell does not starve the
    others), and at least 12 mm.
    """
    if table.widths_mm is not None:
        given = [max(float(w), 1.0) for w in table.widths_mm]
        scale = min(1.0, total_mm / sum(given))
        return [w * scale for w in given]
    minimum = 12.0
    weights = []
    for index, heading in enumerate(table.columns):
        cells = [row[index] for row in table.rows]
        longest = max([len(w) for w in heading.split()] + [len(c) for c in cells] + [1])
        weights.append(min(longest, 60) + 4)
    spare = total_mm - minimum * len(weights)
    if spare <= 0:
        return [total_mm / len(weights)] * len(weights)
    return [minimum + spare * w / sum(weights) for w in weights]
