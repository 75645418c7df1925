"""Lan Tỏa's pages in the staff console: URLs, menu items and the home panel."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from lantoa.accounts.policy import grants_of
from lantoa.accounts.roles import Role
from lantoa.core import access
from lantoa.org.models import Unit

from . import (  # noqa: F401 (hooks register on import)
    hooks_assignments,
    hooks_content,
    hooks_notify,
    hooks_reporting,
    urls,
)


@hooks.register("insert_global_admin_css")
def console_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("console/console.css"))


@hooks.register("construct_main_menu")
def hide_wagtail_help(request: HttpRequest, menu_items: list[Any]) -> None:
    # Wagtail's help menu links to its own documentation on the internet, not to Lan Tỏa's guide.
    menu_items[:] = [item for item in menu_items if item.name != "help"]


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("", include((urls.urlpatterns, "console"), namespace="console"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request: HttpRequest) -> bool:
        return access.has(request.user, self.permission)


def _language_label() -> str:
    # The other language's own name, so a person who cannot read this one still finds it.
    other = next(
        (
            get_language_info(code)["name_local"]
            for code, _name in settings.LANGUAGES
            if code != get_language()
        ),
        "",
    )
    return f"{gettext('Language')} · {other}"


@hooks.register("register_admin_menu_item")
def plans_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Plans"),
        reverse("console:plan-index"),
        icon_name="clipboard-list",
        order=140,
        name="plans",
        permission="console.access",
    )


@hooks.register("register_admin_menu_item")
def units_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Units"),
        reverse("console:unit-index"),
        icon_name="site",
        order=150,
        name="units",
        permission="console.access",
    )


@hooks.register("register_admin_menu_item")
def audiences_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Audiences"),
        reverse("console:audience-index"),
        icon_name="tag",
        order=155,
        name="audiences",
        permission="console.access",
    )


@hooks.register("register_admin_menu_item")
def people_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("People and roles"),
        reverse("console:people-index"),
        icon_name="group",
        order=160,
        name="people",
        permission="accounts.view_users",
    )


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Audit trail"),
        reverse("console:audit-index"),
        icon_name="history",
        order=900,
        name="audit",
        permission="audit.view",
    )


@hooks.register("register_admin_menu_item")
def language_menu_item() -> MenuItem:
    return MenuItem(
        lazy(_language_label, str)(),
        reverse("console:language"),
        icon_name="globe",
        order=10000,
        name="language",
    )


class MyWorkPanel(Component):
    name = "lantoa_my_work"
    template_name = "console/panels/my_work.html"
    order = 50

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        request = (parent_context or {})["request"]
        grants = grants_of(request.user)
        units = {u.pk: u for u in Unit.objects.filter(pk__in=[g[3] for g in grants])}
        roles = [(Role(role).label, units.get(unit_id), subtree) for role, _p, subtree, unit_id in grants]
        return {
            "roles": roles,
            "can_people": access.has(request.user, "accounts.view_users"),
            "can_audit": access.has(request.user, "audit.view"),
            "can_manage_units": access.has(request.user, "org.manage"),
            "request": request,
        }


@hooks.register("construct_homepage_panels")
def add_my_work_panel(request: HttpRequest, panels: list[Any]) -> None:
    panels.insert(0, MyWorkPanel())
