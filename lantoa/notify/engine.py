"""The reminder engine: one run sends what has come due, once, outside the quiet hours.

`run_reminders(now=…)` is called every 15 minutes (`lantoa send_reminders`, or the task
`send_reminders_task`). In one run, on Hà Nội's calendar:

1. in the quiet hours nothing is sent: the summary says `deferred`, and the next run after them
   sends;
2. messages that waited for the quiet hours to end, and failed deliveries still to retry, go out;
3. for every registered `ReminderSource` and each of its open items, the ladder steps whose day
   (due day + offset) has come are found. Only the latest of them that has no delivery yet is
   sent; earlier ones never sent are logged as skipped (an item created late does not bring three
   mails at once). The step reaches the unit's focal officers, with the unit head and the item's
   coordinators copied as the step says; each person in their own language;
4. from Monday 08:00, once per ISO week, leaders (role "viewer") and coordinators get a digest.

The engine knows nothing of what the items are: the sources say. Its number of queries does not
grow with the number of items (recipients are resolved for all items at once).
"""

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lantoa.accounts.roles import Role
from lantoa.audit import services as audit
from lantoa.core import access

from . import texts
from .dispatch import Planned, claim, claim_waiting, dispatch
from .ladders import DueItem, Recipient, ReminderSource, Step, registry
from .models import Delivery
from .schedule import is_quiet, local
from .selectors import language_of, role_holders, unit_names, unit_role_holders, users_by_id

log = logging.getLogger(__name__)

DIGEST_STEP = "weekly"
DIGEST_FROM = datetime.time(8, 0)  # Monday, Hà Nội time
DIGEST_TOP = 10
KEY_CHUNK = 2000  # item keys per lookup of existing deliveries


@dataclass
class RunSummary:
    at: datetime.datetime  # the run's moment on Hà Nội's clock
    deferred: bool = False  # in the quiet hours: nothing was sent
    items: int = 0  # open items the sources gave
    steps: int = 0  # (item, step) pairs sent this run
    sent: int = 0  # deliveries made (each person × channel)
    failed: int = 0
    skipped: int = 0  # deliveries not made on purpose (no email address…) and steps passed over
    digests: int = 0  # people who got this week's digest
    counts: dict[str, int] = field(default_factory=dict)  # deliveries handled, by source
    broken_sources: list[str] = field(default_factory=list)  # sources that raised: see the log

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat(timespec="minutes")
        return data

    def __str__(self) -> str:
        when = self.at.strftime("%d/%m/%Y %H:%M")
        if self.deferred:
            return f"{when}: deferred (quiet hours), nothing sent"
        text = (
            f"{when}: {self.items} open items, {self.steps} reminder steps, {self.sent} sent, "
            f"{self.failed} failed, {self.skipped} skipped, {self.digests} digests"
        )
        if self.broken_sources:
            text += f"; these sources failed (see the log): {', '.join(self.broken_sources)}"
        return text


def run_reminders(*, now: datetime.datetime) -> RunSummary:
    """Run the engine once, as of `now` (aware). Safe to run twice at once: each delivery goes out once."""
    moment = local(now)
    summary = RunSummary(at=moment)
    if is_quiet(now):
        summary.deferred = True
        return summary
    today = moment.date()
    channels = tuple(getattr(settings, "NOTIFY_TRANSPORTS", ("inapp", "email")))

    rows = claim_waiting(now=now)
    sources = []
    for source in registry:
        try:
            sources.append((source, list(source.due_items(today))))
        except Exception:  # one broken source must not silence the others' reminders
            log.exception("notify: the reminder source %s failed", source.code)
            summary.broken_sources.append(source.code)
    summary.items = sum(len(items) for _source, items in sources)
    plan = _Plan(today=today, channels=channels)
    plan.reminders(sources)
    week = _digest_week(moment)
    if week:
        plan.digest(week=week, sources=sources)
    plan.write_skipped()
    rows += claim(plan.planned)
    counts = dispatch(rows)

    summary.steps = plan.steps
    summary.sent = counts["sent"]
    summary.failed = counts["failed"]
    summary.skipped = counts["skipped"] + plan.steps_skipped
    summary.digests = len({r.recipient_id for r in rows if r.step == DIGEST_STEP})
    summary.counts = dict(Counter(r.source for r in rows))
    if summary.sent or summary.failed or summary.skipped or summary.digests or summary.broken_sources:
        audit.record(
            actor=access.system("reminders"),
            action="notify.reminders_run",
            target_type="notify.run",
            target_id=moment.isoformat(timespec="minutes"),
            target_label=str(summary),
            after=summary.as_dict(),
        )
    log.info("notify: %s", summary)
    return summary


def _digest_week(moment: datetime.datetime) -> str:
    """The ISO week whose digest is due at `moment` ("2026-W03"), or "" before Monday 08:00."""
    if moment.weekday() == 0 and moment.time() < DIGEST_FROM:
        return ""
    year, week, _weekday = moment.isocalendar()
    return f"{year}-W{week:02d}"


def latest_due_step(item: DueItem, today: datetime.date) -> tuple[Step | None, list[Step]]:
    """The latest step of the item's ladder whose day has come, and the earlier ones that have too."""
    due = [
        (step.offset_days, index, step)
        for index, step in enumerate(item.ladder)
        if item.due_on + datetime.timedelta(days=step.offset_days) <= today
    ]
    if not due:
        return None, []
    due.sort(key=lambda entry: (entry[0], entry[1]))
    return due[-1][2], [entry[2] for entry in due[:-1]]


class _Plan:
    """What one run will write: deliveries to claim and steps to log as skipped."""

    def __init__(self, *, today: datetime.date, channels: Sequence[str]) -> None:
        self.today = today
        self.channels = channels
        self.planned: list[Planned] = []
        self.skipped: list[Delivery] = []
        self.steps = 0
        self.steps_skipped = 0
        self._names: dict[int, str] = {}
        self._asked: set[int] = set()

    def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        """Names of existing units, read once per run (a unit id that is not there gets no name)."""
        missing = set(unit_ids) - self._asked
        if missing:
            self._names.update(unit_names(missing))
            self._asked |= missing
        return self._names

    def reminders(self, sources: list[tuple[ReminderSource, list[DueItem]]]) -> None:
        due: list[tuple[ReminderSource, DueItem, Step, list[Step]]] = []
        for source, source_items in sources:
            for item in source_items:
                latest, earlier = latest_due_step(item, self.today)
                if latest is not None:
                    due.append((source, item, latest, earlier))
        if not due:
            return
        done = _steps_with_deliveries(item.key for _source, item, _latest, _earlier in due)
        names = self.unit_names(item.unit_id for _source, item, _latest, _earlier in due)
        to_send: list[tuple[ReminderSource, DueItem, Step]] = []
        for source, item, latest, earlier in due:
            for step in earlier:
                if (item.key, step.code) not in done:
                    self._skip(source, item, step, "passed")
            if (item.key, latest.code) not in done:
                to_send.append((source, item, latest))
        if not to_send:
            return
        codes = {code for _s, _i, step in to_send for code in step.recipients}
        unit_ids = {item.unit_id for _s, item, _step in to_send}
        holders = unit_role_holders(unit_ids=unit_ids, recipients=codes, on=self.today)
        coordinators = (
            users_by_id(i for _s, item, _st in to_send for i in item.coordinator_ids)
            if Recipient.COORDINATOR in codes
            else {}
        )
        for source, item, step in to_send:
            people = _addressees(item, step, holders, coordinators)
            if not people:
                self._skip(source, item, step, "nobody")
                continue
            self.steps += 1
            unit_name = names.get(item.unit_id, "")
            for user, role, is_cc in people:
                language = language_of(user)
                subject, body = texts.reminder(
                    item=item, role=role, unit_name=unit_name, today=self.today, language=language
                )
                for channel in self.channels:
                    self.planned.append(
                        Planned(
                            item_key=item.key,
                            step=step.code,
                            source=source.code,
                            recipient=user,
                            transport=channel,
                            subject=subject,
                            body=body,
                            url=item.url,
                            language=language,
                            is_cc=is_cc,
                            unit_id=item.unit_id if item.unit_id in names else None,
                            due_on=item.due_on,
                        )
                    )

    def _skip(self, source: ReminderSource, item: DueItem, step: Step, why: str) -> None:
        reasons = {
            # Written in the site's language: the log is read by coordinators, in the console.
            "passed": _("Not sent: a later reminder of the same item was already due."),
            "nobody": _("Not sent: the unit has nobody to remind (no focal officer, head or coordinator)."),
        }
        self.steps_skipped += 1
        self.skipped.append(
            Delivery(
                item_key=item.key[:200],
                step=step.code,
                source=source.code,
                unit_id=item.unit_id if item.unit_id in self._names else None,
                status=Delivery.Status.SKIPPED,
                error=reasons[why],
                subject=item.title[:300],
                url=item.url[:500],
                due_on=item.due_on,
            )
        )

    def write_skipped(self) -> None:
        if self.skipped:
            Delivery.objects.bulk_create(self.skipped, ignore_conflicts=True)

    def digest(self, *, week: str, sources: list[tuple[ReminderSource, list[DueItem]]]) -> None:
        key = f"digest:{week}"
        open_by_source = [
            (source, list(source.open_items(self.today)) if source.open_items else items)
            for source, items in sources
        ]
        if not any(items for _source, items in open_by_source):
            return
        readers = {u.pk: u for u in role_holders(roles=[Role.VIEWER, Role.COORDINATOR], on=self.today)}
        item_coordinators = {
            i for _s, items in open_by_source for item in items for i in item.coordinator_ids
        }
        readers.update(users_by_id(item_coordinators - set(readers)))
        if not readers:
            return
        already = set(
            Delivery.objects.filter(item_key=key, step=DIGEST_STEP).values_list("recipient_id", "transport")
        )
        readers = {
            pk: user
            for pk, user in readers.items()
            if any((pk, channel) not in already for channel in self.channels)
        }
        if not readers:
            return
        names = self.unit_names(item.unit_id for _s, items in open_by_source for item in items)
        by_language: dict[str, tuple[str, str]] = {}
        for user in readers.values():
            language = language_of(user)
            if language not in by_language:
                digests = [
                    _source_digest(source, items, names, self.today, language)
                    for source, items in open_by_source
                    if items
                ]
                by_language[language] = texts.digest(week=week, sources=digests, language=language)
            subject, body = by_language[language]
            for channel in self.channels:
                if (user.pk, channel) in already:
                    continue
                self.planned.append(
                    Planned(
                        item_key=key,
                        step=DIGEST_STEP,
                        source="digest",
                        recipient=user,
                        transport=channel,
                        subject=subject,
                        body=body,
                        url=reverse("wagtailadmin_home"),
                        language=language,
                    )
                )


def _source_digest(
    source: ReminderSource,
    items: list[DueItem],
    names: dict[int, str],
    today: datetime.date,
    language: str,
) -> texts.SourceDigest:
    per_unit: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        per_unit[item.unit_id][0] += 1
        if item.due_on < today:
            per_unit[item.unit_id][1] += 1
    units = sorted(
        (
            texts.UnitCount(names.get(unit_id, "?"), counts[0], counts[1])
            for unit_id, counts in per_unit.items()
        ),
        key=lambda u: (-u.overdue, -u.open, u.unit_name),
    )
    late = sorted((i for i in items if i.due_on < today), key=lambda i: (i.due_on, i.key))[:DIGEST_TOP]
    with translation.override(language):
        label = str(source.label)
    return texts.SourceDigest(
        label=label,
        open=len(items),
        overdue=sum(1 for i in items if i.due_on < today),
        units=units,
        most_late=[
            texts.LateItem(i.title, names.get(i.unit_id, "?"), i.due_on, (today - i.due_on).days)
            for i in late
        ],
    )


def _steps_with_deliveries(keys: Iterable[str]) -> set[tuple[str, str]]:
    """(item key, step) pairs that have any delivery row: sent, waiting, failed or skipped."""
    wanted = list(dict.fromkeys(keys))
    found: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), KEY_CHUNK):
        chunk = wanted[start : start + KEY_CHUNK]
        found.update(
            Delivery.objects.filter(item_key__in=chunk).order_by().values_list("item_key", "step").distinct()
        )
    return found


def _addressees(
    item: DueItem,
    step: Step,
    holders: dict[tuple[int, str], list[Any]],
    coordinators: dict[int, Any],
) -> list[tuple[Any, str, bool]]:
    """(person, recipient code, copied?) for a step: the focal officers are addressed, the unit head and
    the coordinators copied. With no officer, the first group the step names that has anybody is
    addressed instead. Each person once."""
    groups: list[tuple[str, list[Any]]] = []
    for code in Recipient.ALL:
        if code not in step.recipients:
            continue
        if code == Recipient.COORDINATOR:
            people = [coordinators[i] for i in item.coordinator_ids if i in coordinators]
        else:
            people = holders.get((item.unit_id, code), [])
        groups.append((code, people))
    result: list[tuple[Any, str, bool]] = []
    seen: set[int] = set()
    addressed = False
    for code, people in groups:
        if not people:
            continue
        is_cc = addressed and code != Recipient.OFFICER
        for person in people:
            if person.pk not in seen:
                seen.add(person.pk)
                result.append((person, code, is_cc))
        addressed = True
    return result
