"""Channel renditions: what each channel needs from an audience variant, and its limits.

A rendition is one variant made ready for one channel. Each channel has a spec here: the fields
it takes (`FIELDS`), what it starts from (`initial`, taken from the variant and its item) and the
check of a submitted set of fields (`clean`), which returns the fields as they are kept, or raises
a `ValidationError` keyed by field, in the reader's language, saying what to change. Nothing here
touches the database; `renditions_services` saves and generates, `posters` and `press` print.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.text import clean

from . import sanitise, sms, speech
from .models import ContentItem, ContentRendition, ContentVariant

Channel = ContentRendition.Channel

# Limits, with where they come from. Where platforms differ, the strictest common one is used.
ARTICLE_TITLE_MAX = 200
ARTICLE_SUMMARY_MAX = 500
ARTICLE_BODY_MAX = 60_000
SOCIAL_TEXT_MAX = 2_200  # Instagram's caption limit, the strictest of the big networks (Facebook: 63,206)
SOCIAL_HASHTAGS_MAX = 10
HASHTAG_MAX = 50
CHAT_TEXT_MAX = 2_000  # Zalo Official Account: a text message holds at most 2,000 characters
CHAT_BUTTON_MAX = 35
POSTER_TITLE_MAX = 90  # a poster title is read from across a room: at most about three lines at A4
POSTER_FIGURES_MAX = 4
POSTER_FIGURE_VALUE_MAX = 12
POSTER_FIGURE_LABEL_MAX = 60
POSTER_CTA_MAX = 140
POSTER_BODY_MAX = 400
PODCAST_NOTES_MAX = 4_000
PRESS_BODY_MAX = 20_000
SMS_MAX_SEGMENTS_LIMIT = 5
URL_MAX = 500
ALT_MAX = 250

_HASHTAG = re.compile(r"^#[^\W_][\w]*$")


def public_url(item: ContentItem) -> str:
    """The absolute address of the item's public page: what a poster's QR code opens."""
    return f"{settings.SITE_URL.rstrip('/')}/noi-dung/{item.pk}/"


@dataclass(frozen=True)
class ChannelSpec:
    code: str
    label: str | Promise
    fields: tuple[str, ...]
    files: tuple[str, ...]  # the kinds of file `generate` makes ("" when the channel has no file)
    initial: Callable[[ContentVariant], dict[str, Any]]
    clean: Callable[[dict[str, Any], ContentVariant], dict[str, Any]]


class _Errors:
    """Collects one message per field, then raises them together (so the form shows them all)."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name, "")
    return clean(sanitise.text(str(value if value is not None else "")))


def _line(values: dict[str, Any], name: str) -> str:
    return " ".join(_text(values, name).split())


def _limit(errors: _Errors, field: str, value: str, limit: int, *, required: bool = False) -> None:
    if required and not value:
        errors.add(field, _("This field is required."))
    elif len(value) > limit:
        errors.add(
            field,
            _("At most %(limit)s characters; this has %(length)s. Shorten it by %(over)s.")
            % {"limit": limit, "length": len(value), "over": len(value) - limit},
        )


def _url(errors: _Errors, field: str, value: str) -> None:
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(value) > URL_MAX or " " in value:
        errors.add(field, _("Write a full web address that starts with https://."))


def _bool(value: Any) -> bool:
    return value in (True, "true", "True", "on", "1", 1)


# --- article ----------------------------------------------------------------------------------


def _article_initial(variant: ContentVariant) -> dict[str, Any]:
    paragraphs = "".join(f"<p>{p}</p>" for p in variant.body.split("\n") if p.strip())
    return {"title": variant.title, "summary": variant.call_to_action, "body": paragraphs}


def _article_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    title, summary = _line(values, "title"), _text(values, "summary")
    body = sanitise.html(str(values.get("body") or ""))
    _limit(errors, "title", title, ARTICLE_TITLE_MAX, required=True)
    _limit(errors, "summary", summary, ARTICLE_SUMMARY_MAX)
    if not sanitise.text(body).strip():
        errors.add("body", _("Write the article."))
    _limit(errors, "body", body, ARTICLE_BODY_MAX)
    errors.raise_any()
    return {"title": title, "summary": summary, "body": body}


# --- social post ------------------------------------------------------------------------------


def _hashtags(raw: Any) -> list[str]:
    words = raw if isinstance(raw, list) else re.split(r"[\s,]+", str(raw or ""))
    tags = []
    for word in words:
        word = str(word).strip()
        if word:
            tags.append(word if word.startswith("#") else f"#{word}")
    return list(dict.fromkeys(tags))


def _social_initial(variant: ContentVariant) -> dict[str, Any]:
    tags = [re.sub(r"\W+", "", t.title()) for t in variant.item.tag_list()]
    text = "\n\n".join(part for part in (variant.title, variant.body, variant.call_to_action) if part)
    return {
        "text": _shorten(text, SOCIAL_TEXT_MAX - 200),
        "hashtags": [f"#{t}" for t in tags if t][:5],
        "image": "",
        "alt": "",
    }


def _social_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    text = _text(values, "text")
    tags = _hashtags(values.get("hashtags"))
    image, alt = _line(values, "image"), _line(values, "alt")
    full = text + ("\n\n" + " ".join(tags) if tags else "")
    if not text:
        errors.add("text", _("This field is required."))
    elif len(full) > SOCIAL_TEXT_MAX:
        errors.add(
            "text",
            _(
                "The post with its hashtags has %(length)s characters; at most %(limit)s. "
                "Shorten it by %(over)s."
            )
            % {"length": len(full), "limit": SOCIAL_TEXT_MAX, "over": len(full) - SOCIAL_TEXT_MAX},
        )
    bad = [t for t in tags if not _HASHTAG.match(t) or len(t) > HASHTAG_MAX]
    if bad:
        errors.add(
            "hashtags",
            _("A hashtag is one word of letters and digits, without spaces or punctuation: %(tags)s.")
            % {"tags": " ".join(bad)},
        )
    elif len(tags) > SOCIAL_HASHTAGS_MAX:
        errors.add(
            "hashtags",
            _("At most %(limit)s hashtags; there are %(count)s.")
            % {"limit": SOCIAL_HASHTAGS_MAX, "count": len(tags)},
        )
    _url(errors, "image", image)
    if image and not alt:
        errors.add("alt", _("Describe the image for people who cannot see it."))
    _limit(errors, "alt", alt, ALT_MAX)
    errors.raise_any()
    return {"text": text, "hashtags": tags, "image": image, "alt": alt if image else "", "length": len(full)}


# --- SMS --------------------------------------------------------------------------------------


def _sms_initial(variant: ContentVariant) -> dict[str, Any]:
    text = variant.call_to_action or variant.title
    return {"text": text, "unaccented": False, "max_segments": sms.DEFAULT_MAX_SEGMENTS}


def _sms_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    text = " ".join(_text(values, "text").split())
    unaccented = _bool(values.get("unaccented"))
    try:
        limit = int(values.get("max_segments") or sms.DEFAULT_MAX_SEGMENTS)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= SMS_MAX_SEGMENTS_LIMIT:
        errors.add(
            "max_segments",
            _("Choose between 1 and %(limit)s segments.") % {"limit": SMS_MAX_SEGMENTS_LIMIT},
        )
        errors.raise_any()
    sent = sms.unaccented(text) if unaccented else text
    try:
        length = sms.check(sent, max_segments=limit)
    except ValidationError as error:
        errors.add("text", " ".join(error.messages))
        errors.raise_any()
        raise  # unreachable: raise_any raised
    return {
        "text": text,
        "unaccented": unaccented,
        "sent_text": sent,
        "max_segments": limit,
        "encoding": str(length.encoding),
        "segments": length.segments,
        "characters": length.characters,
    }


# --- chat-app message -------------------------------------------------------------------------


def _chat_initial(variant: ContentVariant) -> dict[str, Any]:
    text = "\n\n".join(part for part in (variant.title, variant.body) if part)
    return {
        "text": _shorten(text, CHAT_TEXT_MAX),
        "image": "",
        "alt": "",
        "button_label": "",
        "button_url": "",
    }


def _chat_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    text, image, alt = _text(values, "text"), _line(values, "image"), _line(values, "alt")
    label, url = _line(values, "button_label"), _line(values, "button_url")
    _limit(errors, "text", text, CHAT_TEXT_MAX, required=True)
    _url(errors, "image", image)
    if image and not alt:
        errors.add("alt", _("Describe the image for people who cannot see it."))
    _limit(errors, "alt", alt, ALT_MAX)
    _limit(errors, "button_label", label, CHAT_BUTTON_MAX)
    _url(errors, "button_url", url)
    if bool(label) != bool(url):
        errors.add(
            "button_url" if label else "button_label", _("A button needs both its label and its address.")
        )
    errors.raise_any()
    return {
        "text": text,
        "image": image,
        "alt": alt if image else "",
        "button_label": label,
        "button_url": url,
    }


# --- loudspeaker script and podcast -----------------------------------------------------------


def _script_errors(errors: _Errors, field: str, script: str) -> dict[str, Any]:
    if not script:
        errors.add(field, _("This field is required."))
        return {}
    try:
        spoken = speech.check_script(script)
    except ValidationError as error:
        errors.add(field, " ".join(error.messages))
        return {}
    return {
        "spoken": spoken.text,
        "replacements": [{"original": r.original, "spoken": r.spoken} for r in spoken.replacements],
    }


def _loudspeaker_initial(variant: ContentVariant) -> dict[str, Any]:
    script = "\n".join(part for part in (variant.title + ".", variant.body, variant.call_to_action) if part)
    return {"script": script}


def _loudspeaker_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    script = _text(values, "script")
    spoken = _script_errors(errors, "script", script)
    errors.raise_any()
    return {"script": script, **spoken}


def _podcast_initial(variant: ContentVariant) -> dict[str, Any]:
    return {"title": variant.title, "show_notes": variant.call_to_action, **_loudspeaker_initial(variant)}


def _podcast_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    title, notes, script = _line(values, "title"), _text(values, "show_notes"), _text(values, "script")
    _limit(errors, "title", title, ARTICLE_TITLE_MAX, required=True)
    _limit(errors, "show_notes", notes, PODCAST_NOTES_MAX, required=True)
    spoken = _script_errors(errors, "script", script)
    errors.raise_any()
    return {"title": title, "show_notes": notes, "script": script, **spoken}


# --- poster -----------------------------------------------------------------------------------


def _figures(raw: Any) -> list[dict[str, str]]:
    """Key figures from a list of {"value", "label"} or from lines "value | label"."""
    if isinstance(raw, list):
        rows = [(str(r.get("value", "")), str(r.get("label", ""))) for r in raw if isinstance(r, dict)]
    else:
        rows = []
        for line in str(raw or "").splitlines():
            if line.strip():
                value, _sep, label = line.partition("|")
                rows.append((value, label))
    return [
        {
            "value": " ".join(clean(sanitise.text(v)).split()),
            "label": " ".join(clean(sanitise.text(lb)).split()),
        }
        for v, lb in rows
    ]


def figures_as_lines(figures: list[dict[str, str]]) -> str:
    return "\n".join(f"{f['value']} | {f['label']}" for f in figures)


def _shorten(text: str, limit: int) -> str:
    """`text` cut at the last whole word that fits in `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:")


def _poster_initial(variant: ContentVariant) -> dict[str, Any]:
    return {
        "title": _shorten(variant.title, POSTER_TITLE_MAX),
        "body": _shorten(variant.item.key_message, POSTER_BODY_MAX),
        "figures": [],
        "call_to_action": _shorten(variant.call_to_action, POSTER_CTA_MAX),
    }


def _poster_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    title, body, cta = _line(values, "title"), _text(values, "body"), _line(values, "call_to_action")
    figures = _figures(values.get("figures"))
    _limit(errors, "title", title, POSTER_TITLE_MAX, required=True)
    _limit(errors, "body", body, POSTER_BODY_MAX)
    _limit(errors, "call_to_action", cta, POSTER_CTA_MAX, required=True)
    if len(figures) > POSTER_FIGURES_MAX:
        errors.add(
            "figures",
            _("At most %(limit)s key figures; there are %(count)s.")
            % {"limit": POSTER_FIGURES_MAX, "count": len(figures)},
        )
    for number, figure in enumerate(figures, start=1):
        if not figure["value"] or not figure["label"]:
            errors.add(
                "figures",
                _("Key figure %(number)s needs a value and a label, as “80% | adults with a digital ID”.")
                % {"number": number},
            )
        elif len(figure["value"]) > POSTER_FIGURE_VALUE_MAX or len(figure["label"]) > POSTER_FIGURE_LABEL_MAX:
            errors.add(
                "figures",
                _(
                    "Key figure %(number)s is too long: at most %(value)s characters for the value "
                    "and %(label)s for the label."
                )
                % {"number": number, "value": POSTER_FIGURE_VALUE_MAX, "label": POSTER_FIGURE_LABEL_MAX},
            )
    errors.raise_any()
    return {"title": title, "body": body, "figures": figures, "call_to_action": cta}


# --- press release ----------------------------------------------------------------------------


def _press_initial(variant: ContentVariant) -> dict[str, Any]:
    item = variant.item
    body = "\n".join(p for p in (item.key_message, variant.body, variant.call_to_action) if p)
    return {
        "number": "/TB",
        "place": "Hà Nội",
        "title": variant.title,
        "body": body,
        "signer_title": "",
        "signer_name": "",
    }


def _press_clean(values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    errors = _Errors()
    number, place, title = _line(values, "number"), _line(values, "place"), _line(values, "title")
    body = _text(values, "body")
    signer_title, signer_name = _line(values, "signer_title"), _line(values, "signer_name")
    _limit(errors, "number", number, 60)
    _limit(errors, "place", place, 60, required=True)
    _limit(errors, "title", title, ARTICLE_TITLE_MAX, required=True)
    _limit(errors, "body", body, PRESS_BODY_MAX, required=True)
    _limit(errors, "signer_title", signer_title, 120)
    _limit(errors, "signer_name", signer_name, 120)
    if variant.item.owner_unit_id is None:
        errors.add(
            "__all__", _("Choose the item's owner unit first: the press release is issued in its name.")
        )
    errors.raise_any()
    return {
        "number": number,
        "place": place,
        "title": title,
        "body": body,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }


CHANNELS: dict[str, ChannelSpec] = {
    spec.code: spec
    for spec in (
        ChannelSpec(
            Channel.ARTICLE,
            Channel.ARTICLE.label,
            ("title", "summary", "body"),
            (),
            _article_initial,
            _article_clean,
        ),
        ChannelSpec(
            Channel.SOCIAL,
            Channel.SOCIAL.label,
            ("text", "hashtags", "image", "alt"),
            (),
            _social_initial,
            _social_clean,
        ),
        ChannelSpec(
            Channel.SMS,
            Channel.SMS.label,
            ("text", "unaccented", "max_segments"),
            (),
            _sms_initial,
            _sms_clean,
        ),
        ChannelSpec(
            Channel.CHAT,
            Channel.CHAT.label,
            ("text", "image", "alt", "button_label", "button_url"),
            (),
            _chat_initial,
            _chat_clean,
        ),
        ChannelSpec(
            Channel.LOUDSPEAKER,
            Channel.LOUDSPEAKER.label,
            ("script",),
            ("mp3",),
            _loudspeaker_initial,
            _loudspeaker_clean,
        ),
        ChannelSpec(
            Channel.PODCAST,
            Channel.PODCAST.label,
            ("title", "show_notes", "script"),
            ("mp3",),
            _podcast_initial,
            _podcast_clean,
        ),
        ChannelSpec(
            Channel.POSTER,
            Channel.POSTER.label,
            ("title", "body", "figures", "call_to_action"),
            ("a4", "a3"),
            _poster_initial,
            _poster_clean,
        ),
        ChannelSpec(
            Channel.PRESS,
            Channel.PRESS.label,
            ("number", "place", "title", "body", "signer_title", "signer_name"),
            ("docx", "pdf"),
            _press_initial,
            _press_clean,
        ),
    )
}

FIELD_LABELS: dict[str, Any] = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "body": gettext_lazy("Text"),
    "text": gettext_lazy("Text"),
    "hashtags": gettext_lazy("Hashtags"),
    "image": gettext_lazy("Image address"),
    "alt": gettext_lazy("Image description"),
    "unaccented": gettext_lazy("Send without diacritics (GSM-7)"),
    "max_segments": gettext_lazy("At most this many segments"),
    "button_label": gettext_lazy("Button label"),
    "button_url": gettext_lazy("Button address"),
    "script": gettext_lazy("Script"),
    "show_notes": gettext_lazy("Show notes"),
    "figures": gettext_lazy("Key figures (one a line: value | label)"),
    "call_to_action": gettext_lazy("Call to action"),
    "number": gettext_lazy("Number and symbol"),
    "place": gettext_lazy("Place"),
    "signer_title": gettext_lazy("Signer's title"),
    "signer_name": gettext_lazy("Signer's name"),
}


def spec_for(channel: str) -> ChannelSpec:
    spec = CHANNELS.get(channel)
    if spec is None:
        raise ValidationError({"channel": _("Choose a channel from the list.")}, code="channel")
    return spec


def check(channel: str, values: dict[str, Any], variant: ContentVariant) -> dict[str, Any]:
    """The fields as kept for `channel`, or a ValidationError keyed by field saying what to change.

    Unknown fields are ignored; missing ones count as empty.
    """
    spec = spec_for(channel)
    return spec.clean({name: values.get(name) for name in spec.fields}, variant)
