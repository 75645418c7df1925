"""Cleaning what editors paste: HTML bodies keep a small set of tags, variant bodies keep text only.

`<script>`, `<style>` and their content are removed, as are event attributes and `javascript:` links
(nh3, the Rust `ammonia` sanitiser).
"""

import html as html_lib
import unicodedata

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def html(value: str) -> str:
    """Safe HTML for an item's body: allowed tags only, links with `rel="noopener noreferrer"`."""
    cleaned = nh3.clean(value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    return unicodedata.normalize("NFC", cleaned.strip())


def text(value: str) -> str:
    """Plain text (NFC) for a variant's body: tags dropped, their text kept; script content dropped."""
    stripped = nh3.clean(value or "", tags=set())
    lines = [line.rstrip() for line in html_lib.unescape(stripped).replace("\r\n", "\n").split("\n")]
    return unicodedata.normalize("NFC", "\n".join(lines).strip())
