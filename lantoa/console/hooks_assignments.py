"""Menu items and panels of the assignments pages (imported by wagtail_hooks)."""

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from lantoa.assignments.selectors import coordinator_counts, task_inbox_counts
from lantoa.core import access


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args: object, permission: str, **kwargs: object) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request: object) -> bool:
        return access.has(getattr(request, "user", None), self.permission)


@hooks.register("insert_global_admin_css")
def assignments_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("console/assignments.css"))


@hooks.register("register_admin_menu_item")
def tasks_menu_item() -> MenuItem:
    return _PermissionMenuItem(
        _("Tasks"),
        reverse("console:task-index"),
        icon_name="tasks",
        order=120,
        name="tasks",
        permission="assignments.report",
    )


@hooks.register("register_admin_menu_item")
def assignments_menu_item() -> MenuItem:
    return _PermissionMenuItem(
        _("Assignments"),
        reverse("console:assignment-index"),
        icon_name="list-ul",
        order=125,
        name="assignments",
        permission="assignments.assign",
    )


@hooks.register("register_admin_menu_item")
def board_menu_item() -> MenuItem:
    return _PermissionMenuItem(
        _("Task board"),
        reverse("console:assignment-board"),
        icon_name="table",
        order=126,
        name="assignment-board",
        permission="assignments.assign",
    )


class TasksPanel(Component):
    """On the console's home page: what the person's units still have to do, and what waits for the
    coordinator's review. Shown to those who act on tasks or coordinate them."""

    name = "lantoa_tasks"
    template_name = "console/task_panel.html"
    order = 60

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        request = (parent_context or {})["request"]
        user = request.user
        return {
            "mine": task_inbox_counts(user=user) if access.has(user, "assignments.report") else None,
            "coordinated": coordinator_counts(user=user) if access.has(user, "assignments.assign") else None,
            "request": request,
        }


@hooks.register("construct_homepage_panels")
def add_tasks_panel(request: HttpRequest, panels: list[Any]) -> None:
    user = request.user
    if access.has(user, "assignments.report") or access.has(user, "assignments.assign"):
        panels.insert(0, TasksPanel())
