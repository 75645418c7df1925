"""Menu item of the content pages (imported by wagtail_hooks): the glossary of campaign jargon."""

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
