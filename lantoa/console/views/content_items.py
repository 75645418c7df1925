"""Console pages of content items: the filtered list, an item with its variants, workflow buttons,
comments and versions, the item and variant editors (with the plain-language check), and the diff
between two versions. Reading needs `content.edit` or `content.approve`."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.content import item_selectors as selectors
from lantoa.content import item_services as services
from lantoa.content.models import ContentItem, ContentVariant
from lantoa.core import access

from ..content_item_forms import (
    CommentForm,
    ContentItemFilterForm,
    ContentItemForm,
    ContentVariantForm,
    RequestChangesForm,
)
from .base import ConsoleView
from .plans import _int, _refuse

ITEMS_CRUMB: dict[str, Any] = {
    "url": reverse_lazy("console:content-item-index"),
    "label": gettext_lazy("Content items"),
}
MARK_KINDS = {
    "long_sentence": gettext_lazy("Long sentences"),
    "long_word": gettext_lazy("Long words"),
    "abbreviation": gettext_lazy("Abbreviations not written out"),
    "jargon": gettext_lazy("Campaign jargon"),
}


class _ContentView(ConsoleView):
    header_icon = "doc-full-inverse"
    item: ContentItem | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, "console.access")
        selectors.require_read(request.user)
        if "pk" in kwargs:
            self.item = selectors.item_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        crumbs = [*self.breadcrumbs_items, ITEMS_CRUMB]
        if self.item is not None and not isinstance(self, ContentItemDetailView):
            crumbs.append(
                {"url": reverse("console:content-item-detail", args=[self.item.pk]), "label": self.item.title}
            )
        return [*crumbs, {"url": "", "label": self.get_page_title()}]


class ContentItemIndexView(_ContentView):
    page_title = gettext_lazy("Content items")
    template_name = "console/content_item_index.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ContentItemFilterForm(self.request.GET or None, channels=selectors.channel_choices())
        filters = form.cleaned_data if form.is_valid() else {}
        rows = selectors.item_list_for_user(
            user=self.request.user,
            search=filters.get("q", ""),
            theme=filters.get("theme"),
            audience=filters.get("audience"),
            state=filters.get("state", ""),
            unit=filters.get("unit"),
            channel=filters.get("channel", ""),
        )
        page = Paginator(rows, 50).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            filtered=any(filters.values()),
            searched=bool(filters.get("q", "").strip()),
            ranked=getattr(rows, "ranked", True),
            page=page,
            items=page.object_list,
            query=query.urlencode(),
            can_edit=access.has(self.request.user, services.EDIT),
        )
        return context


def _actions(user: Any, item: ContentItem) -> tuple[list[tuple[str, str, str]], str]:
    """The workflow buttons this person may press now (action, label, button class), and a note
    when approval is refused because they wrote the item."""
    can_edit, can_approve = access.has(user, services.EDIT), access.has(user, services.APPROVE)
    state, states = item.state, ContentItem.State
    actions: list[tuple[str, str, str]] = []
    note = ""
    if can_edit and state in services.EDITABLE_STATES:
        actions.append(("submit", _("Send for review"), "button"))
    if can_approve and state == states.IN_REVIEW:
        if user.pk in services.last_author_ids(item):
            note = _("You wrote this item: someone else must approve it.")
        else:
            actions.append(("approve", _("Approve"), "button"))
    if (can_edit or can_approve) and state == states.APPROVED:
        actions.append(("publish", _("Publish"), "button"))
    if (can_edit or can_approve) and state != states.ARCHIVED:
        actions.append(("archive", _("Archive"), "button button-secondary"))
    return actions, note


class ContentItemDetailView(_ContentView):
    template_name = "console/content_item_detail.html"

    def get_page_title(self) -> str:
        assert self.item is not None
        return self.item.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        assert item is not None
        user = self.request.user
        actions, note = _actions(user, item)
        can_edit = access.has(user, services.EDIT) and item.state in services.EDITABLE_STATES
        context.update(
            item=item,
            variants=selectors.variants_of(item),
            comments=selectors.comments_of(item),
            versions=selectors.versions_of(item),
            actions=actions,
            approval_note=note,
            can_edit=can_edit,
            can_request_changes=access.has(user, services.APPROVE)
            and item.state == ContentItem.State.IN_REVIEW,
            comment_form=kwargs.get("comment_form") or CommentForm(),
            changes_form=kwargs.get("changes_form") or RequestChangesForm(),
            is_out=services.is_out(item),
        )
        return context


class ContentItemTransitionView(_ContentView):
    """POST only: one workflow step (`action` in the URL); a refusal is said on the item page."""

    http_method_names = ["post"]
    STEPS: dict[str, tuple[Callable[..., ContentItem], Any]] = {
        "submit": (services.submit_for_review, gettext_lazy("Sent for review.")),
        "request-changes": (services.request_changes, gettext_lazy("Sent back to the editors.")),
        "approve": (services.approve, gettext_lazy("Approved.")),
        "publish": (services.publish, gettext_lazy("Published.")),
        "archive": (services.archive, gettext_lazy("Archived.")),
    }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None
        step = self.STEPS.get(kwargs["action"])
        if step is None:
            raise Http404
        service, done = step
        extra = {"reason": request.POST.get("reason", "")} if kwargs["action"] == "request-changes" else {}
        try:
            service(
                by=request.user,
                item=self.item,
                expected_version=_int(request.POST.get("expected_version")),
                **extra,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, str(done))
        return redirect("console:content-item-detail", self.item.pk)


class ContentCommentView(_ContentView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.item is not None
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(by=request.user, item=self.item, text=form.cleaned_data["text"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Comment added."))
        else:
            messages.error(request, _("Write the comment."))
        return redirect(reverse("console:content-item-detail", args=[self.item.pk]) + "#comments")


class ContentItemFormView(_ContentView):
    template_name = "console/content_item_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Edit “%(title)s”") % {"title": self.item.title} if self.item else _("New content item")

    def editable(self) -> ContentItem:
        if self.item is None:
            return ContentItem()
        return selectors.item_get_for_user(user=self.request.user, pk=self.item.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ContentItemForm(instance=self.editable()))
        context["cancel_url"] = (
            reverse("console:content-item-detail", args=[self.item.pk])
            if self.item
            else reverse("console:content-item-index")
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ContentItemForm(request.POST, instance=self.editable())
        stale = None
        if form.is_valid():
            try:
                if self.item is None:
                    item = services.item_create(by=request.user, **form.values())
                else:
                    item = services.item_update(
                        by=request.user,
                        item=self.item,
                        expected_version=form.cleaned_data["expected_version"] or 0,
                        **form.values(),
                    )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, _("“%(title)s” saved.") % {"title": item.title})
                return redirect("console:content-item-detail", item.pk)
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class ContentVariantFormView(_ContentView):
    """A variant's editor. Once saved, the page shows the plain-language check of the saved text."""

    template_name = "console/content_item_variant.html"
    variant: ContentVariant | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, services.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def setup_variant(self) -> None:
        assert self.item is not None
        if "variant" in self.kwargs:
            self.variant = selectors.variant_get(item=self.item, pk=self.kwargs["variant"])

    def get_page_title(self) -> str:
        self.setup_variant()
        if self.variant is not None:
            return _("Variant for %(audience)s") % {"audience": self.variant.audience.name}
        return _("New audience variant")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.setup_variant()
        assert self.item is not None
        context.setdefault(
            "form", ContentVariantForm(instance=self.variant or ContentVariant(item=self.item))
        )
        context["cancel_url"] = reverse("console:content-item-detail", args=[self.item.pk])
        if self.variant is not None and "form" not in kwargs:
            result = selectors.variant_readability(self.variant)
            context.update(
                result=result,
                pieces=selectors.marked_pieces(self.variant.body, result),
                mark_groups=[
                    (label, result.marks_of(kind))
                    for kind, label in MARK_KINDS.items()
                    if result.marks_of(kind)
                ],
            )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_variant()
        assert self.item is not None
        form = ContentVariantForm(request.POST, instance=self.variant or ContentVariant(item=self.item))
        stale = None
        if form.is_valid():
            try:
                variant = services.variant_save(
                    by=request.user,
                    item=self.item,
                    audience=form.cleaned_data["audience"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    call_to_action=form.cleaned_data["call_to_action"],
                    expected_version=form.cleaned_data["expected_version"] if self.variant else None,
                )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, _("Variant saved. Its plain-language check is below."))
                return redirect("console:content-variant-edit", self.item.pk, variant.pk)
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class ContentVersionDiffView(_ContentView):
    """`?a=<number>&b=<number>`: what changed from version a to version b (default: b's previous)."""

    template_name = "console/content_item_diff.html"

    def get_page_title(self) -> str:
        return _("Changes between versions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.item is not None
        latest = self.item.versions.order_by("-number").values_list("number", flat=True).first() or 0
        new = selectors.version_get(item=self.item, number=_int(self.request.GET.get("b")) or latest)
        older = _int(self.request.GET.get("a"))
        if older is None:
            previous = self.item.versions.filter(number__lt=new.number).order_by("-number").first()
            if previous is None:
                raise Http404
            old = previous
        else:
            old = selectors.version_get(item=self.item, number=older)
        context.update(item=self.item, old=old, new=new, changes=selectors.version_diff(old, new))
        return context
