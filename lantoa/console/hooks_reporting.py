"""Menu items and panels of the reporting pages (imported by wagtail_hooks)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantoa.core import access


class _ReportingMenuItem(MenuItem):
    def __init__(self, *args: Any, permissions: tuple[str, ...], **kwargs: Any) -> None:
        self.permissions = permissions
        super().__init__(*args, **kwargs)

    def is_shown(self, request: HttpRequest) -> bool:
        return any(access.has(request.user, perm) for perm in self.permissions)


@hooks.register("register_admin_menu_item")
def reports_menu_item() -> MenuItem:
    return _ReportingMenuItem(
        _("Reports"),
        reverse("console:report-index"),
        icon_name="doc-full",
        order=170,
        name="reports",
        permissions=("reporting.enter", "reporting.approve", "reporting.compile", "reporting.view"),
    )


@hooks.register("register_admin_menu_item")
def approvals_menu_item() -> MenuItem:
    return _ReportingMenuItem(
        _("Reports to approve"),
        reverse("console:report-queue"),
        icon_name="tasks",
        order=171,
        name="report-approvals",
        permissions=("reporting.approve", "reporting.compile"),
    )


@hooks.register("register_admin_menu_item")
def dashboard_menu_item() -> MenuItem:
    return _ReportingMenuItem(
        _("Results dashboard"),
        reverse("console:report-dashboard"),
        icon_name="view",
        order=172,
        name="report-dashboard",
        permissions=("reporting.compile", "reporting.view"),
    )
