""" "Calendar feed": the person's own address to subscribe to their task deadlines in a calendar app,
the addresses of their units' feeds, and the buttons to reset or stop it."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.assignments.calendars import feed_units_for_user
from lantoa.assignments.feed_tokens import calendar_token_get, calendar_token_reset, calendar_token_revoke

from .base import ConsoleView

TASKS_CRUMB = {"url": reverse_lazy("console:task-index"), "label": gettext_lazy("Tasks")}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class CalendarFeedView(ConsoleView):
    """Anyone with a console account may have a feed; it shows what their roles let them see."""

    page_title = gettext_lazy("Calendar feed")
    header_icon = "date"
    template_name = "console/calendar_feed.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, TASKS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        token = calendar_token_get(user=user)
        context["token"] = token
        if token is not None:
            key = token.token
            context["feed_url"] = _absolute(reverse("calendar-user", args=[key]))
            context["unit_feeds"] = [
                (unit, _absolute(reverse("calendar-unit", args=[key, unit.pk])))
                for unit in feed_units_for_user(user=user)
            ]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "stop":
            if calendar_token_revoke(by=request.user, user=request.user):
                messages.success(request, _("Your calendar feed is stopped: its address no longer works."))
        elif action in ("create", "reset"):
            calendar_token_reset(by=request.user, user=request.user)
            if action == "reset":
                messages.success(
                    request,
                    _("Your calendar feed has a new address. The old one no longer works: subscribe again."),
                )
        return redirect("console:calendar-feed")
