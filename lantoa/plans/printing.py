"""A campaign plan printed as the City's "KẾ HOẠCH", in the State's format, for leaders to approve and sign.

The sections follow the plan as Hà Nội writes it (purpose and requirements, objectives, audiences,
themes and messages, channels, implementation, evaluation); empty sections are left out and the
others numbered I, II, III… in order. A plan that is not approved carries the "DỰ THẢO" mark.

The printed plan is the City's document, in Vietnamese whatever the reader's console language:
its headings are messages of the catalogue, printed with the Vietnamese translation. The names of
offices in the signature ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "GIÁM ĐỐC") are the State's titles and
are written as such. The name under the signature is left blank for the leader who signs.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from lantoa.core.documents import (
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
    vietnamese_number,
)
from lantoa.core.text import slug
from lantoa.org.models import Unit, UnitKind

from .models import Plan, PlanState, ResponsibilityRole, Stage
from .selectors import budget_total, indicators_by_stage, plan_detail_for_user

KIND = "Kế hoạch"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
RECORDS_COPY = "- Lưu: VT."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What a person is told when this server cannot make PDFs (`PdfUnavailable`).
PDF_UNAVAILABLE = gettext_lazy(
    "This server cannot make PDF files yet: its administrator must install the system libraries "
    "WeasyPrint needs (see docs/documents.md). The Word file can still be downloaded."
)

# Who signs a plan of each kind of unit: (authority line, title). Names of offices, as the State writes them.
_SIGNERS = {
    UnitKind.CITY: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    UnitKind.WARD: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    UnitKind.COMMUNE: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    UnitKind.DISTRICT: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
}
# Departments and agencies: the head's title follows the first word of the unit's name.
_HEADS = (
    ("Ban ", "TRƯỞNG BAN"),
    ("Thanh tra", "CHÁNH THANH TRA"),
    ("Văn phòng", "CHÁNH VĂN PHÒNG"),
    ("Sở ", "GIÁM ĐỐC"),
    ("Trung tâm", "GIÁM ĐỐC"),
)
_LOCAL_GOVERNMENTS = {UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DISTRICT}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class PrintedFile:
    filename: str
    content_type: str
    content: bytes


FORMATS: dict[str, tuple[str, Callable[[OfficialDocument], bytes]]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (DOCX_TYPE, render_docx),
}


def plan_file_for_user(*, user: Any, pk: int, fmt: str) -> PrintedFile:
    """The plan as a PDF or DOCX file, for anyone who may read it (404 if there is no such plan).

    Raises `lantoa.core.documents.PdfUnavailable` when this server cannot make PDFs.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    content_type, render = FORMATS[fmt]
    document = plan_document_for_user(user=user, pk=pk)
    plan_code = document.number.strip("/") or str(pk)
    return PrintedFile(
        filename=f"ke-hoach-{slug(plan_code)}.{fmt}", content_type=content_type, content=render(document)
    )


def plan_document_for_user(*, user: Any, pk: int) -> OfficialDocument:
    """The plan as an official document, read in a fixed number of queries whatever its length."""
    plan = plan_detail_for_user(user=user, pk=pk)
    ancestors = list(plan.issuing_unit.get_ancestors())
    return plan_document(plan, ancestors=ancestors)


def plan_document(
    plan: Plan, *, ancestors: list[Unit], today: datetime.date | None = None
) -> OfficialDocument:
    """`plan` as loaded by `plan_detail_for_user`; `ancestors` its issuing unit's, from the root down.

    A plan without a date of issue is dated `today` (by default the City's today).
    """
    with translation.override("vi"):
        unit = plan.issuing_unit
        agency_parent, agency = _agency(unit, ancestors)
        authority, title = _signer(unit)
        return OfficialDocument(
            agency_parent=agency_parent,
            agency=agency,
            number=plan.code,
            place=_place(unit, ancestors),
            issued_on=plan.issued_on or today or timezone.localdate(),
            kind=KIND,
            title=plan.title,
            blocks=(*_numbered(_sections(plan)), _closing(plan)),
            recipients=_recipients(plan),
            signer_authority=authority,
            signer_title=title,
            draft=plan.state != PlanState.APPROVED,
        )


# --- the header and the signature -------------------------------------------------------------------


def _committee_name(unit: Unit) -> str:
    """A local government's People's Committee: "Phường Hoàn Kiếm" → "Ủy ban nhân dân Phường Hoàn Kiếm"."""
    if unit.name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        return unit.name
    return f"{PEOPLES_COMMITTEE} {unit.name}"


def _agency(unit: Unit, ancestors: list[Unit]) -> tuple[str, str]:
    """(parent agency, issuing agency) as Decree 30 prints them; the parent's usual words shortened."""
    if unit.kind in _LOCAL_GOVERNMENTS:
        name = _committee_name(unit)
        return "", f"{name[: len(PEOPLES_COMMITTEE)]}\n{name[len(PEOPLES_COMMITTEE) :].strip()}"
    if not ancestors:
        return "", unit.name
    parent = ancestors[-1]
    parent_name = _committee_name(parent) if parent.kind in _LOCAL_GOVERNMENTS else parent.name
    return parent_name.replace(PEOPLES_COMMITTEE, "UBND", 1), unit.name


def _place(unit: Unit, ancestors: list[Unit]) -> str:
    """The place name: the commune's or ward's own for theirs, the province's for the others."""
    if unit.kind in {UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DISTRICT}:
        where = unit
    else:
        where = ancestors[0] if ancestors else unit
    name = where.name
    if name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        name = name[len(PEOPLES_COMMITTEE) :].strip()
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Quận ", "Huyện ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _signer(unit: Unit) -> tuple[str, str]:
    if unit.kind in _SIGNERS:
        return _SIGNERS[UnitKind(unit.kind)]
    for prefix, title in _HEADS:
        if unit.name.startswith(prefix):
            return "", title
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def _recipients(plan: Plan) -> tuple[str, ...]:
    """Every unit the plan gives a part to, in the plan's order, then the records office."""
    seen: list[str] = []
    for r in _by_role(plan):
        names = (
            [r.unit.name]
            if r.unit_id
            else [str(UnitKind(k).label) for k in r.unit_kinds if k in UnitKind.values]
        )
        seen.extend(name for name in names if name not in seen)
    return (*(f"- {name};" for name in seen), RECORDS_COPY)


# --- the body -----------------------------------------------------------------------------------------


def _numbered(sections: Iterable[tuple[str, list[Block]]]) -> Iterable[Block]:
    """The sections that have something to say, numbered I, II, III…"""
    present = [(title, blocks) for title, blocks in sections if blocks]
    for number, (title, blocks) in enumerate(present):
        yield Heading(f"{_ROMAN[number]}. {title}")
        yield from blocks


def _closing(plan: Plan) -> Paragraph:
    """The closing request, which also keeps the signature from standing alone on the last page."""
    lead = next(
        (r.unit for r in plan.responsibilities.all() if r.role == ResponsibilityRole.LEAD and r.unit_id), None
    )
    if lead is None:
        return Paragraph(_("The units concerned are asked to carry out this plan."))
    return Paragraph(
        _(
            "The units concerned are asked to carry out this plan; they report any difficulty to %(lead)s, "
            "which sums them up and proposes solutions."
        )
        % {"lead": lead.name}
    )


def _sections(plan: Plan) -> list[tuple[str, list[Block]]]:
    return [
        (_("Purpose and requirements"), _purpose(plan)),
        (_("Objectives"), _objectives(plan)),
        (_("Audience insight"), _audiences(plan)),
        (_("Themes and key messages"), _themes(plan)),
        (_("Channels"), _channels(plan)),
        (_("Implementation"), _implementation(plan)),
        (_("Scoring"), _scoring(plan)),
    ]


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _amount(value: Decimal | None, unit_of_measure: str) -> str:
    if value is None:
        return "—"
    number = vietnamese_number(value, 2)
    if not unit_of_measure:
        return number
    return f"{number}{unit_of_measure}" if unit_of_measure == "%" else f"{number} {unit_of_measure}"


def _number_column() -> str:
    return pgettext("table heading", "No.")


def _purpose(plan: Plan) -> list[Block]:
    blocks: list[Block] = [Paragraph(part.strip()) for part in plan.summary.splitlines() if part.strip()]
    blocks.append(
        Paragraph(
            _("The plan runs from %(start)s to %(end)s.")
            % {"start": _date(plan.starts_on), "end": _date(plan.ends_on)}
        )
    )
    return blocks


def _objectives(plan: Plan) -> list[Block]:
    objectives = list(plan.objectives.all())
    if not objectives:
        return []
    rows = tuple(
        (
            str(number),
            o.text,
            o.indicator.code if o.indicator else "—",
            _amount(o.baseline, o.unit_of_measure),
            _amount(o.target, o.unit_of_measure),
            _date(o.due_on) if o.due_on else "—",
        )
        for number, o in enumerate(objectives, start=1)
    )
    table = Table(
        columns=(
            _number_column(),
            _("Objective"),
            _("Indicator"),
            pgettext("indicator value", "Baseline"),
            pgettext("indicator value", "Target"),
            _("Deadline"),
        ),
        rows=rows,
        widths_mm=(12, 60, 17, 25, 27, 24),
        numeric_columns=(0, 3, 4),
    )
    return [table]


def _audiences(plan: Plan) -> list[Block]:
    blocks: list[Block] = []
    for number, insight in enumerate(plan.insights.all(), start=1):
        blocks.append(Heading(f"{number}. {insight.audience.name}", level=2))
        if insight.knows:
            blocks.append(Paragraph(_("What they already know: %(text)s") % {"text": insight.knows}))
        if insight.needs:
            blocks.append(Paragraph(_("What they need: %(text)s") % {"text": insight.needs}))
        if insight.fears:
            blocks.append(Paragraph(_("What worries them: %(text)s") % {"text": insight.fears}))
        if insight.channels:
            channels = ", ".join(label.lower() for label in insight.get_channels_display())
            blocks.append(Paragraph(_("Channels that reach them: %(channels)s.") % {"channels": channels}))
    return blocks


def _themes(plan: Plan) -> list[Block]:
    blocks: list[Block] = []
    for theme in plan.themes.all():
        blocks.append(Heading(f"{theme.number}. {theme.title}", level=2))
        if theme.description:
            blocks.append(Paragraph(theme.description))
        messages = list(theme.messages.all())
        if messages:
            blocks.append(Paragraph(_("Key messages:"), italic=True))
            blocks.extend(Paragraph(f"- {message.text}") for message in messages)
    return blocks


def _channels(plan: Plan) -> list[Block]:
    """The channel mix, grouped by AMEC's media types in their order: paid, earned, shared, owned."""
    order = {media_type: index for index, media_type in enumerate(["paid", "earned", "shared", "owned"])}
    channels = sorted(plan.channels.all(), key=lambda c: (order.get(c.media_type, 9), c.sort_order, c.pk))
    if not channels:
        return []
    rows = tuple(
        (str(number), str(c.get_channel_display()), str(c.get_media_type_display()), c.description or "—")
        for number, c in enumerate(channels, start=1)
    )
    return [
        Table(
            columns=(_number_column(), _("Channel"), _("Media type (AMEC)"), _("How it is used")),
            rows=rows,
            widths_mm=(12, 42, 30, 81),
            numeric_columns=(0,),
        )
    ]


_ROLE_ORDER = {role: index for index, role in enumerate(ResponsibilityRole.values)}


def _by_role(plan: Plan) -> list[Any]:
    return sorted(plan.responsibilities.all(), key=lambda r: (_ROLE_ORDER.get(r.role, 9), r.sort_order, r.pk))


def _implementation(plan: Plan) -> list[Block]:
    parts: list[tuple[str, list[Block]]] = []

    duties: list[Block] = []
    for index, r in enumerate(_by_role(plan)):
        who = r.unit.name if r.unit_id else _("Every unit of these kinds: %(kinds)s") % {"kinds": r.who}
        letter = "abcdefghiklmnopqrstuvxy"[index % 23]
        duties.append(Heading(f"{letter}) {who} ({str(r.get_role_display()).lower()})", level=3))
        duties.append(Paragraph(r.duties))
    parts.append((_("Division of labour"), duties))

    milestones = list(plan.milestones.all())
    if milestones:
        rows = tuple(
            (str(number), _date(m.due_on), m.title, m.unit.name if m.unit else "—")
            for number, m in enumerate(milestones, start=1)
        )
        table = Table(
            columns=(_number_column(), _("Date"), _("Milestone"), _("Responsible unit")),
            rows=rows,
            widths_mm=(12, 25, 81, 47),
            numeric_columns=(0,),
        )
        parts.append((_("Milestones"), [table]))

    lines = list(plan.budget_lines.all())
    if lines:
        total = budget_total(plan)
        rows = tuple(
            (str(number), line.item, line.source or "—", vietnamese_number(line.amount_vnd))
            for number, line in enumerate(lines, start=1)
        )
        total_row = ("", _("Total"), "", vietnamese_number(total))
        table = Table(
            columns=(_number_column(), _("Item"), _("Source of funds"), _("Amount (VND)")),
            rows=(*rows, total_row),
            widths_mm=(12, 74, 45, 34),
            numeric_columns=(0, 3),
        )
        sentence = Paragraph(_("Total budget: %(amount)s VND.") % {"amount": vietnamese_number(total)})
        parts.append((_("Budget"), [table, sentence]))

    blocks: list[Block] = []
    numbered = [(title, body) for title, body in parts if body]
    for number, (title, body) in enumerate(numbered, start=1):
        blocks.append(Heading(f"{number}. {title}", level=2))
        blocks.extend(body)
    return blocks


def _scoring(plan: Plan) -> list[Block]:
    groups = indicators_by_stage(plan)
    if not groups:
        return []
    # No sentence before the first table: headings stay with the table that follows them, a paragraph
    # would be left alone at the foot of a page.
    blocks: list[Block] = []
    for number, group in enumerate(groups, start=1):
        blocks.append(Heading(f"{number}. {Stage(group.stage).label}", level=2))
        rows = tuple(
            (
                i.code,
                i.name,
                i.unit_of_measure,
                str(i.get_aggregation_display()),
                vietnamese_number(i.target, 2) if i.target is not None else "—",
                str(i.get_target_period_display()),
            )
            for i in group.indicators
        )
        columns = (
            _("Code"),
            _("Indicator"),
            _("Unit of measure"),
            _("Aggregation"),
            pgettext("indicator value", "Target"),
            pgettext("indicator value", "Applies to"),
        )
        blocks.append(
            Table(columns=columns, rows=rows, widths_mm=(16, 61, 22, 22, 22, 22), numeric_columns=(4,))
        )
    return blocks
