"""Notifications and the reminder log in the console.

Every console user reads their own notifications; the reminder log (every delivery the reminders
and messages made) is for those who urge units on or read the audit trail.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantoa.core import access
from lantoa.notify.ladders import step_label
from lantoa.notify.selectors import deliveries, delivery_choices, notifications_for, unread_count
from lantoa.notify.services import notification_mark_read
from lantoa.notify.transports import registry as transports

from ..notify_forms import DeliveryFilterForm, MarkReadForm
from .base import ConsoleView

LOG_PERMISSIONS = ("assignments.assign", "audit.view")


def may_read_log(user: Any) -> bool:
    return any(access.has(user, perm) for perm in LOG_PERMISSIONS)


class NotificationIndexView(ConsoleView):
    page_title = gettext_lazy("Notifications")
    header_icon = "mail"
    template_name = "console/notify_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(notifications_for(self.request.user), 30).get_page(self.request.GET.get("p"))
        context["page"] = page
        context["unread"] = unread_count(self.request.user)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MarkReadForm(request.POST)
        if form.is_valid() and (form.cleaned_data["everything"] or form.cleaned_data["notification"]):
            ids = None if form.cleaned_data["everything"] else [form.cleaned_data["notification"]]
            marked = notification_mark_read(user=request.user, notification_ids=ids)
            if ids is None:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s notification marked as read.",
                        "%(count)s notifications marked as read.",
                        marked,
                    )
                    % {"count": marked},
                )
        page = request.POST.get("p", "")
        return redirect(f"{request.path}?p={page}" if page.isdigit() else request.path)


class NotificationOpenView(ConsoleView):
    """Marks the notification read and goes to what it is about."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        note = get_object_or_404(notifications_for(request.user), pk=kwargs["pk"])
        notification_mark_read(user=request.user, notification_ids=[note.pk])
        target = note.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect("console:notification-index")
        return redirect(target)


class DeliveryLogView(ConsoleView):
    page_title = gettext_lazy("Reminder log")
    header_icon = "history"
    template_name = "console/notify_log.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_read_log(request.user):
            raise PermissionDenied(_("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = DeliveryFilterForm(self.request.GET or None, choices=delivery_choices())
        filters = form.filters() if form.is_valid() else {}
        context["form"] = form
        page = Paginator(deliveries(**filters), 50).get_page(self.request.GET.get("p"))
        labels = form.source_labels
        context["page"] = page
        channels = {t.code: t.label for t in transports}
        context["rows"] = [
            (
                row,
                labels.get(row.source, row.source),
                step_label(row.step),
                channels.get(row.transport, row.transport),
            )
            for row in page.object_list
        ]
        query = self.request.GET.copy()
        query.pop("p", None)
        context["query"] = query.urlencode()
        return context
