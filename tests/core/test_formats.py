"""Dates, times and numbers as Vietnamese administration writes them, and English as English does."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import formats, timezone
from django.utils.translation import override


def render(source: str, **context: object) -> str:
    return Template("{% load l10n %}" + source).render(Context(context))


def test_vietnamese_dates_and_numbers():
    with override("vi"):
        assert formats.date_format(datetime.date(2026, 11, 26), "SHORT_DATE_FORMAT") == "26/11/2026"
        assert formats.date_format(datetime.date(2026, 11, 26)) == "26/11/2026"
        assert formats.number_format(1234567.5, 1) == "1.234.567,5"
        assert render("{{ n }}", n=1234567) == "1.234.567"
        assert formats.sanitize_separators("1.234.567,5") == "1234567.5"


def test_english_dates_and_numbers():
    with override("en"):
        assert formats.date_format(datetime.date(2026, 11, 26), "SHORT_DATE_FORMAT") == "26/11/2026"
        assert formats.number_format(1234567.5, 1) == "1,234,567.5"


def test_times_are_shown_in_hanoi():
    moment = datetime.datetime(2026, 11, 26, 1, 30, tzinfo=datetime.UTC)
    with override("vi"), timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")):
        assert render("{{ t|date:'SHORT_DATETIME_FORMAT' }}", t=moment) == "26/11/2026 08:30"


def test_a_date_typed_the_vietnamese_way_is_read():
    from django import forms

    with override("vi"):
        field = forms.DateField()
        assert field.clean("26/11/2026") == datetime.date(2026, 11, 26)
