"""What reminders and digests say, written for one reader in that reader's language.

Each function returns (subject, body): plain text, paragraphs separated by a blank line. The
item's own title stays in the language it was written in; everything around it is translated.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .ladders import DueItem, Recipient


def day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def reminder(
    *, item: DueItem, role: str, unit_name: str, today: datetime.date, language: str
) -> tuple[str, str]:
    """A reminder about `item` on `today`, to a reader who is the unit's `role` (a Recipient code)."""
    with translation.override(language):
        late = (today - item.due_on).days
        values = {"title": item.title, "unit": unit_name, "date": day(item.due_on), "days": abs(late)}
        if late < 0:
            subject = ngettext(
                "Reminder: “%(title)s” is due in %(days)s day",
                "Reminder: “%(title)s” is due in %(days)s days",
                -late,
            )
            lead = ngettext(
                "%(unit)s has “%(title)s” to complete by %(date)s, %(days)s day from now.",
                "%(unit)s has “%(title)s” to complete by %(date)s, %(days)s days from now.",
                -late,
            )
        elif late == 0:
            subject = _("Due today: “%(title)s”")
            lead = _("“%(title)s” is due today, %(date)s, for %(unit)s.")
        else:
            subject = ngettext(
                "Overdue by %(days)s day: “%(title)s”",
                "Overdue by %(days)s days: “%(title)s”",
                late,
            )
            lead = ngettext(
                "“%(title)s” was due on %(date)s for %(unit)s and is %(days)s day late.",
                "“%(title)s” was due on %(date)s for %(unit)s and is %(days)s days late.",
                late,
            )
        if role == Recipient.OFFICER:
            why = _("You receive this as a focal officer of %(unit)s. Please complete it or report it done.")
        elif role == Recipient.HEAD:
            why = _("You are copied as the head of %(unit)s, so that you can follow it up.")
        else:
            why = _("You are copied as the coordinator who follows this up.")
        return subject % values, "\n\n".join([lead % values, why % values])


@dataclass(frozen=True)
class UnitCount:
    unit_name: str
    open: int
    overdue: int


@dataclass(frozen=True)
class LateItem:
    title: str
    unit_name: str
    due_on: datetime.date
    days_late: int


@dataclass(frozen=True)
class SourceDigest:
    label: str
    open: int
    overdue: int
    units: Sequence[UnitCount]  # units with something open, most overdue first
    most_late: Sequence[LateItem]  # at most ten, most overdue first


def digest(*, week: str, sources: Sequence[SourceDigest], language: str) -> tuple[str, str]:
    """The weekly summary for leaders: per source, open and overdue counts by unit, the most overdue."""
    with translation.override(language):
        total_open = sum(s.open for s in sources)
        total_late = sum(s.overdue for s in sources)
        subject = _("Weekly summary %(week)s: %(overdue)s overdue, %(open)s open") % {
            "week": week,
            "overdue": total_late,
            "open": total_open,
        }
        parts = []
        for source in sources:
            lines = [
                _("%(source)s: %(open)s open, %(overdue)s overdue.")
                % {"source": source.label, "open": source.open, "overdue": source.overdue}
            ]
            if source.units:
                lines.append(_("By unit (open / overdue):"))
                lines.extend(f"- {u.unit_name}: {u.open} / {u.overdue}" for u in source.units)
            parts.append("\n".join(lines))
            if source.most_late:
                late = [_("Most overdue:")]
                late.extend(
                    f"{n}. "
                    + ngettext(
                        "“%(title)s”, %(unit)s, due %(date)s, %(days)s day late",
                        "“%(title)s”, %(unit)s, due %(date)s, %(days)s days late",
                        item.days_late,
                    )
                    % {
                        "title": item.title,
                        "unit": item.unit_name,
                        "date": day(item.due_on),
                        "days": item.days_late,
                    }
                    for n, item in enumerate(source.most_late, start=1)
                )
                parts.append("\n".join(late))
        parts.append(_("You receive this summary every Monday as a leader or coordinator of the campaign."))
        return subject, "\n\n".join(parts)
