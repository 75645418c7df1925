"""The urging letter (công văn đôn đốc): the coordinator's official reminder to the units that are late.

One letter urges either the late units of one assignment, or a chosen set of late tasks (from the
board: the late units picked there, with every task they owe). It is a công văn in the State's
format (Decree 30/2020/NĐ-CP), built as an `OfficialDocument` and printed by `lantoa.core.documents`:

- header: the issuing unit of the assignment and the unit above it ("UBND THÀNH PHỐ HÀ NỘI" /
  "SỞ VĂN HÓA VÀ THỂ THAO"), the number left blank for the records office unless given;
- "V/v đôn đốc thực hiện …" with the assignment's title;
- "Kính gửi:" the late units, one a line, or — past `ADDRESSEES_LISTED` units — "the units named in
  the list below";
- a body that cites the assignment (its date of issue and due date), a table of the late units
  (No., unit, [task,] state, due date, days late), the request with the new deadline, "Nơi nhận"
  and the signature of the issuing unit's head, all of which the coordinator may change.

The letter is the City's document: it is written in Vietnamese whatever the reader's console
language (messages of the catalogue, printed with their Vietnamese translation, as plans are).
Making a letter writes nothing: the units' tasks and the trail are not touched.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantoa.core.documents import OfficialDocument, Paragraph, Table, render_docx, render_pdf
from lantoa.core.text import clean, slug
from lantoa.org.models import Unit, UnitKind

from .models import Assignment, TaskState, UnitTask
from .selectors import issuing_units_for, late_tasks

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
# Formula lines of "Nơi nhận", as every Vietnamese office writes them.
AS_ABOVE = "- Như trên;"
RECORDS_COPY = "- Lưu: VT."
# Up to this many late units are named after "Kính gửi:"; more are "the units named in the list".
ADDRESSEES_LISTED = 5
# What a person is told when this server cannot make PDFs.
PDF_UNAVAILABLE = gettext_lazy(
    "This server cannot make PDF files yet: its administrator must install the system libraries "
    "WeasyPrint needs (see docs/documents.md). The Word file can still be downloaded."
)

_LOCAL_GOVERNMENTS = {UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DISTRICT}
# The head of a department or agency, by the first word of its name (the State's titles).
_HEADS = (
    ("Ban ", "TRƯỞNG BAN"),
    ("Thanh tra", "CHÁNH THANH TRA"),
    ("Văn phòng", "CHÁNH VĂN PHÒNG"),
    ("Sở ", "GIÁM ĐỐC"),
    ("Trung tâm", "GIÁM ĐỐC"),
)


@dataclass(frozen=True)
class LetterOptions:
    """What the coordinator writes on the form: the new deadline, the number, the signature and any
    recipients besides the addressees (one a line, "- " added where missing)."""

    new_due_on: datetime.date
    number: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    other_recipients: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class LateLine:
    unit: Unit
    task: UnitTask
    days_late: int


@dataclass(frozen=True)
class PrintedLetter:
    filename: str
    content_type: str
    content: bytes


FORMATS: dict[str, tuple[str, Callable[[OfficialDocument], bytes]]] = {
    "docx": (DOCX_TYPE, render_docx),
    "pdf": ("application/pdf", render_pdf),
}


# Who is late


def late_lines_for_user(
    *,
    user: Any,
    assignment: Assignment | None = None,
    unit_ids: Sequence[int] | None = None,
    task_ids: Sequence[int] | None = None,
    today: datetime.date | None = None,
) -> list[LateLine]:
    """The late tasks the letter urges, in the user's scope (`assignments.assign`): those of
    `assignment`, of the units `unit_ids`, or the tasks `task_ids` (any that is not late, or not
    the user's to urge, is left out). By unit, then due date. One query (plus the user's roles)."""
    today = today or timezone.localdate()
    tasks = late_tasks(user=user, unit_ids=unit_ids, today=today).select_related("assignment__issuing_unit")
    if assignment is not None:
        tasks = tasks.filter(assignment=assignment)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=list(task_ids))
    return [LateLine(unit=t.unit, task=t, days_late=(today - t.assignment.due_on).days) for t in tasks]


def signer_defaults(unit: Unit) -> tuple[str, str]:
    """(authority, title) of whoever signs for `unit`: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" for a
    People's Committee, the head's title ("GIÁM ĐỐC") for a department."""
    if unit.kind in _LOCAL_GOVERNMENTS:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    for prefix, title in _HEADS:
        if unit.name.startswith(prefix):
            return "", title
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def letter_issuer_for_user(*, user: Any, lines: Sequence[LateLine]) -> Unit:
    """The unit the letter comes from: the assignments' issuing unit when they share one, else the
    first unit where the user coordinates (their own office)."""
    issuers = {line.task.assignment.issuing_unit_id: line.task.assignment.issuing_unit for line in lines}
    if len(issuers) == 1:
        return next(iter(issuers.values()))
    own = issuing_units_for(user)
    if own:
        return own[0]
    return lines[0].task.assignment.issuing_unit


# The document


def _committee_name(unit: Unit) -> str:
    if unit.name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        return unit.name
    return f"{PEOPLES_COMMITTEE} {unit.name}"


def _agency(unit: Unit, ancestors: Sequence[Unit]) -> tuple[str, str]:
    """(parent agency, issuing agency), as Decree 30 prints them; "Ủy ban nhân dân" shortened to
    "UBND" in the parent's name, as offices write it."""
    if unit.kind in _LOCAL_GOVERNMENTS:
        name = _committee_name(unit)
        return "", f"{name[: len(PEOPLES_COMMITTEE)]}\n{name[len(PEOPLES_COMMITTEE) :].strip()}"
    if not ancestors:
        return "", unit.name
    parent = ancestors[-1]
    parent_name = _committee_name(parent) if parent.kind in _LOCAL_GOVERNMENTS else parent.name
    return parent_name.replace(PEOPLES_COMMITTEE, "UBND", 1), unit.name


def _place(unit: Unit, ancestors: Sequence[Unit]) -> str:
    """The place on the date line: the ward's or commune's own name for theirs, the province's for others."""
    where = unit if unit.kind in {UnitKind.WARD, UnitKind.COMMUNE} or not ancestors else ancestors[0]
    name = where.name
    if name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        name = name[len(PEOPLES_COMMITTEE) :].strip()
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Quận ", "Huyện ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _addressees(units: Sequence[Unit]) -> tuple[str, ...]:
    if len(units) > ADDRESSEES_LISTED:
        return (_("The units named in the list below"),)
    return tuple(unit.name for unit in units)


def _recipients(options: LetterOptions) -> tuple[str, ...]:
    others = []
    for line in options.other_recipients:
        text = clean(line).lstrip("-– ").rstrip(";.").strip()
        if text:
            others.append(f"- {text};")
    return (AS_ABOVE, *others, RECORDS_COPY)


def _table(lines: Sequence[LateLine], *, with_tasks: bool) -> Table:
    states = {value: str(label) for value, label in TaskState.choices}
    rows = []
    for number, line in enumerate(lines, start=1):
        task = line.task
        row = [str(number), line.unit.name]
        if with_tasks:
            row.append(task.assignment.title)
        row += [states.get(task.state, task.state), _date(task.assignment.due_on), str(line.days_late)]
        rows.append(tuple(row))
    columns = [_("No."), _("Unit")]
    if with_tasks:
        columns.append(_("Task"))
    columns += [_("State"), _("Due date"), _("Days late")]
    widths = (11.0, 45.0, 50.0, 22.0, 22.0, 15.0) if with_tasks else (12.0, 70.0, 30.0, 30.0, 23.0)
    numeric = (0, 5) if with_tasks else (0, 4)
    return Table(columns=tuple(columns), rows=tuple(rows), widths_mm=widths, numeric_columns=numeric)


def urging_letter(
    lines: Sequence[LateLine],
    *,
    issuer: Unit,
    ancestors: Sequence[Unit],
    options: LetterOptions,
    today: datetime.date,
) -> OfficialDocument:
    """The letter for `lines` (from `late_lines_for_user`, not empty), from `issuer` (`ancestors`:
    its ancestors from the root down), dated `today`. In Vietnamese, whatever the active language."""
    if not lines:
        raise ValueError("An urging letter needs at least one late task.")
    with translation.override("vi"):
        assignments = list({line.task.assignment_id: line.task.assignment for line in lines}.values())
        units = list({line.unit.pk: line.unit for line in lines}.values())
        agency_parent, agency = _agency(issuer, ancestors)
        default_authority, default_title = signer_defaults(issuer)
        values = {
            "agency": issuer.name,
            "today": _date(today),
            "new_due": _date(options.new_due_on),
        }
        blocks: list[Any] = []
        if len(assignments) == 1:
            assignment = assignments[0]
            title = _("urging the carrying out of the task “%(title)s”") % {"title": assignment.title}
            blocks.append(
                Paragraph(
                    _(
                        "On %(issued)s, %(issuer)s assigned the task “%(title)s” to %(target)s, "
                        "to be completed by %(due)s."
                    )
                    % {
                        **values,
                        "issued": _date(assignment.issued_on),
                        "issuer": assignment.issuing_unit.name,
                        "title": assignment.title,
                        "target": assignment.target_description,
                        "due": _date(assignment.due_on),
                    }
                )
            )
            blocks.append(
                Paragraph(
                    ngettext(
                        "As of %(today)s, %(count)d unit has not completed the task and reported its "
                        "results, as listed below:",
                        "As of %(today)s, %(count)d units have not completed the task and reported their "
                        "results, as listed below:",
                        len(units),
                    )
                    % {**values, "count": len(units)}
                )
            )
        else:
            title = _("urging the carrying out of overdue tasks")
            cited = "; ".join(
                _("“%(title)s” (assigned on %(issued)s, due %(due)s)")
                % {"title": a.title, "issued": _date(a.issued_on), "due": _date(a.due_on)}
                for a in assignments
            )
            blocks.append(
                Paragraph(_("The units below were assigned these tasks: %(tasks)s.") % {"tasks": cited})
            )
            blocks.append(
                Paragraph(
                    ngettext(
                        "As of %(today)s, %(count)d unit has overdue tasks, as listed below:",
                        "As of %(today)s, %(count)d units have overdue tasks, as listed below:",
                        len(units),
                    )
                    % {**values, "count": len(units)}
                )
            )
        blocks.append(_table(lines, with_tasks=len(assignments) > 1))
        blocks.append(
            Paragraph(
                _(
                    "To keep the campaign on schedule, %(agency)s asks the units above to complete their "
                    "tasks without delay and to report the results, with their evidence, in Lan Tỏa by "
                    "%(new_due)s at the latest."
                )
                % values
            )
        )
        blocks.append(
            Paragraph(
                _("Any unit that meets a difficulty should report it to %(agency)s in time for guidance.")
                % values
            )
        )
        blocks.append(Paragraph(_("%(agency)s asks the units to carry this out./.") % values))
        return OfficialDocument(
            agency_parent=agency_parent,
            agency=agency,
            number=clean(options.number),
            place=_place(issuer, ancestors),
            issued_on=today,
            title=title,
            addressees=_addressees(units),
            blocks=tuple(blocks),
            recipients=_recipients(options),
            signer_authority=clean(options.signer_authority) or default_authority,
            signer_title=clean(options.signer_title) or default_title,
            signer_name=clean(options.signer_name),
        )


def urging_letter_for_user(
    *,
    user: Any,
    options: LetterOptions,
    fmt: str = "docx",
    assignment: Assignment | None = None,
    unit_ids: Sequence[int] | None = None,
    task_ids: Sequence[int] | None = None,
    today: datetime.date | None = None,
) -> PrintedLetter:
    """The urging letter as DOCX or PDF for the late tasks chosen (see `late_lines_for_user`).

    Refuses (ValidationError) a new deadline before today and a choice with no late task in the
    user's scope; raises `lantoa.core.documents.PdfUnavailable` when this server cannot make PDFs.
    A fixed number of queries, whatever the number of late units.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    today = today or timezone.localdate()
    if options.new_due_on < today:
        raise ValidationError(
            {
                "new_due_on": _("The new deadline %(date)s is in the past. Choose today or a later day.")
                % {"date": _date(options.new_due_on)}
            }
        )
    lines = late_lines_for_user(
        user=user, assignment=assignment, unit_ids=unit_ids, task_ids=task_ids, today=today
    )
    if not lines:
        raise ValidationError(_("No unit you coordinate is late on these tasks: there is nobody to urge."))
    issuer = letter_issuer_for_user(user=user, lines=lines)
    ancestors = list(issuer.get_ancestors())
    document = urging_letter(lines, issuer=issuer, ancestors=ancestors, options=options, today=today)
    content_type, render = FORMATS[fmt]
    stem = slug(assignment.title)[:60] if assignment is not None else "nhieu-nhiem-vu"
    return PrintedLetter(
        filename=f"cong-van-don-doc-{stem}-{today:%Y%m%d}.{fmt}",
        content_type=content_type,
        content=render(document),
    )
