"""Every console page each role can reach, in Vietnamese, shows no English message id; in English,
no Vietnamese translation. Catalogues: Lan Tỏa's own, and those of Wagtail, django-allauth and Django."""

import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
from django.conf import settings
from django.test import Client

from .test_role_matrix import MATRIX, ROLES

ROOT = Path(__file__).resolve().parents[2]
ATTRIBUTES = {"placeholder", "aria-label", "title", "alt", "label"}
# Text that is the same in both languages by nature.
NEUTRAL = re.compile(r"^[\W\d_]*$|^(Email|URL|ID|API|CSV|XLSX|OK|Lan Tỏa|Wagtail)$")


class TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0
        self._skipping: list[str] = []
        self.language: str | None = None

    def handle_starttag(self, tag, attrs):
        # Code, scripts, and text marked as another language (a language's own name) are not checked.
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.language = lang
        elif tag in ("script", "style", "template", "code", "pre") or (lang and lang != self.language):
            self._skip += 1
            self._skipping.append(tag)
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.nodes.append(value.strip())
            # An input button shows its value; a <button>'s value is sent, never shown.
            if (
                name == "value"
                and tag == "input"
                and dict(attrs).get("type") in ("submit", "button", "reset")
                and value
            ):
                self.nodes.append(value.strip())

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
            self._skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.nodes.append(text)


def _catalogue_files() -> list[Path]:
    files = [
        ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo",
        ROOT / "locale" / "upstream" / "vi" / "LC_MESSAGES" / "django.mo",
    ]
    for package in (django, wagtail):
        files += Path(package.__path__[0]).rglob("locale/vi/LC_MESSAGES/django.mo")
    import allauth

    files += Path(allauth.__path__[0]).rglob("locale/vi/LC_MESSAGES/django.mo")
    return [f for f in files if f.exists()]


@cache
def pairs() -> dict[str, str]:
    """English message id → Vietnamese, for every message whose two forms differ."""
    found: dict[str, str] = {}
    for path in _catalogue_files():
        with path.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for key, value in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or "\x04" in msgid:
                msgid = msgid.split("\x04")[-1] if msgid else msgid
            if msgid and value and msgid != value and not NEUTRAL.match(msgid) and "%" not in msgid:
                found.setdefault(msgid.strip(), value.strip())
    return found


def visible_text(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.nodes


@pytest.fixture
def pages(ids):
    return [(name, build(ids), by_role) for name, build, by_role in MATRIX if "export" not in name]


def _rendered(pages, demo_people, language: str):
    for name, path, by_role in pages:
        for role in ROLES:
            if by_role[role] != "allowed":
                continue
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            client.force_login(demo_people[role])
            response = client.get(path)
            assert response.status_code == 200, (name, role, response.status_code)
            if response["Content-Type"].startswith("text/html"):  # files have tests of their own
                yield name, role, response.content.decode()


def test_vietnamese_pages_show_no_english_message(pages, demo_people):
    from lantoa.accounts.models import User

    english = pairs()
    assert len(english) > 2000  # the catalogues were found
    # Account names are identifiers someone chose, shown as they are (the demo's "coordinator").
    accounts = set(User.objects.values_list("username", flat=True))
    leaks = set()
    for name, role, html in _rendered(pages, demo_people, "vi"):
        for text in visible_text(html):
            if text in english and text not in accounts:
                leaks.add((name, role, text))
    assert not leaks, sorted(leaks)


def _data_texts() -> set[str]:
    """What people typed (names, titles, audiences): Vietnamese data, not interface text."""
    from lantoa.accounts.models import User
    from lantoa.audit.models import AuditEntry
    from lantoa.org.models import Audience, Unit

    texts = set(Unit.objects.values_list("name", flat=True)) | set(
        AuditEntry.objects.values_list("target_label", flat=True)
    )
    for name, description in Audience.objects.values_list("name", "description"):
        texts |= {name, description}
    for title, first, last in User.objects.values_list("title", "first_name", "last_name"):
        texts |= {title, first, last}
    return texts


def test_english_pages_show_no_vietnamese_message(pages, demo_people):
    data = _data_texts()
    vietnamese = {v: k for k, v in pairs().items() if v not in data}
    leaks = set()
    for name, role, html in _rendered(pages, demo_people, "en"):
        for text in visible_text(html):
            if text in vietnamese:
                leaks.add((name, role, text))
    assert not leaks, sorted(leaks)


def test_sign_in_pages_are_translated(db):
    english = pairs()
    for path in ("/accounts/login/", "/accounts/password/reset/"):
        html = Client(HTTP_ACCEPT_LANGUAGE="vi").get(path).content.decode()
        leaks = [t for t in visible_text(html) if t in english]
        assert not leaks, (path, leaks)
