"""Console pages of briefing kits: an item's kits, the kit editor (talking points and questions as two
ordered formsets, saved with the kit or not at all), the kit's printable page, and its PDF and ZIP
downloads (approved or published items only). Reading needs `content.edit` or `content.approve`, as the
item's page; writing needs `content.edit`."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.content import item_selectors, kits
from lantoa.content import kit_selectors as selectors
from lantoa.content import kit_services as services
from lantoa.content.kit_models import BriefingKit
from lantoa.content.models import ContentItem
from lantoa.core import access
from lantoa.core.documents import PdfUnavailable

from ..kit_forms import KitForm
from .content_items import _ContentView
from .plans import _int
from .units import _add_errors


class _KitView(_ContentView):
    kit: BriefingKit | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, "console.access")
        item_selectors.require_read(request.user)
        if "kit" in kwargs:
            self.kit = selectors.kit_get_for_user(user=request.user, pk=kwargs["kit"], item_pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        crumbs = super().get_breadcrumbs_items()
        assert self.item is not None
        if not isinstance(self, ContentKitIndexView):
            crumbs.insert(
                -1, {"url": reverse("console:content-kits", args=[self.item.pk]), "label": _("Briefing kits")}
            )
        return crumbs

    def kit_url(self, kit: BriefingKit) -> str:
        return reverse("console:content-kit-detail", args=[kit.item_id, kit.pk])


def _can_edit(user: Any, item: ContentItem) -> bool:
    return access.has(user, services.EDIT) and item.state != ContentItem.State.ARCHIVED


class ContentKitIndexView(_KitView):
    """The item's briefing kits."""

    template_name = "console/content_kits.html"

    def get_page_title(self) -> str:
        return _("Briefing kits")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.item is not None
        context.update(
            item=self.item,
            kits=selectors.kits_of(self.item),
            can_edit=_can_edit(self.request.user, self.item),
            downloadable=self.item.state in kits.DOWNLOAD_STATES,
        )
        return context


class ContentKitDetailView(_KitView):
    """One kit as it prints (print CSS), with its downloads."""

    template_name = "console/content_kit_detail.html"

    def get_page_title(self) -> str:
        assert self.kit is not None
        return self.kit.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.item is not None and self.kit is not None
        context.update(
            item=self.item,
            kit=self.kit,
            group_name=kits.group_name(self.kit),
            files=selectors.kit_files(self.kit),
            can_edit=_can_edit(self.request.user, self.item),
            downloadable=self.item.state in kits.DOWNLOAD_STATES,
            public_url=kits.renditions.public_url(self.item),
        )
        return context


class ContentKitFormView(_KitView):
    """A new kit (`content/<pk>/kits/new/`) or the editor of one."""

    template_name = "console/content_kit_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Edit the briefing kit") if self.kit else _("New briefing kit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.item is not None
        if "form" not in context:
            initial = (
                None if self.kit else {"title": self.item.title[:200], "group": BriefingKit.Group.REPORTERS}
            )
            context["form"] = KitForm(
                item=self.item, kit=self.kit, **({"initial": initial} if initial else {})
            )
        context.update(
            item=self.item,
            kit=self.kit,
            cancel_url=self.kit_url(self.kit)
            if self.kit
            else reverse("console:content-kits", args=[self.item.pk]),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None
        form = KitForm(request.POST, item=self.item, kit=self.kit)
        stale = None
        if form.is_valid():
            try:
                if self.kit is None:
                    kit = services.kit_create(by=request.user, item=self.item, **form.values())
                else:
                    kit = services.kit_update(
                        by=request.user,
                        kit=self.kit,
                        expected_version=form.cleaned_data["expected_version"] or 0,
                        **form.values(),
                    )
            except ValidationError as error:
                if getattr(error, "code", None) == "stale":
                    stale = " ".join(error.messages)
                else:
                    _add_errors(form, error)
            else:
                messages.success(request, _("Briefing kit saved."))
                return redirect(self.kit_url(kit))
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class ContentKitDeleteView(_KitView):
    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None and self.kit is not None
        try:
            services.kit_delete(
                by=request.user,
                kit=self.kit,
                expected_version=_int(request.POST.get("expected_version")) or 0,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.kit_url(self.kit))
        messages.success(request, _("Briefing kit deleted."))
        return redirect("console:content-kits", self.item.pk)


class ContentKitDownloadView(_KitView):
    """The kit's ZIP or its one-page PDF, as an attachment; refused (back to the kit's page, with the
    reason) unless the item is approved or published."""

    fmt = "zip"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.kit is not None
        try:
            kits.require_downloadable(self.kit)
            if self.fmt == "zip":
                data, name, content_type = kits.render_zip(self.kit), kits.zip_name(self.kit), kits.ZIP_TYPE
            else:
                data, name, content_type = (
                    kits.render_pdf(self.kit),
                    f"{kits.stem(self.kit)}.pdf",
                    "application/pdf",
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.kit_url(self.kit))
        except PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDF files yet: "
                    "its administrator must install WeasyPrint's libraries."
                ),
            )
            return redirect(self.kit_url(self.kit))
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
