"""Menu items of the content pages (imported by wagtail_hooks): content items, and the glossary of
campaign jargon."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantoa.core import access


class GlossaryMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.has(request.user, "content.edit")


@hooks.register("register_admin_menu_item")
def glossary_menu_item() -> MenuItem:
    return GlossaryMenuItem(
        _("Glossary"), reverse("console:glossary-index"), icon_name="doc-full", order=180, name="glossary"
    )


class ContentItemsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.has(request.user, "content.edit") or access.has(request.user, "content.approve")


@hooks.register("register_admin_menu_item")
def content_items_menu_item() -> MenuItem:
    return ContentItemsMenuItem(
        _("Content items"),
        reverse("console:content-item-index"),
        icon_name="doc-full-inverse",
        order=175,
        name="content-items",
    )


@hooks.register("register_admin_menu_item")
def media_library_menu_item() -> MenuItem:
    return ContentItemsMenuItem(
        _("Media library"), reverse("console:media-index"), icon_name="image", order=177, name="media-library"
    )
