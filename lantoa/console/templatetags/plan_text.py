"""The plan's own text in the reader's language: `{% load plan_text %}`.

`{% local part "title" %}` writes the English rendering when the console is in English and one was
written; otherwise the Vietnamese, in `lang="vi"` and, for an English reader, marked "Vietnamese
original". `{{ part|localized:"title" }}` gives the same text bare (for titles and attributes).
"""

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lantoa.core.bilingual import ORIGINAL_LANGUAGE, Bilingual

register = template.Library()


@register.simple_tag
def local(part: Bilingual, field: str, linebreaks: bool = False) -> SafeString:
    text = part.localized(field)
    body = linebreaksbr(text.text, autoescape=True) if linebreaks else conditional_escape(text.text)
    if not text.is_fallback:
        return format_html("{}", body)
    return format_html(
        '<span lang="{}">{}</span> <span class="lt-original">{}</span>',
        ORIGINAL_LANGUAGE,
        body,
        _("Vietnamese original"),
    )


@register.filter
def localized(part: Any, field: str) -> str:
    return part.localized(field).text if isinstance(part, Bilingual) else ""
