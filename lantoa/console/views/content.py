"""Console pages of the content hub: the glossary of campaign jargon (list, search, edit, delete).

The glossary feeds the plain-language check: each term found in a text is marked as jargon,
with the term's plain explanation offered to the editor.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.content.models import GlossaryTerm
from lantoa.content.selectors import glossary_list_for_user, glossary_term_get_for_user
from lantoa.content.services import glossary_term_create, glossary_term_delete, glossary_term_update
from lantoa.core import access

from ..content_forms import GlossarySearchForm, GlossaryTermForm
from .base import ConsoleView
from .plans import _int, _refuse

GLOSSARY_CRUMB = {"url": reverse_lazy("console:glossary-index"), "label": gettext_lazy("Glossary")}
EDIT_PERMISSION = "content.edit"


class GlossaryIndexView(ConsoleView):
    page_title = gettext_lazy("Glossary")
    header_icon = "doc-full"
    template_name = "console/content_glossary_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = GlossarySearchForm(self.request.GET or None)
        search = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(
            form=form,
            q=search,
            terms=glossary_list_for_user(user=self.request.user, search=search),
            can_edit=access.has(self.request.user, EDIT_PERMISSION),
        )
        return context


class _GlossaryTermView(ConsoleView):
    permission = EDIT_PERMISSION
    header_icon = "doc-full"
    term: GlossaryTerm | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        if "pk" in kwargs:
            self.term = glossary_term_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, GLOSSARY_CRUMB, {"url": "", "label": self.get_page_title()}]


class GlossaryTermFormView(_GlossaryTermView):
    template_name = "console/content_glossary_form.html"

    def get_page_title(self) -> str:
        return self.term.term if self.term else _("New glossary term")

    def editable(self) -> GlossaryTerm:
        """The form works on its own copy, so that a refused change leaves the page's term as it is."""
        if self.term is None:
            return GlossaryTerm()
        return glossary_term_get_for_user(user=self.request.user, pk=self.term.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", GlossaryTermForm(instance=self.editable()))
        context["cancel_url"] = reverse("console:glossary-index")
        if self.term:
            context["delete_url"] = reverse("console:glossary-delete", args=[self.term.pk])
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = GlossaryTermForm(request.POST, instance=self.editable())
        stale = None
        if form.is_valid():
            try:
                if self.term is None:
                    term = glossary_term_create(by=request.user, **form.values())
                else:
                    term = glossary_term_update(
                        by=request.user,
                        glossary_term=self.term,
                        expected_version=form.cleaned_data["expected_version"] or 0,
                        **form.values(),
                    )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, _("“%(term)s” saved.") % {"term": term.term})
                return redirect(reverse("console:glossary-index") + f"#term-{term.pk}")
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class GlossaryTermDeleteView(_GlossaryTermView):
    """GET asks "Delete …?"; POST deletes, unless the term changed since the page was opened."""

    template_name = "console/content_glossary_delete.html"

    def get_page_title(self) -> str:
        assert self.term is not None  # the URL always names the term
        return _("Delete “%(term)s”") % {"term": self.term.term}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(glossary_term=self.term, cancel_url=reverse("console:glossary-index"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.term is not None
        label = self.term.term
        try:
            glossary_term_delete(
                by=request.user,
                glossary_term=self.term,
                expected_version=_int(request.POST.get("expected_version")) or 0,
            )
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(refusal=" ".join(error.messages)), status=409
            )
        messages.success(request, _("“%(term)s” deleted from the glossary.") % {"term": label})
        return redirect("console:glossary-index")
