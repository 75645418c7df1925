"""Writes of briefing kits: create, update (the kit, its talking points and its questions saved as one,
all or nothing), delete.

Every write needs `content.edit`, runs in one transaction, checks everything before writing and is
audited; `expected_version` refuses a save opened before someone else's. A refusal changes nothing.
A kit may be prepared while its item is still a draft; it is downloaded only once the item is
approved or published (`kits.require_downloadable`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean

from . import sanitise
from .kit_models import BriefingKit, KitQuestion, KitTalkingPoint
from .models import ContentItem, ContentVariant

EDIT = "content.edit"
TITLE_MAX = 200
POINTS_MAX = 8
POINT_MAX = 400
QUESTIONS_MAX = 8
QUESTION_MAX = 250
ANSWER_MAX = 700


@dataclass(frozen=True)
class Question:
    question: str
    answer: str


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this briefing kit while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _text(value: Any) -> str:
    return clean(sanitise.text(str(value or "")))


def _too_long(limit: int, value: str) -> str:
    return _("At most %(limit)s characters; this has %(length)s. Shorten it by %(over)s.") % {
        "limit": limit,
        "length": len(value),
        "over": len(value) - limit,
    }


def _checked(
    *,
    item: ContentItem,
    group: str,
    title: str,
    variant: ContentVariant | None,
    points: Sequence[str],
    questions: Sequence[Question | tuple[str, str]],
) -> tuple[str, str, list[str], list[Question]]:
    """Everything the kit will hold, cleaned, or a ValidationError naming every problem at once."""
    errors: dict[str, list[str]] = {}
    if item.state == ContentItem.State.ARCHIVED:
        raise ValidationError(_("This item is archived: its briefing kits cannot change."), code="archived")
    if group not in BriefingKit.Group.values:
        errors.setdefault("group", []).append(_("Choose who the kit is for."))
    title = " ".join(_text(title).split())
    if not title:
        errors.setdefault("title", []).append(_("Give the kit a title."))
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(_too_long(TITLE_MAX, title))
    if variant is not None and variant.item_id != item.pk:
        errors.setdefault("variant", []).append(_("Choose one of this item's audience variants."))
    kept_points = [_text(p) for p in points if _text(p)]
    if not kept_points:
        errors.setdefault("points", []).append(_("Write at least one talking point."))
    if len(kept_points) > POINTS_MAX:
        errors.setdefault("points", []).append(
            _("At most %(limit)s talking points: the kit must fit on one page.") % {"limit": POINTS_MAX}
        )
    for number, point in enumerate(kept_points, start=1):
        if len(point) > POINT_MAX:
            errors.setdefault("points", []).append(
                _("Talking point %(number)s: %(problem)s")
                % {"number": number, "problem": _too_long(POINT_MAX, point)}
            )
    kept_questions: list[Question] = []
    for raw in questions:
        pair = raw if isinstance(raw, Question) else Question(*raw)
        question, answer = _text(pair.question), _text(pair.answer)
        if not question and not answer:
            continue
        number = len(kept_questions) + 1
        if not question or not answer:
            errors.setdefault("questions", []).append(
                _("Question %(number)s: write both the question and its answer.") % {"number": number}
            )
        if len(question) > QUESTION_MAX:
            errors.setdefault("questions", []).append(
                _("Question %(number)s: %(problem)s")
                % {"number": number, "problem": _too_long(QUESTION_MAX, question)}
            )
        if len(answer) > ANSWER_MAX:
            errors.setdefault("questions", []).append(
                _("Answer %(number)s: %(problem)s")
                % {"number": number, "problem": _too_long(ANSWER_MAX, answer)}
            )
        kept_questions.append(Question(question, answer))
    if len(kept_questions) > QUESTIONS_MAX:
        errors.setdefault("questions", []).append(
            _("At most %(limit)s questions: the kit must fit on one page.") % {"limit": QUESTIONS_MAX}
        )
    if errors:
        raise ValidationError(errors)
    return group, title, kept_points, kept_questions


def _write_lines(kit: BriefingKit, points: list[str], questions: list[Question]) -> None:
    kit.points.all().delete()
    kit.questions.all().delete()
    KitTalkingPoint.objects.bulk_create(
        [KitTalkingPoint(kit=kit, position=n, text=text) for n, text in enumerate(points, start=1)]
    )
    KitQuestion.objects.bulk_create(
        [
            KitQuestion(kit=kit, position=n, question=q.question, answer=q.answer)
            for n, q in enumerate(questions, start=1)
        ]
    )


def _snapshot(kit: BriefingKit) -> dict[str, Any]:
    data = audit.snapshot(kit)
    data["points"] = list(kit.points.order_by("position").values_list("text", flat=True))
    data["questions"] = [
        [q, a] for q, a in kit.questions.order_by("position").values_list("question", "answer")
    ]
    return data


@transaction.atomic
def kit_create(
    *,
    by: Any,
    item: ContentItem,
    group: str,
    title: str,
    variant: ContentVariant | None = None,
    points: Sequence[str],
    questions: Sequence[Question | tuple[str, str]] = (),
) -> BriefingKit:
    """A new kit on `item` with its talking points and questions, in the order given."""
    access.require(by, EDIT)
    locked = ContentItem.objects.select_for_update().get(pk=item.pk)
    group, title, kept_points, kept_questions = _checked(
        item=locked, group=group, title=title, variant=variant, points=points, questions=questions
    )
    kit = BriefingKit.objects.create(
        item=locked,
        group=group,
        title=title,
        variant=variant,
        created_by=access.person(by),
        updated_by=access.person(by),
    )
    _write_lines(kit, kept_points, kept_questions)
    audit.record(actor=by, action="content.kit_created", target=kit, after=_snapshot(kit))
    return kit


@transaction.atomic
def kit_update(
    *,
    by: Any,
    kit: BriefingKit,
    expected_version: int,
    group: str,
    title: str,
    variant: ContentVariant | None = None,
    points: Sequence[str],
    questions: Sequence[Question | tuple[str, str]] = (),
) -> BriefingKit:
    """Replace the kit's fields, talking points and questions together; nothing changes on a refusal."""
    access.require(by, EDIT)
    current = BriefingKit.objects.select_for_update().select_related("item").filter(pk=kit.pk).first()
    if current is None or current.version != expected_version:
        raise _stale()
    group, title, kept_points, kept_questions = _checked(
        item=current.item, group=group, title=title, variant=variant, points=points, questions=questions
    )
    before = _snapshot(current)
    current.group, current.title, current.variant = group, title, variant
    current.version += 1
    current.updated_by = access.person(by)
    current.save()
    _write_lines(current, kept_points, kept_questions)
    audit.record(
        actor=by, action="content.kit_updated", target=current, before=before, after=_snapshot(current)
    )
    return current


@transaction.atomic
def kit_delete(*, by: Any, kit: BriefingKit, expected_version: int) -> None:
    """Remove a kit with its points and questions."""
    access.require(by, EDIT)
    current = BriefingKit.objects.select_for_update().filter(pk=kit.pk).first()
    if current is None or current.version != expected_version:
        raise _stale()
    before = _snapshot(current)
    label, pk = str(current), str(current.pk)
    current.delete()
    audit.record(
        actor=by,
        action="content.kit_deleted",
        target_type="content.briefingkit",
        target_id=pk,
        target_label=label,
        before=before,
        after={},
    )
