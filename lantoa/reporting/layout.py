"""The shape of a report's form: which cells each indicator has, laid out as a grid.

An indicator broken down by channel, audience or theme has one cell per combination of the
plan's own channels, audiences and themes (all channels, or all audiences in use, when the plan
names none). The first breakdown runs down the rows, the others across the columns. A cell is
named by its key `(channel, audience, theme)`, each empty where the indicator is not broken down.
"""

import itertools
from dataclasses import dataclass, field
from typing import Any

from lantoa.org.models import Audience
from lantoa.plans.models import Channel, ChannelUse, Disaggregation, Indicator, Plan, Theme

CellKey = tuple[str, str, str]
TOTAL: CellKey = ("", "", "")
DIMENSIONS = tuple(Disaggregation.values)  # ("channel", "audience", "theme"): the order of a key


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass
class Options:
    """The choices of each breakdown for one plan."""

    by_dimension: dict[str, list[Option]]

    def of(self, dimension: str) -> list[Option]:
        return self.by_dimension.get(dimension, [])

    def label(self, dimension: str, code: str) -> str:
        for option in self.of(dimension):
            if option.code == code:
                return option.label
        return code

    def cell_label(self, key: CellKey) -> str:
        """ "Báo chí · Nhân dân": the labels of a cell's parts, for messages and exports."""
        return " · ".join(self.label(dim, code) for dim, code in zip(DIMENSIONS, key, strict=True) if code)


def plan_options(plan: Plan) -> Options:
    """The breakdown choices of `plan` (three queries)."""
    channels = [
        Option(use.channel, str(Channel(use.channel).label))
        for use in ChannelUse.objects.filter(plan=plan).order_by("sort_order", "id")
        if use.channel in Channel.values
    ] or [Option(code, str(label)) for code, label in Channel.choices]
    audiences = [
        Option(a.code, a.name)
        for a in Audience.objects.filter(pk__in=plan.insights.values("audience_id"), is_active=True).order_by(
            "sort_order", "name"
        )
    ] or [
        Option(a.code, a.name) for a in Audience.objects.filter(is_active=True).order_by("sort_order", "name")
    ]
    themes = [
        Option(str(t.number), f"{t.number}. {t.title}")
        for t in Theme.objects.filter(plan=plan).order_by("number")
    ]
    return Options({"channel": channels, "audience": audiences, "theme": themes})


def cell_keys(indicator: Indicator, options: Options) -> list[CellKey]:
    """Every cell of `indicator`, in the order of the grid (rows, then columns)."""
    dims = [d for d in DIMENSIONS if d in indicator.disaggregations]
    if not dims:
        return [TOTAL]
    keys = []
    for combo in itertools.product(*[[o.code for o in options.of(d)] for d in dims]):
        parts = dict(zip(dims, combo, strict=True))
        keys.append((parts.get("channel", ""), parts.get("audience", ""), parts.get("theme", "")))
    return keys


def make_key(parts: dict[str, str]) -> CellKey:
    return (parts.get("channel", ""), parts.get("audience", ""), parts.get("theme", ""))


def field_suffix(indicator_id: int, key: CellKey) -> str:
    """The part of a form field's name that names one cell: `12|press||2`."""
    return "|".join([str(indicator_id), *key])


def parse_suffix(suffix: str) -> tuple[int, CellKey] | None:
    parts = suffix.split("|")
    if len(parts) != 4 or not parts[0].isdigit():
        return None
    return int(parts[0]), (parts[1], parts[2], parts[3])


@dataclass
class GridCell:
    key: CellKey
    name: str  # the field-name suffix
    value: Any = None  # the Value row, if any
    # Filled by the page that shows the grid: what the input holds, and its messages.
    label: str = ""
    raw: str = ""
    errors: list[str] = field(default_factory=list)
    reason: str = ""
    reason_errors: list[str] = field(default_factory=list)
    confirm: bool = False

    @property
    def dom_id(self) -> str:
        """An HTML id for the cell's input: `cell-12-press--1`."""
        return "cell-" + self.name.replace("|", "-")


@dataclass
class Grid:
    row_dimension: str  # "" for an indicator that is not broken down
    rows: list[Option]
    columns: list[Option]  # one empty option when there is a single column
    cells: list[list[GridCell]] = field(default_factory=list)

    @property
    def is_single(self) -> bool:
        return not self.row_dimension

    @property
    def lines(self) -> list[tuple[Option, list[GridCell]]]:
        """Each row's option with its cells, for templates."""
        return list(zip(self.rows, self.cells, strict=True))


def grid_for(indicator: Indicator, options: Options, values: dict[CellKey, Any]) -> Grid:
    """The grid of one indicator, each cell holding its current `Value` (from `values`) or None."""
    dims = [d for d in DIMENSIONS if d in indicator.disaggregations]
    if not dims:
        cell = GridCell(TOTAL, field_suffix(indicator.pk, TOTAL), values.get(TOTAL))
        return Grid("", [Option("", "")], [Option("", "")], [[cell]])
    rows = options.of(dims[0])
    column_dims = dims[1:]
    columns = (
        [
            Option(
                "|".join(combo),
                " · ".join(options.label(d, c) for d, c in zip(column_dims, combo, strict=True)),
            )
            for combo in itertools.product(*[[o.code for o in options.of(d)] for d in column_dims])
        ]
        if column_dims
        else [Option("", "")]
    )
    grid = Grid(dims[0], rows, columns)
    for row in rows:
        line = []
        for column in columns:
            parts = {dims[0]: row.code}
            if column_dims:
                parts.update(zip(column_dims, column.code.split("|"), strict=True))
            key = make_key(parts)
            line.append(GridCell(key, field_suffix(indicator.pk, key), values.get(key)))
        grid.cells.append(line)
    return grid
