import base64
import binascii
import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.audit.selectors import audit_entry_list
from lantoa.core import access
from lantoa.org import services as org_services
from lantoa.org.importing import KNOWN, UnitFileError, read_rows
from lantoa.org.models import Unit, UnitKind
from lantoa.org.selectors import unit_get, unit_list, unit_tree, unit_with_history

from ..forms import UnitForm, UnitImportForm, UnitSearchForm
from .base import ConsoleView

UNITS_CRUMB = {"url": reverse_lazy("console:unit-index"), "label": gettext_lazy("Units")}
IMPORT_SESSION_KEY = "lantoa:unit-import"


class UnitIndexView(ConsoleView):
    page_title = gettext_lazy("Unit directory")
    header_icon = "site"
    template_name = "console/unit_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = UnitSearchForm(self.request.GET or None)
        q = kind = ""
        if form.is_valid():
            q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        context["form"] = form
        context["q"] = q
        if q or kind:
            results = unit_list(q=q, kind=kind or None)
            parents = dict(Unit.objects.filter(depth=1).values_list("path", "name"))
            context["results"] = [(u, parents.get(u.path[: Unit.steplen], "")) for u in results[:300]]
            context["result_count"] = results.count()
        else:
            tree = unit_tree()
            groups = []
            for root, children in tree:
                by_kind: dict[str, list[Unit]] = {}
                for child in children:
                    by_kind.setdefault(child.kind, []).append(child)
                groups.append((root, [(UnitKind(k).label, k, units) for k, units in by_kind.items()]))
            context["tree"] = groups
        context["can_manage"] = access.has(self.request.user, "org.manage")
        return context


class UnitDetailView(ConsoleView):
    header_icon = "site"
    template_name = "console/unit_detail.html"

    def get_page_title(self) -> str:
        return self.unit.name

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.unit = unit_with_history(unit=unit_get(pk=kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, UNITS_CRUMB, {"url": "", "label": self.unit.name}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        unit = self.unit
        context["unit"] = unit
        context["parent"] = unit.get_parent()
        context["children"] = unit_list(parent=unit).filter(depth=unit.depth + 1)
        context["child_counts"] = dict(
            unit_list(parent=unit).filter(depth=unit.depth + 1).values_list("kind").annotate(n=Count("id"))
        )
        context["can_manage"] = access.has(user, "org.manage", unit)
        if access.has(user, "accounts.view_users", unit):
            context["people"] = unit.role_assignments.select_related("user").order_by(
                "role", "user__last_name"
            )
        if access.has(user, "audit.view"):
            context["history"] = audit_entry_list(target_type="org.unit", target_id=str(unit.pk))[:20]
        return context


class UnitFormView(ConsoleView):
    permission = "org.manage"
    header_icon = "site"
    template_name = "console/unit_form.html"
    unit: Unit | None = None

    def get_page_title(self) -> str:
        return _("Edit %(unit)s") % {"unit": self.unit.name} if self.unit else _("New unit")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "pk" in kwargs:
            self.unit = unit_get(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, UNITS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UnitForm(instance=self.unit))
        context["unit"] = self.unit
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UnitForm(request.POST, instance=self.unit or Unit())
        if form.is_valid():
            data = form.cleaned_data
            values = {
                f: data[f]
                for f in (
                    "name",
                    "short_name",
                    "kind",
                    "valid_from",
                    "valid_to",
                    "email",
                    "website",
                    "population",
                )
            }
            try:
                if self.unit is None:
                    unit = org_services.unit_create(
                        by=request.user, parent=data["parent"], code=data["code"], **values
                    )
                else:
                    unit = org_services.unit_update(
                        by=request.user,
                        unit=self.unit,
                        expected_updated_at=data["expected_updated_at"],
                        **values,
                    )
                    parent = data["parent"]
                    current = unit.get_parent()
                    if parent is not None and (current is None or parent.pk != current.pk):
                        unit = org_services.unit_move(by=request.user, unit=unit, new_parent=parent)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("%(unit)s saved.") % {"unit": unit.name})
                return redirect("console:unit-detail", pk=unit.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class UnitImportView(ConsoleView):
    """Upload a unit file, see what it would change, then apply it — all or nothing."""

    permission = "org.manage"
    page_title = gettext_lazy("Import units")
    header_icon = "upload"
    template_name = "console/unit_import.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, UNITS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UnitImportForm())
        context["columns"] = KNOWN
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "confirm" in request.POST:
            return self._apply(request)
        form = UnitImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            rows = read_rows(content=content, filename=upload.name)
        except UnitFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = org_services.units_import(by=request.user, rows=rows, dry_run=True)
        if not result.errors:
            request.session[IMPORT_SESSION_KEY] = {
                "name": upload.name,
                "content": base64.b64encode(content).decode("ascii"),
            }
        context = self.get_context_data(
            form=form,
            result=result,
            filename=upload.name,
            changed=[c for c in result.changes if c.action != "unchanged"],
        )
        return self.render_to_response(context, status=400 if result.errors else 200)

    def _apply(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.pop(IMPORT_SESSION_KEY, None)
        if not stored:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("console:unit-import")
        try:
            content = base64.b64decode(stored["content"])
            rows = read_rows(content=content, filename=stored["name"])
        except (UnitFileError, binascii.Error, KeyError):
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("console:unit-import")
        result = org_services.units_import(by=request.user, rows=rows, dry_run=False)
        if result.errors:
            messages.error(
                request, _("The file has %(n)s errors; nothing was written.") % {"n": len(result.errors)}
            )
            return self.render_to_response(
                self.get_context_data(result=result, filename=stored["name"]), status=400
            )
        counts = result.counts
        messages.success(
            request,
            _("Import done: %(create)s created, %(update)s updated, %(move)s moved, %(unchanged)s unchanged.")
            % counts,
        )
        return redirect("console:unit-index")


class UnitExportView(ConsoleView):
    """The directory as a CSV in the import format, so a file can be edited and imported back."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        units = list(unit_list(include_inactive=True).prefetch_related("successors"))
        codes = {u.path: u.code for u in units}
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(KNOWN)
        for u in units:
            writer.writerow(
                [
                    u.code,
                    u.name,
                    u.kind,
                    codes.get(u.path[: -Unit.steplen], ""),
                    u.short_name,
                    u.valid_from or "",
                    u.valid_to or "",
                    u.latitude or "",
                    u.longitude or "",
                    u.area_km2 or "",
                    u.population or "",
                    u.email,
                    u.website,
                    ";".join(s.code for s in u.successors.all()),
                ]
            )
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lantoa-units.csv"'
        return response
