"""The public addresses of the calendar feeds: `/calendar/<key>.ics` and `/calendar/<key>/unit/<id>.ics`.

No session, no cookie: the key in the address is the only credential (see `feed_tokens`). Anything
wrong — a malformed, reset or stopped key, a deactivated person, a unit they may not see — answers
the same 404, so the address tells nothing to whoever guesses. Answers are never cached by proxies
and carry no referrer, and search engines are told not to index them.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, register_converter
from django.views.decorators.http import require_GET

from .calendars import CONTENT_TYPE, Feed, unit_feed, user_feed
from .feed_tokens import TOKEN_REGEX, calendar_token_authenticate


class FeedKeyConverter:
    regex = TOKEN_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedKeyConverter, "feedkey")


def _answer(feed: Feed) -> HttpResponse:
    response = HttpResponse(feed.content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def user_calendar(request: HttpRequest, token: str) -> HttpResponse:
    key = calendar_token_authenticate(token)
    if key is None:
        raise Http404
    return _answer(user_feed(user=key.user))


@require_GET
def unit_calendar(request: HttpRequest, token: str, unit_id: int) -> HttpResponse:
    key = calendar_token_authenticate(token)
    if key is None:
        raise Http404
    return _answer(unit_feed(user=key.user, unit_id=unit_id))


# Included by lantoa.config.urls under "calendar/".
urlpatterns = [
    path("<feedkey:token>.ics", user_calendar, name="calendar-user"),
    path("<feedkey:token>/unit/<int:unit_id>.ics", unit_calendar, name="calendar-unit"),
]
