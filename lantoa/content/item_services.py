"""Writes of content items: create, edit, audience variants, the approval workflow and comments.

The workflow: draft → in review → changes requested (back to the editor) or approved →
published → archived. Every guard refuses with a `ValidationError` and changes nothing:

- writing and submitting need `content.edit`; requesting changes and approving need
  `content.approve`; publishing and archiving need either;
- only a draft or an item sent back for changes can be edited;
- an item goes to review only with at least one variant, and only when every variant meets its
  audience's readability target (the failing variants are named);
- nobody approves an item they created or last saved;
- only an approved item may be published.

Every content save (item or variant) raises the item's `version` and keeps a `ContentVersion`
snapshot of the item and all its variants; a transition raises the version too, so a save
opened before someone else's transition is refused as stale. Every write is audited.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean
from lantoa.org.models import Audience

from . import readability, sanitise, search
from .models import ContentComment, ContentItem, ContentVariant, ContentVersion
from .selectors import glossary_matcher

EDIT = "content.edit"
APPROVE = "content.approve"
ITEM_FIELDS = ("title", "key_message", "body", "sources", "tags", "theme", "owner_unit", "scheduled_at")
EDITABLE_STATES = (ContentItem.State.DRAFT, ContentItem.State.CHANGES_REQUESTED)


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this content item while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _label(by: Any) -> str:
    return str(by.get_username())[:200]


def _require_any(by: Any, *perms: str) -> None:
    if not any(access.has(by, perm) for perm in perms):
        raise PermissionDenied(_("You do not have permission to do this."))


def _locked(item: ContentItem, expected_version: int | None = None) -> ContentItem:
    current = ContentItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise _stale()
    return current


def _require_editable(item: ContentItem) -> None:
    if item.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Only a draft or an item sent back for changes can be edited; this one is “%(state)s”.")
            % {"state": item.get_state_display()},
            code="not_editable",
        )


def snapshot_of(item: ContentItem) -> dict[str, Any]:
    """What a version keeps: the item's texts and each variant's, keyed by audience name."""
    variants = item.variants.select_related("audience").order_by("audience__sort_order", "audience__name")
    return {
        "title": item.title,
        "key_message": item.key_message,
        "body": item.body,
        "sources": item.sources,
        "tags": item.tags,
        "theme": str(item.theme) if item.theme_id else "",
        "scheduled_at": item.scheduled_at.isoformat() if item.scheduled_at else "",
        "state": item.state,
        "variants": {
            v.audience.name: {"title": v.title, "body": v.body, "call_to_action": v.call_to_action}
            for v in variants
        },
    }


def _keep_version(item: ContentItem, by: Any) -> ContentVersion:
    return ContentVersion.objects.create(
        item=item,
        number=item.version,
        snapshot=snapshot_of(item),
        author=access.person(by),
        author_label=_label(by),
    )


def _line(value: str | None) -> str:
    """One line of plain text: tags dropped, white space collapsed."""
    return " ".join(clean(sanitise.text(value or "")).split())


def _fill(item: ContentItem, values: dict[str, Any]) -> None:
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        if name == "body":
            value = sanitise.html(value or "")
        elif name == "title":
            value = _line(value)
        elif name in ("key_message", "sources"):
            value = clean(sanitise.text(value or ""))
        elif name == "tags":
            value = ", ".join(dict.fromkeys(t.strip() for t in (value or "").split(",") if t.strip()))
        setattr(item, name, value)
    if not item.title:
        raise ValidationError({"title": _("Write the title.")}, code="required")
    item.search_text = search.document(item, item.variants.all() if item.pk else ())
    item.full_clean(exclude=["theme", "owner_unit", "created_by"])


@transaction.atomic
def item_create(*, by: Any, title: str, **values: Any) -> ContentItem:
    """A new draft item (fields of `ITEM_FIELDS`); its body is sanitised; version 1 is kept."""
    access.require(by, EDIT)
    item = ContentItem(created_by=access.person(by))
    _fill(item, {"title": title, **values})
    item.save()
    _keep_version(item, by)
    audit.record(actor=by, action="content.item_created", target=item)
    return item


@transaction.atomic
def item_update(*, by: Any, item: ContentItem, expected_version: int, **values: Any) -> ContentItem:
    """Change an editable item; refused if it was saved or moved since `expected_version`."""
    access.require(by, EDIT)
    current = _locked(item, expected_version)
    _require_editable(current)
    before = audit.snapshot(current)
    _fill(current, values)
    current.version += 1
    current.save()
    _keep_version(current, by)
    audit.record(actor=by, action="content.item_updated", target=current, before=before)
    return current


@transaction.atomic
def variant_save(
    *,
    by: Any,
    item: ContentItem,
    audience: Audience,
    title: str,
    body: str,
    call_to_action: str = "",
    expected_version: int | None = None,
) -> ContentVariant:
    """Create (`expected_version=None`) or change the item's variant for `audience`.

    The body is kept as plain text and scored against the audience's readability target; the
    result is cached on the variant. Refused when the variant was saved since `expected_version`,
    or when creating a variant the audience already has.
    """
    access.require(by, EDIT)
    current = _locked(item)
    _require_editable(current)
    variant = ContentVariant.objects.select_for_update().filter(item=current, audience=audience).first()
    if expected_version is None and variant is not None:
        raise ValidationError(
            {
                "audience": _("This item already has a variant for %(audience)s.")
                % {"audience": audience.name}
            },
            code="duplicate",
        )
    if expected_version is not None and (variant is None or variant.version != expected_version):
        raise _stale()
    before = audit.snapshot(variant) if variant else None
    if variant is None:
        variant = ContentVariant(item=current, audience=audience)
    else:
        variant.version += 1
    variant.title = _line(title)
    variant.body = clean(sanitise.text(body))
    variant.call_to_action = _line(call_to_action)
    if not variant.title:
        raise ValidationError({"title": _("Write the title.")}, code="required")
    if not variant.body:
        raise ValidationError({"body": _("Write the text for this audience.")}, code="required")
    result = readability.analyse(variant.body, audience=audience.code, glossary=glossary_matcher())
    variant.readability_grade = result.grade
    variant.readability_target = result.target.max_grade
    variant.meets_target = result.meets_target
    variant.updated_by = access.person(by)
    variant.full_clean(exclude=["item", "audience"], validate_unique=False)
    variant.save()
    current.version += 1
    current.search_text = search.document(current, current.variants.all())
    current.save(update_fields=["version", "search_text", "updated_at"])
    _keep_version(current, by)
    action = "content.variant_updated" if before else "content.variant_created"
    audit.record(actor=by, action=action, target=variant, before=before)
    return variant


def _move(
    item: ContentItem, by: Any, expected_version: int | None, allowed: tuple[str, ...], to: str
) -> tuple[ContentItem, dict[str, Any]]:
    current = _locked(item, expected_version)
    if current.state not in allowed:
        raise ValidationError(
            _("This cannot be done to an item that is “%(state)s”.") % {"state": current.get_state_display()},
            code="wrong_state",
        )
    before = audit.snapshot(current)
    current.state = to
    current.version += 1
    return current, before


def _finish(current: ContentItem, by: Any, action: str, before: dict[str, Any]) -> ContentItem:
    current.save()
    audit.record(actor=by, action=action, target=current, before=before)
    return current


@transaction.atomic
def submit_for_review(*, by: Any, item: ContentItem, expected_version: int | None = None) -> ContentItem:
    """Send a draft (or an item sent back) to the approvers. Every variant must meet its target."""
    access.require(by, EDIT)
    current, before = _move(item, by, expected_version, EDITABLE_STATES, ContentItem.State.IN_REVIEW)
    variants = list(current.variants.select_related("audience"))
    if not variants:
        raise ValidationError(
            _("Write at least one audience variant before sending for review."), code="empty"
        )
    failing = [v for v in variants if not v.meets_target]
    if failing:
        names = ", ".join(
            _("%(audience)s (grade %(grade)s, target %(target)s)")
            % {"audience": v.audience.name, "grade": v.readability_grade, "target": v.readability_target}
            for v in failing
        )
        raise ValidationError(
            _("These variants are harder to read than their audience's target: %(variants)s.")
            % {"variants": names},
            code="too_hard",
        )
    return _finish(current, by, "content.item_submitted", before)


@transaction.atomic
def request_changes(
    *, by: Any, item: ContentItem, reason: str, expected_version: int | None = None
) -> ContentItem:
    """Send an item in review back to its editors, with the reason kept as a comment."""
    access.require(by, APPROVE)
    reason = clean(sanitise.text(reason))
    if not reason:
        raise ValidationError({"reason": _("Say what should change.")}, code="required")
    current, before = _move(
        item, by, expected_version, (ContentItem.State.IN_REVIEW,), ContentItem.State.CHANGES_REQUESTED
    )
    ContentComment.objects.create(
        item=current, author=access.person(by), author_label=_label(by), text=reason
    )
    return _finish(current, by, "content.item_changes_requested", before)


def last_author_ids(item: ContentItem) -> set[Any]:
    """Who may not approve the item: its creator and the author of its latest version."""
    latest = item.versions.order_by("-number").values_list("author_id", flat=True).first()
    return {pk for pk in (item.created_by_id, latest) if pk is not None}


@transaction.atomic
def approve(*, by: Any, item: ContentItem, expected_version: int | None = None) -> ContentItem:
    """Approve an item in review. Refused to its creator and to the author of its latest version."""
    access.require(by, APPROVE)
    current, before = _move(
        item, by, expected_version, (ContentItem.State.IN_REVIEW,), ContentItem.State.APPROVED
    )
    if access.person(by) is not None and by.pk in last_author_ids(current):
        raise ValidationError(_("You wrote this item: someone else must approve it."), code="own_item")
    return _finish(current, by, "content.item_approved", before)


@transaction.atomic
def publish(*, by: Any, item: ContentItem, expected_version: int | None = None) -> ContentItem:
    """Publish an approved item: it leaves the building at its scheduled time, or now if none."""
    _require_any(by, EDIT, APPROVE)
    current, before = _move(
        item, by, expected_version, (ContentItem.State.APPROVED,), ContentItem.State.PUBLISHED
    )
    current.published_at = current.scheduled_at or timezone.now()
    return _finish(current, by, "content.item_published", before)


@transaction.atomic
def archive(*, by: Any, item: ContentItem, expected_version: int | None = None) -> ContentItem:
    """Withdraw an item from any state; an archived item is kept, read-only."""
    _require_any(by, EDIT, APPROVE)
    states = tuple(s for s in ContentItem.State.values if s != ContentItem.State.ARCHIVED)
    current, before = _move(item, by, expected_version, states, ContentItem.State.ARCHIVED)
    return _finish(current, by, "content.item_archived", before)


@transaction.atomic
def comment_add(*, by: Any, item: ContentItem, text: str) -> ContentComment:
    """A comment on an item, by anyone who may edit or approve content."""
    _require_any(by, EDIT, APPROVE)
    text = clean(sanitise.text(text))
    if not text:
        raise ValidationError({"text": _("Write the comment.")}, code="required")
    comment = ContentComment.objects.create(
        item=item, author=access.person(by), author_label=_label(by), text=text
    )
    audit.record(actor=by, action="content.comment_added", target=comment)
    return comment


def is_out(item: ContentItem, now: datetime | None = None) -> bool:
    """Whether the item may leave the building now: published, and its publication time has come."""
    now = now or timezone.now()
    return (
        item.state == ContentItem.State.PUBLISHED
        and item.published_at is not None
        and item.published_at <= now
    )
