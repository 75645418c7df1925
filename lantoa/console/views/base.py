from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core import access


class ConsoleView(WagtailAdminTemplateMixin, TemplateView):
    """A console page: Wagtail's frame, one permission checked before anything else.

    A refusal raises PermissionDenied, which Wagtail turns into a message on the console's home page.
    """

    permission = "console.access"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
