"""Menu items of the notify pages (imported by wagtail_hooks): notifications, with the number unread,
and the reminder log."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantoa.core import access
from lantoa.notify.selectors import unread_count

from .views.notify import may_read_log


class NotificationsMenuItem(MenuItem):
    """ "Notifications · 3": the label is made for each request (menu items are shared between requests)."""

    def is_shown(self, request: HttpRequest) -> bool:
        return access.has(request.user, "console.access")

    def render_component(self, request: HttpRequest) -> Any:
        component = super().render_component(request)
        unread = unread_count(request.user)
        component.label = f"{gettext('Notifications')} · {unread}" if unread else gettext("Notifications")
        return component


class ReminderLogMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_read_log(request.user)


@hooks.register("register_admin_menu_item")
def notifications_menu_item() -> MenuItem:
    return NotificationsMenuItem(
        _("Notifications"),
        reverse("console:notification-index"),
        icon_name="mail",
        order=130,
        name="notifications",
    )


@hooks.register("register_admin_menu_item")
def reminder_log_menu_item() -> MenuItem:
    return ReminderLogMenuItem(
        _("Reminder log"),
        reverse("console:delivery-log"),
        icon_name="history",
        order=890,
        name="reminder-log",
    )
