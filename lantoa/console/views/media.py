"""Console pages of the media library: the grid with filters and search, the upload form (a file or
a video's address), an asset's page with its preview, its edit form and delete, and the files.

Reading needs `content.edit` or `content.approve`; writing needs `content.edit`. Files are served
through the console only, after the same permission check: images inline (for the <img> previews),
everything else as an attachment, always with nosniff and a policy that runs nothing.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.content import media_selectors as selectors
from lantoa.content import media_services as services
from lantoa.content.models import MediaAsset
from lantoa.core import access

from ..media_forms import MediaEditForm, MediaFilterForm, MediaUploadForm
from .base import ConsoleView
from .plans import _int, _refuse

MEDIA_CRUMB: dict[str, Any] = {
    "url": reverse_lazy("console:media-index"),
    "label": gettext_lazy("Media library"),
}
PER_PAGE = 24
KIND_ICONS = {"image": "image", "audio": "media", "video": "link", "document": "doc-full"}


class _MediaView(ConsoleView):
    header_icon = "image"
    asset: MediaAsset | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, "console.access")
        selectors.require_read(request.user)
        if "pk" in kwargs:
            self.asset = selectors.media_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, MEDIA_CRUMB, {"url": "", "label": self.get_page_title()}]


class MediaIndexView(_MediaView):
    page_title = gettext_lazy("Media library")
    template_name = "console/media_index.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = MediaFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = selectors.media_list_for_user(
            user=self.request.user,
            kind=filters.get("kind", ""),
            theme=filters.get("theme"),
            search=filters.get("q", ""),
        )
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        assets = list(page.object_list)
        for asset in assets:
            asset.icon_name = KIND_ICONS.get(asset.kind, "doc-full")  # type: ignore[attr-defined]  # for the grid
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            filtered=any(filters.values()),
            searched=bool(filters.get("q", "").strip()),
            page=page,
            assets=assets,
            query=query.urlencode(),
            can_edit=access.has(self.request.user, services.EDIT),
        )
        return context


class MediaUploadView(_MediaView):
    page_title = gettext_lazy("Add to the media library")
    template_name = "console/media_upload.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MediaUploadForm())
        context.update(cancel_url=reverse("console:media-index"), submit_label=_("Add to the library"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MediaUploadForm(request.POST, request.FILES)
        if form.is_valid():
            words = form.words()
            try:
                if form.cleaned_data["file"]:
                    done = services.media_upload(by=request.user, upload=form.cleaned_data["file"], **words)
                    asset, is_new = done.asset, done.is_new
                else:
                    words.pop("alt_text"), words.pop("alt_text_en")
                    asset = services.media_link_add(by=request.user, url=form.cleaned_data["url"], **words)
                    is_new = True
            except ValidationError as error:
                _refuse(form, error)
            else:
                if is_new:
                    messages.success(
                        request, _("“%(title)s” added to the media library.") % {"title": asset.title}
                    )
                else:
                    messages.info(
                        request,
                        _("This file is already in the library, as “%(title)s”: it was not added again.")
                        % {"title": asset.title},
                    )
                return redirect("console:media-detail", asset.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MediaDetailView(_MediaView):
    """The asset with its preview and, for editors, its edit form and the delete button."""

    template_name = "console/media_detail.html"

    def get_page_title(self) -> str:
        assert self.asset is not None
        return self.asset.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        asset = self.asset
        assert asset is not None
        initial = {
            "title": asset.title,
            "title_en": asset.title_en,
            "alt_text": asset.alt_text,
            "alt_text_en": asset.alt_text_en,
            "tags": asset.tags,
            "theme": asset.theme,
            "expected_version": asset.version,
        }
        form = kwargs.get("form") or MediaEditForm(initial=initial)
        if asset.kind == MediaAsset.Kind.VIDEO:
            form.fields.pop("alt_text", None)
            form.fields.pop("alt_text_en", None)
        context.update(
            asset=asset,
            form=form,
            can_edit=access.has(self.request.user, services.EDIT),
            submit_label=_("Save"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access.require(request.user, services.EDIT)
        asset = self.asset
        assert asset is not None
        form = MediaEditForm(request.POST)
        stale = None
        if form.is_valid():
            try:
                services.media_update(
                    by=request.user,
                    asset=asset,
                    expected_version=form.cleaned_data["expected_version"] or 0,
                    **form.words(),
                )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("console:media-detail", asset.pk)
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class MediaDeleteView(_MediaView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access.require(request.user, services.EDIT)
        asset = self.asset
        assert asset is not None
        try:
            services.media_delete(
                by=request.user, asset=asset, expected_version=_int(request.POST.get("expected_version")) or 0
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:media-detail", asset.pk)
        messages.success(request, _("“%(title)s” deleted from the media library.") % {"title": asset.title})
        return redirect("console:media-index")


class MediaFileView(_MediaView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:  # type: ignore[override]
        assert self.asset is not None
        return selectors.media_file_response(self.asset, thumbnail=kwargs.get("variant") == "thumbnail")
