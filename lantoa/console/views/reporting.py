"""Unit reports in the console: a unit's officer fills its report; heads and the coordinator approve.

Pages: the list of reports (a unit's own, or every report for the coordinator and leaders), the
approval queue, one report's form (sections, breakdown grids, computed values with their source,
findings inline, evidence, history), and the workflow buttons. Each view turns HTTP into one
service call; the services check permission again.
"""

import base64
import binascii
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from lantoa.core import access
from lantoa.core.documents import PdfUnavailable
from lantoa.core.periods import Period, PeriodKind, periods_between
from lantoa.core.periods import today as local_today
from lantoa.core.text import slug
from lantoa.org.models import Unit
from lantoa.plans.models import Plan
from lantoa.reporting import selectors, services
from lantoa.reporting.compile import PivotRequest, pivot
from lantoa.reporting.completeness import completeness
from lantoa.reporting.exports import XLSX_TYPE, pivot_workbook
from lantoa.reporting.importing import ImportRefused, values_import
from lantoa.reporting.layout import parse_suffix
from lantoa.reporting.models import EDITABLE_STATES, DataSet, Evidence, ReportState
from lantoa.reporting.parsing import parse_number
from lantoa.reporting.printing import compiled_report, report_file
from lantoa.reporting.selectors import ReportFilter, ReportForm
from lantoa.reporting.spreadsheet import rows_from_workbook, template_workbook

from .base import ConsoleView

REPORTS_CRUMB = {"url": reverse_lazy("console:report-index"), "label": gettext_lazy("Reports")}
PAGE_SIZE = 50
MAX_PERIODS = 26  # columns of the completeness grid


def _input_number(value: Decimal | None) -> str:
    """A stored figure as it appears in an input: no grouping, the language's decimal mark."""
    if value is None:
        return ""
    plain = value.quantize(Decimal("0.01")).normalize()
    text = f"{plain:f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _error_text(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


# --- lists -------------------------------------------------------------------------------------------


class ReportIndexView(ConsoleView):
    """The reports a person works on: their unit's, newest period first; every report for the City."""

    page_title = gettext_lazy("Reports")
    header_icon = "doc-full"
    template_name = "console/report_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["owed"] = selectors.my_reports(user=user)
        context["sees_all"] = selectors.sees_every_report(user)
        context["can_approve"] = access.has(user, "reporting.approve") or access.has(
            user, "reporting.compile"
        )
        context["can_compile"] = access.has(user, "reporting.compile")
        context["can_upload"] = access.has(user, "reporting.enter") or context["can_compile"]
        if context["sees_all"]:
            data_sets = list(selectors.data_set_list())
            params = self.request.GET
            chosen = next((d for d in data_sets if str(d.pk) == params.get("data_set")), None)
            period = params.get("period", "").strip()
            if period:
                try:
                    period = Period.parse(period).code
                except ValidationError as error:
                    context["filter_error"] = error.messages[0]
                    period = ""
            state = params.get("state", "") if params.get("state", "") in ReportState.values else ""
            filters = ReportFilter(data_set=chosen, period=period, state=state, q=params.get("q", "")[:100])
            reports = selectors.report_list_for_user(user=user, filters=filters)
            page = Paginator(reports, PAGE_SIZE).get_page(params.get("p"))
            context.update(
                data_sets=data_sets,
                filters=filters,
                states=ReportState.choices,
                page=page,
                reports=page.object_list,
                query=_query_without_page(params),
            )
        return context


def _query_without_page(params: QueryDict) -> str:
    kept = params.copy()
    kept.pop("p", None)
    return kept.urlencode()


class ReportQueueView(ConsoleView):
    """Reports waiting for this person's approval, with approve and return on each row."""

    permission = "console.access"
    page_title = gettext_lazy("Reports to approve")
    header_icon = "tasks"
    template_name = "console/report_queue.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not (
            access.has(request.user, "reporting.approve") or access.has(request.user, "reporting.compile")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        data_sets = list(selectors.data_set_list().filter(is_active=True))
        chosen = next((d for d in data_sets if str(d.pk) == params.get("data_set")), None)
        period = str(params.get("period", "")).strip()
        try:
            period = Period.parse(period).code if period else ""
        except ValidationError as error:
            context["filter_error"], period = error.messages[0], ""
        filters = selectors.QueueFilter(data_set=chosen, period=period)
        queue = selectors.approval_queue_for_user(user=self.request.user, filters=filters)
        page = Paginator(queue, PAGE_SIZE).get_page(params.get("p"))
        context.update(data_sets=data_sets, filters=filters, query=_query_without_page(params))
        context["page"] = page
        context["reports"] = [(r, selectors.can_approve(self.request.user, r)) for r in page.object_list]
        context["is_coordinator"] = access.has(self.request.user, "reporting.compile")
        return context


# --- one report -----------------------------------------------------------------------------------------


class ReportOpenView(ConsoleView):
    """A unit's report for a period, by the address reminders link to: made if missing, then shown."""

    def get(self, request: HttpRequest, data_set: int, unit: str, period: str) -> HttpResponse:
        data_set_row = selectors.data_set_get(pk=data_set)
        try:
            unit_row = Unit.objects.get(code=unit)
            chosen = Period.parse(period)
        except (Unit.DoesNotExist, ValidationError):
            raise Http404 from None
        existing = data_set_row.reports.filter(unit=unit_row, period=chosen.code).first()
        can_enter = access.has(request.user, "reporting.enter", unit_row) or access.has(
            request.user, "reporting.compile"
        )
        if existing is not None and not (can_enter and existing.state in EDITABLE_STATES):
            selectors.report_get_for_user(user=request.user, pk=existing.pk)
            return redirect("console:report-form", pk=existing.pk)
        try:
            report = services.report_open(
                by=request.user, data_set=data_set_row, unit=unit_row, period=chosen
            )
        except ValidationError as error:
            messages.error(request, " ".join(_error_text(error)))
            return redirect("console:report-index")
        return redirect("console:report-form", pk=report.pk)


class _ReportView(ConsoleView):
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.report = selectors.report_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.report.unit.name} · {self.report.period_obj.label}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def form_url(self) -> str:
        return reverse("console:report-form", args=[self.report.pk])


class ReportFormView(_ReportView):
    """The report's form. POST saves what was typed (`action=submit` then submits it)."""

    template_name = "console/report_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        report = self.report
        form: ReportForm = kwargs.get("report_form") or selectors.report_form(report)
        posted: QueryDict | None = kwargs.get("posted")
        errors: dict[str, list[str]] = kwargs.get("field_errors", {})
        can_enter = access.has(user, "reporting.enter", report.unit)
        _fill_cells(form, posted, errors)
        context.update(
            report=report,
            form=form,
            data_set=report.data_set,
            can_enter=can_enter and form.is_editable,
            can_approve=selectors.can_approve(user, report),
            can_ask_reopen=report.state == ReportState.APPROVED
            and (
                access.has(user, "reporting.enter", report.unit)
                or access.has(user, "reporting.approve", report.unit)
            ),
            can_decide_reopen=report.state == ReportState.REOPEN_REQUESTED
            and access.has(user, "reporting.compile"),
            can_keep_open=form.window.is_locked and access.has(user, "reporting.compile"),
            versions=selectors.report_versions(report)[:30],
            stale=kwargs.get("stale"),
            general_errors=kwargs.get("general_errors", []),
            blocking=[f for f in form.findings if f.blocks_submission],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.report
        cells, notes, evidence, remove, errors = _read_form(request, report)
        try:
            expected = int(request.POST.get("expected_version", ""))
        except ValueError:
            expected = 0
        if errors:
            return self._again(request, field_errors=errors, status=400)
        try:
            result = services.report_save(
                by=request.user,
                report=report,
                expected_version=expected,
                cells=cells,
                notes=notes,
                evidence=evidence,
                remove_evidence=remove,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                return self._again(request, stale=" ".join(error.messages), status=409)
            if hasattr(error, "error_dict"):
                return self._again(request, field_errors=error.message_dict, status=400)
            return self._again(request, general_errors=error.messages, status=400)
        saved = result.report
        if request.POST.get("action") == "submit":
            try:
                services.report_submit(by=request.user, report=saved, expected_version=saved.version)
            except ValidationError as error:
                self.report = saved
                messages.error(request, _("The values were saved, but the report was not submitted."))
                return self._again(request, general_errors=error.messages, status=400, keep_posted=False)
            messages.success(request, _("The report was submitted."))
            return redirect("console:report-form", pk=saved.pk)
        if result.changed:
            messages.success(request, _("The report was saved."))
        else:
            messages.info(request, _("Nothing had changed."))
        return redirect("console:report-form", pk=saved.pk)

    def _again(
        self,
        request: HttpRequest,
        *,
        status: int,
        field_errors: dict[str, list[str]] | None = None,
        stale: str | None = None,
        general_errors: list[str] | None = None,
        keep_posted: bool = True,
    ) -> HttpResponse:
        self.report = selectors.report_get_for_user(user=request.user, pk=self.report.pk)
        context = self.get_context_data(
            posted=request.POST if keep_posted and not stale else None,
            field_errors=field_errors or {},
            stale=stale,
            general_errors=general_errors or [],
        )
        if stale:
            context["typed"] = _typed_summary(request.POST)
        return self.render_to_response(context, status=status)


def _fill_cells(form: ReportForm, posted: QueryDict | None, errors: dict[str, list[str]]) -> None:
    """Put in each cell what its input shows: what was posted (after a refusal) or what is stored."""
    for section in form.sections:
        for item in section.indicators:
            indicator = item.indicator
            item.evidence_errors = errors.get(f"e|{indicator.pk}", [])
            if posted is not None:
                item.note = posted.get(f"n|{indicator.pk}", item.note)
            for row_index, line in enumerate(item.grid.cells):
                for column_index, cell in enumerate(line):
                    parts = [indicator.code]
                    row = item.grid.rows[row_index].label
                    column = item.grid.columns[column_index].label
                    parts += [p for p in (row, column) if p]
                    cell.label = " · ".join(parts)
                    stored = cell.value
                    if posted is not None:
                        cell.raw = posted.get("v|" + cell.name, "")
                        cell.reason = posted.get("r|" + cell.name, "")
                        cell.confirm = bool(posted.get("c|" + cell.name))
                    else:
                        cell.raw = _input_number(stored.value) if stored is not None else ""
                        cell.reason = stored.reason if stored is not None else ""
                        cell.confirm = stored is not None and stored.status == "confirmed"
                    cell.errors = errors.get("v|" + cell.name, [])
                    cell.reason_errors = errors.get("r|" + cell.name, [])


def _typed_summary(post: QueryDict) -> list[str]:
    return [f"{k[2:]}: {v}" for k in post if k.startswith("v|") and (v := str(post.get(k, ""))).strip()]


def _read_form(
    request: HttpRequest, report: Any
) -> tuple[
    list[services.CellInput], dict[int, str], list[services.EvidenceInput], list[int], dict[str, list[str]]
]:
    """The form's fields as service inputs, and the errors of fields that are not even numbers."""
    cells: list[services.CellInput] = []
    notes: dict[int, str] = {}
    evidence: list[services.EvidenceInput] = []
    remove: list[int] = []
    errors: dict[str, list[str]] = {}
    post = request.POST
    for name in post:
        raw = str(post.get(name, ""))
        if name.startswith("v|"):
            parsed = parse_suffix(name[2:])
            if parsed is None:
                continue
            try:
                number = parse_number(raw)
            except ValueError as error:
                errors[name] = [str(error)]
                continue
            indicator_id, key = parsed
            cells.append(
                services.CellInput(
                    indicator_id,
                    key,
                    number,
                    reason=post.get("r|" + name[2:], ""),
                    confirm=bool(post.get("c|" + name[2:])),
                )
            )
        elif name.startswith("n|") and name[2:].isdigit():
            notes[int(name[2:])] = raw
        elif name.startswith("e|") and name[2:].isdigit():
            for line in raw.splitlines():
                if line.strip():
                    evidence.append(services.EvidenceInput(int(name[2:]), url=line.strip()))
        elif name.startswith("x|") and name[2:].isdigit():
            remove.append(int(name[2:]))
    for name in request.FILES:
        if name.startswith("f|") and name[2:].isdigit():
            for upload in request.FILES.getlist(name):
                evidence.append(services.EvidenceInput(int(name[2:]), file=upload, title=upload.name or ""))
    return cells, notes, evidence, remove, errors


class _ReportActionView(_ReportView):
    """A workflow button: one POST, one service call, back to the report (or `next`)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            expected = int(request.POST.get("expected_version", ""))
        except ValueError:
            expected = -1
        try:
            message = self.act(request, expected)
        except ValidationError as error:
            messages.error(request, " ".join(_error_text(error)))
        else:
            messages.success(request, message)
        return redirect(_next_url(request, self.form_url()))

    def act(self, request: HttpRequest, expected: int) -> str:
        raise NotImplementedError


class ReportBulkApproveView(ConsoleView):
    """Approve the reports ticked in the queue, all or nothing."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        versions: dict[int, int] = {}
        for item in request.POST.getlist("report"):
            pk, _sep, version = str(item).partition(":")
            if pk.isdigit() and version.isdigit():
                versions[int(pk)] = int(version)
        try:
            done = services.reports_approve(by=request.user, versions=versions)
        except ValidationError as error:
            messages.error(request, " ".join(_error_text(error)))
        else:
            messages.success(request, _("%(n)s reports were approved.") % {"n": len(done)})
        return redirect(_next_url(request, reverse("console:report-queue")))


class ReportApproveView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        done = services.report_approve(by=request.user, report=self.report, expected_version=expected)
        if done.state == ReportState.HEAD_APPROVED:
            return _("%(report)s was approved; it now waits for the coordinator.") % {"report": done}
        return _("%(report)s was approved.") % {"report": done}


class ReportReturnView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        done = services.report_return(
            by=request.user,
            report=self.report,
            expected_version=expected,
            reason=request.POST.get("reason", ""),
        )
        return _("%(report)s was returned to the unit.") % {"report": done}


class ReportReopenRequestView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        services.report_reopen_request(
            by=request.user,
            report=self.report,
            expected_version=expected,
            reason=request.POST.get("reason", ""),
        )
        return _("The request to reopen the report was sent to the coordinator.")


class ReportReopenDecideView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        approve = request.POST.get("decision") == "reopen"
        services.report_reopen_decide(
            by=request.user,
            report=self.report,
            expected_version=expected,
            approve=approve,
            note=request.POST.get("note", ""),
        )
        return _("The report was reopened for the unit.") if approve else _("The report stays approved.")


class ReportRefreshView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        services.report_refresh_computed(by=request.user, report=self.report)
        return _("The computed values were asked again from their sources.")


class ReportKeepOpenView(_ReportActionView):
    def act(self, request: HttpRequest, expected: int) -> str:
        raw = request.POST.get("open_until", "")
        try:
            day = forms.DateField().clean(raw)
        except ValidationError:
            raise ValidationError(_("Enter the last day the report stays open, as dd/mm/yyyy.")) from None
        services.lock_exception_grant(
            by=request.user,
            data_set=self.report.data_set,
            unit=self.report.unit,
            period=self.report.period_obj,
            open_until=day,
            reason=request.POST.get("reason", ""),
        )
        return _("The report stays open for %(unit)s until %(day)s.") % {
            "unit": self.report.unit.name,
            "day": day.strftime("%d/%m/%Y"),
        }


class EvidenceFileView(_ReportView):
    """A file attached as evidence, downloaded (never shown inline) by someone who may see the report."""

    # A streamed file, not a rendered page: TemplateView's `get` is typed for the page.
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        try:
            item = Evidence.objects.get(pk=kwargs["evidence"], report=self.report)
        except Evidence.DoesNotExist:
            raise Http404 from None
        if not item.file:
            raise Http404
        name = (item.file.name or "").rsplit("/", 1)[-1]
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=name)


# --- completeness ---------------------------------------------------------------------------------------


def _city_wide(user: Any) -> None:
    if not selectors.sees_every_report(user):
        raise PermissionDenied


def _chosen_periods(data_set: Any, params: QueryDict) -> tuple[list[Period], str | None]:
    """The periods asked for (`from`, `to`), or the last eight up to the current one."""
    current = Period.current(data_set.kind)
    try:
        last = Period.parse(str(params["to"])) if params.get("to") else current
        first = Period.parse(str(params["from"])) if params.get("from") else last.shift(-7)
    except ValidationError as error:
        return [current.shift(-n) for n in range(7, -1, -1)], error.messages[0]
    periods = periods_between(data_set.kind, first, last)
    if len(periods) > MAX_PERIODS:
        return periods[-MAX_PERIODS:], _("At most %(n)s periods are shown: the latest ones.") % {
            "n": MAX_PERIODS
        }
    return periods, None


class ReportCompletenessView(ConsoleView):
    """Who has reported, on time or late, and who has not: one click from urging them."""

    page_title = gettext_lazy("Completeness and timeliness")
    header_icon = "table"
    template_name = "console/report_completeness.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _city_wide(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        data_sets = list(selectors.data_set_list().filter(is_active=True))
        context["data_sets"] = data_sets
        if not data_sets:
            return context
        data_set = next((d for d in data_sets if str(d.pk) == params.get("data_set")), data_sets[0])
        periods, notice = _chosen_periods(data_set, params)
        within = Unit.objects.filter(code=params.get("unit", "")).first() if params.get("unit") else None
        result = completeness(data_set=data_set, periods=periods, within=within)
        context.update(
            data_set=data_set,
            result=result,
            notice=notice,
            within=within,
            first=periods[0].code if periods else "",
            last=periods[-1].code if periods else "",
            can_urge=access.has(self.request.user, "reporting.compile"),
            late_periods=sorted({item.period for item in result.late if not item.is_locked}, reverse=True),
        )
        return context


class ReportUrgeView(ConsoleView):
    """Urge now: one late unit, or every late unit of a period."""

    permission = "reporting.compile"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data_set = selectors.data_set_get(pk=int(request.POST.get("data_set", "0") or 0))
        back = _next_url(request, reverse("console:report-completeness"))
        try:
            period = Period.parse(request.POST.get("period", ""))
            units = list(Unit.objects.filter(code__in=request.POST.getlist("unit")))
            if not units:
                raise ValidationError(_("Choose the units to urge."))
            made = services.reports_urge(by=request.user, data_set=data_set, period=period, units=units)
        except ValidationError as error:
            messages.error(request, " ".join(_error_text(error)))
        else:
            if made:
                messages.success(
                    request,
                    _("The late units were urged: %(n)s messages sent.") % {"n": made},
                )
            else:
                messages.info(request, _("They were already urged today: nothing more was sent."))
        return redirect(back)


# --- compiled results ----------------------------------------------------------------------------------


@dataclass
class CompileChoice:
    """What the compiled-results page was asked for, read from its query string."""

    request: PivotRequest | None
    plans: list[Plan]
    notice: str | None
    depths: list[tuple[str, str]]
    params: dict[str, str]


def _compile_choice(params: QueryDict) -> CompileChoice:
    plans = list(Plan.objects.filter(data_sets__isnull=False).distinct().order_by("-starts_on", "id"))
    depths = [("", _("All units together"))] + [
        (str(d), _("Each unit at level %(n)s of the tree") % {"n": d})
        for d in sorted(set(Unit.objects.filter(depth__gt=1).values_list("depth", flat=True)))
    ]
    chosen = {
        k: str(params.get(k, ""))
        for k in ("plan", "from", "to", "columns", "depth", "unit", "dimension", "all")
    }
    if not plans:
        return CompileChoice(None, plans, None, depths, chosen)
    plan = next((p for p in plans if str(p.pk) == chosen["plan"]), plans[0])
    notice = None
    columns = (
        chosen["columns"] if chosen["columns"] in {k.value for k in PeriodKind} else PeriodKind.MONTH.value
    )
    try:
        quarter = Period.current(PeriodKind.QUARTER)
        first = Period.parse(chosen["from"]) if chosen["from"] else quarter
        last = Period.parse(chosen["to"]) if chosen["to"] else first
    except ValidationError as error:
        notice = error.messages[0]
        first = last = Period.current(PeriodKind.QUARTER)
    if len(periods_between(columns, first, last)) > MAX_PERIODS:
        notice = _("At most %(n)s columns are shown: choose longer columns or a shorter span.") % {
            "n": MAX_PERIODS
        }
        first = periods_between(columns, first, last)[-MAX_PERIODS]
    within = Unit.objects.filter(code=chosen["unit"]).first() if chosen["unit"] else None
    depth = int(chosen["depth"]) if chosen["depth"].isdigit() else None
    if within is not None and depth is not None and depth <= within.depth:
        depth = None
    chosen.update(plan=str(plan.pk), columns=columns, **{"from": first.code, "to": last.code})
    request = PivotRequest(
        plan=plan,
        first=first,
        last=last,
        columns=PeriodKind(columns),
        within=within,
        depth=depth,
        dimension=chosen["dimension"] if chosen["dimension"] in ("channel", "audience", "theme") else "",
        include_submitted=chosen["all"] == "1",
    )
    return CompileChoice(request, plans, notice, depths, chosen)


class _CompileMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _city_wide(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a view's dispatch follows


class ReportCompileView(_CompileMixin, ConsoleView):
    """The compiled results: indicators × units × breakdown × periods, targets against actuals."""

    page_title = gettext_lazy("Compiled results")
    header_icon = "table"
    template_name = "console/report_compile.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        choice = _compile_choice(self.request.GET)
        context["choice"] = choice
        context["column_kinds"] = [(k.value, k.label) for k in PeriodKind]
        if choice.request is None:
            return context
        result = pivot(choice.request)
        query = QueryDict(mutable=True)
        query.update({k: v for k, v in choice.params.items() if v})
        context.update(result=result, query=query.urlencode())
        drill: dict[int, str] = {}
        for group in result.groups:
            down = query.copy()
            down["unit"] = group.code
            down["depth"] = str(group.depth + 1)
            drill[group.pk] = down.urlencode()
        rows, previous = [], None
        for row in result.rows:
            rows.append((row, drill.get(row.group.pk) if row.group else None, row.indicator.pk != previous))
            previous = row.indicator.pk
        context["rows"] = rows
        return context


class ReportCompileExportView(_CompileMixin, ConsoleView):
    """The compiled results as XLSX (pivot and raw values), or the official report as DOCX or PDF."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        choice = _compile_choice(request.GET)
        if choice.request is None:
            raise Http404
        fmt = kwargs["fmt"]
        if fmt not in ("xlsx", "docx", "pdf"):
            raise Http404
        result = pivot(choice.request)
        span = (
            result.periods[0].code
            if len(result.periods) == 1
            else f"{choice.params['from']}-{choice.params['to']}"
        )
        if fmt == "xlsx":
            response = HttpResponse(pivot_workbook(result), content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="tong-hop-{slug(span)}.xlsx"'
            return response
        whole = PivotRequest(**{**choice.request.__dict__, "depth": None, "dimension": ""})
        totals = pivot(whole) if (choice.request.depth is not None or choice.request.dimension) else result
        reporting = [
            completeness(
                data_set=data_set,
                periods=periods_between(data_set.kind, choice.request.first, choice.request.last),
                within=choice.request.within,
            )
            for data_set in DataSet.objects.filter(plan=choice.request.plan, is_active=True).order_by("name")
        ]
        document = compiled_report(totals, completeness=reporting)
        try:
            printed = report_file(document, fmt=fmt, span=span)
        except PdfUnavailable:
            messages.error(
                request, _("This server cannot make PDF files yet; the Word file can be downloaded.")
            )
            return redirect(reverse("console:report-compile") + "?" + request.GET.urlencode())
        response = HttpResponse(printed.content, content_type=printed.content_type)
        response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
        return response


# --- spreadsheets -------------------------------------------------------------------------------------

UPLOAD_SESSION_KEY = "lantoa:report-upload"


class ReportUploadView(ConsoleView):
    """Download a data set's template; upload it filled in, see what would change, then import it."""

    page_title = gettext_lazy("Upload a spreadsheet")
    header_icon = "upload"
    template_name = "console/report_upload.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not (access.has(request.user, "reporting.enter") or access.has(request.user, "reporting.compile")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data_sets = list(selectors.data_set_list().filter(is_active=True))
        context["data_sets"] = [(d, Period.current(d.kind).code) for d in data_sets]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "confirm" in request.POST:
            return self._apply(request)
        try:
            data_set = selectors.data_set_get(pk=int(request.POST.get("data_set", "0") or 0))
        except (ValueError, Http404):
            return self._refuse(_("Choose the data set of the file."))
        upload = request.FILES.get("file")
        if upload is None:
            return self._refuse(_("Choose the file to upload."))
        content = upload.read()
        try:
            rows = rows_from_workbook(content=content, data_set=data_set)
        except ValidationError as error:
            return self._refuse(" ".join(error.messages))
        result = values_import(by=request.user, rows=rows, dry_run=True)
        if result.is_ok:
            request.session[UPLOAD_SESSION_KEY] = {
                "data_set": data_set.pk,
                "name": upload.name,
                "content": base64.b64encode(content).decode("ascii"),
            }
        context = self.get_context_data(result=result, filename=upload.name, chosen=data_set)
        return self.render_to_response(context, status=200 if result.is_ok else 400)

    def _refuse(self, message: str) -> HttpResponse:
        return self.render_to_response(self.get_context_data(refusal=message), status=400)

    def _apply(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.pop(UPLOAD_SESSION_KEY, None)
        try:
            data_set = selectors.data_set_get(pk=int(stored["data_set"]))
            rows = rows_from_workbook(content=base64.b64decode(stored["content"]), data_set=data_set)
        except (TypeError, KeyError, ValueError, binascii.Error, Http404, ValidationError):
            messages.error(request, _("Upload the file again: the check has expired."))
            return redirect("console:report-upload")
        try:
            result = values_import(by=request.user, rows=rows, dry_run=False)
        except ImportRefused as refused:
            messages.error(request, _("The file has errors; nothing was written."))
            context = self.get_context_data(result=refused.result, filename=stored["name"], chosen=data_set)
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            _(
                "Imported: %(created)s values added, %(updated)s changed, %(cleared)s cleared, "
                "in %(reports)s reports."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "cleared": result.cleared,
                "reports": result.reports,
            },
        )
        return redirect("console:report-index")


class ReportTemplateView(ConsoleView):
    """A data set's template for the person's units (every expected unit for the coordinator)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data_set = selectors.data_set_get(pk=kwargs["data_set"])
        try:
            period = Period.parse(str(request.GET.get("period", ""))) if request.GET.get("period") else None
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("console:report-upload")
        period = period or Period.current(data_set.kind)
        if period.kind != data_set.kind:
            messages.error(
                request, _("This data set is reported %(kind)s.") % {"kind": data_set.kind.label.lower()}
            )
            return redirect("console:report-upload")
        if access.has(request.user, "reporting.compile"):
            units = list(selectors.expected_units(data_set, period))
        else:
            units = list(selectors.units_entering_for_user(user=request.user, data_set=data_set))
        if not units:
            raise PermissionDenied
        try:
            content = template_workbook(data_set=data_set, periods=[period], units=units)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:report-upload")
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{data_set.code}-{period.code}.xlsx"'
        return response


# --- dashboard ----------------------------------------------------------------------------------------

STATUS_CODES = {
    "on_time": 4,
    "late": 3,
    "draft": 2,
    "returned": 1,
    "missing": 0,
    "open": -1,
    "not_expected": -2,
}
DASHBOARD_PERIODS = 13


class ReportDashboardView(_CompileMixin, ConsoleView):
    """Charts for leaders: targets against actuals, the trend, who reports; city to unit, one click down."""

    page_title = gettext_lazy("Results dashboard")
    header_icon = "view"
    template_name = "console/report_dashboard.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        if not params.get("from"):
            params["from"] = str(Period.current(PeriodKind.YEAR).code)
        params.setdefault("columns", PeriodKind.MONTH.value)
        choice = _compile_choice(params)
        context["choice"] = choice
        if choice.request is None:
            return context
        request = choice.request
        within = request.within or Unit.objects.filter(depth=1).order_by("path").first()
        totals = pivot(PivotRequest(**{**request.__dict__, "depth": None, "dimension": ""}))
        children = (
            pivot(
                PivotRequest(
                    **{**request.__dict__, "within": within, "depth": within.depth + 1, "dimension": ""}
                )
            )
            if within is not None
            else None
        )
        data_sets = list(DataSet.objects.filter(plan=request.plan, is_active=True).order_by("name"))
        grid_set = next(
            (d for d in data_sets if str(d.pk) == params.get("data_set")), data_sets[0] if data_sets else None
        )
        grid = None
        if grid_set is not None:
            last = Period.containing(grid_set.kind, min(request.last.ends_on, local_today()))
            grid = completeness(
                data_set=grid_set,
                periods=[last.shift(-n) for n in range(DASHBOARD_PERIODS - 1, -1, -1)],
                within=request.within,
            )
        context.update(
            totals=totals,
            within=within,
            children=children,
            data_sets=data_sets,
            grid_set=grid_set,
            grid=grid,
            chart_data=_chart_data(totals, children, grid),
            unit_table=_unit_table(totals, children, _drill_links(choice, children)),
        )
        return context


def _unit_table(totals: Any, children: Any, links: dict[int, str]) -> list[tuple[Unit, str, list[Any]]]:
    """One line per unit under the current one: its link one level down, its total per indicator."""
    if children is None:
        return []
    codes = [row.indicator.pk for row in totals.rows if row.option is None]
    found: dict[tuple[int, int], Decimal | None] = {
        (row.group.pk, row.indicator.pk): row.total
        for row in children.rows
        if row.group is not None and row.option is None
    }
    return [(g, links.get(g.pk, ""), [found.get((g.pk, code)) for code in codes]) for g in children.groups]


def _drill_links(choice: CompileChoice, children: Any) -> dict[int, str]:
    links: dict[int, str] = {}
    if children is None:
        return links
    for group in children.groups:
        query = QueryDict(mutable=True)
        query.update({k: v for k, v in choice.params.items() if v and k not in ("unit", "depth")})
        query["unit"] = group.code
        links[group.pk] = query.urlencode()
    return links


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _chart_data(totals: Any, children: Any, grid: Any) -> dict[str, Any]:
    """What the charts draw, as plain JSON (the page's tables show the same figures)."""
    indicators = [row for row in totals.rows if row.option is None]
    data: dict[str, Any] = {
        "labels": {
            "actual": _("Result"),
            "target": pgettext("indicator value", "Target"),
            "achieved": _("Achieved (%)"),
            "reported": _("Reported"),
        },
        "targets": [
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "unit": row.indicator.unit_of_measure,
                "actual": _float(row.total),
                "target": _float(row.target),
                "achieved": _float(row.achieved),
            }
            for row in indicators
        ],
        "periods": [p.label for p in totals.periods],
        "trend": {row.indicator.code: [_float(v) for v in row.values] for row in indicators},
        "units": [],
        "grid": None,
    }
    if children is not None:
        by_group: dict[int, dict[str, float | None]] = {}
        for row in children.rows:
            if row.group is not None and row.option is None:
                by_group.setdefault(row.group.pk, {})[row.indicator.code] = _float(row.total)
        data["units"] = [{"name": g.name, "values": by_group.get(g.pk, {})} for g in children.groups]
    if grid is not None:
        statuses = {
            "on_time": _("On time"),
            "late": _("Late"),
            "draft": _("Being filled in"),
            "returned": _("Returned"),
            "missing": _("Missing"),
            "open": _("Not due yet"),
            "not_expected": _("Not expected"),
        }
        data["grid"] = {
            "periods": [p.code for p in grid.periods],
            "units": [u.name for u in grid.units],
            "cells": [
                [column, row, STATUS_CODES[cell.status]]
                for row, (unit, cells) in enumerate(grid.rows)
                for column, (_period, cell) in enumerate(cells)
            ],
            "statuses": [{"value": STATUS_CODES[k], "label": str(v)} for k, v in statuses.items()],
        }
    return data
