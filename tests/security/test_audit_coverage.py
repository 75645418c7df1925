"""Every write is audited: each public function of every `lantoa.<app>.services` module, found by walking
the code (not a hand-kept list), is called once and must append an audit entry that says who did what to
what, and how it was before or after.

A new service fails here until it has a recipe below (or, if by design it writes no entry, a line in
NOT_AUDITED with the reason). A recipe builds the service's keyword arguments from the fixtures; the test
calls the service itself.
"""

import datetime
import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from types import FunctionType, ModuleType
from typing import Any

import pytest
from allauth.core.context import request_context
from django.test import RequestFactory
from django.utils import timezone

import lantoa
from lantoa.accounts.models import User
from lantoa.accounts.services import token_create
from lantoa.assignments.services import EvidenceInput
from lantoa.assignments.targets import TargetSpec
from lantoa.audit.models import AuditEntry
from lantoa.core.access import SystemActor
from lantoa.core.periods import Period
from lantoa.notify.models import Notification
from lantoa.org.importing import read_rows
from lantoa.org.models import Unit, UnitKind
from lantoa.plans.models import Objective
from tests.factories import AudienceFactory, UnitFactory, UserFactory
from tests.factories.plans import IndicatorFactory, ObjectiveFactory, PlanFactory


def _services_modules() -> list[ModuleType]:
    modules = []
    for info in pkgutil.iter_modules(lantoa.__path__):
        name = f"lantoa.{info.name}.services"
        if info.ispkg and importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    # An app with several areas has a services module per area: `<area>_services.py`.
    for info in pkgutil.iter_modules(lantoa.__path__):
        package = importlib.import_module(f"lantoa.{info.name}")
        if info.ispkg:
            for sub in pkgutil.iter_modules(package.__path__):
                if sub.name.endswith("_services"):
                    modules.append(importlib.import_module(f"lantoa.{info.name}.{sub.name}"))
    return modules


def _public_functions(module: ModuleType) -> list[FunctionType]:
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    ]


SERVICES = {
    f"{module.__name__.removeprefix('lantoa.')}.{function.__name__}": function
    for module in _services_modules()
    for function in _public_functions(module)
}

# Services that write no audit entry on purpose. Keep this short: each needs a reason a reviewer accepts.
NOT_AUDITED = {
    "accounts.services.token_touch": "bookkeeping: notes when a token was last used, at most every five "
    "minutes; nobody changed anything, and an entry per API request would drown the trail",
    "audit.services.snapshot": "reads an object into a dict for an entry; writes nothing",
    "audit.services.changed_fields": "compares two snapshots; writes nothing",
    "accounts.services.may_manage_person": "a permission question (may `by` manage `user`?); writes nothing",
    "content.item_services.snapshot_of": "reads an item into the dict a version keeps; writes nothing",
    "content.item_services.last_author_ids": "a question (who may not approve the item?); writes nothing",
    "content.item_services.is_out": "a question (has the item left the building?); writes nothing",
}


@dataclass
class World:
    """What recipes build from: a small tree and the people acting in it."""

    system: SystemActor
    city: Unit
    department: Unit
    ward: Unit
    administrator: User
    officer: User


Recipe = Callable[[World], dict[str, Any]]

RECIPES: dict[str, Recipe] = {
    "accounts.services.user_create": lambda w: {
        "by": w.administrator,
        "unit": w.ward,
        "role": "officer",
        "username": "can-bo-moi",
        "email": "can-bo-moi@example.vn",
    },
    "accounts.services.user_update": lambda w: {
        "by": w.administrator,
        "user": w.officer,
        "first_name": "Bình",
    },
    "accounts.services.role_grant": lambda w: {
        "by": w.administrator,
        "user": w.officer,
        "role": "editor",
        "unit": w.ward,
    },
    "accounts.services.role_revoke": lambda w: {
        "by": w.administrator,
        "assignment": w.officer.roles.get(),
    },
    "accounts.services.token_create": lambda w: {"user": w.officer, "name": "Máy tính phường"},
    "accounts.services.token_revoke": lambda w: {
        "by": w.officer,
        "token": token_create(user=w.officer, name="Máy tính phường")[0],
    },
    "accounts.services.language_set": lambda w: {"user": w.officer, "language": "en"},
    "org.services.unit_create": lambda w: {
        "by": w.administrator,
        "parent": w.city,
        "code": "P-MOI",
        "name": "Phường Mới",
        "kind": UnitKind.WARD,
    },
    "org.services.unit_update": lambda w: {"by": w.administrator, "unit": w.ward, "name": "Phường Hoàn Kiếm"},
    "org.services.unit_move": lambda w: {"by": w.administrator, "unit": w.ward, "new_parent": w.department},
    "org.services.unit_retire": lambda w: {
        "by": w.administrator,
        "unit": w.ward,
        "valid_to": datetime.date(2025, 6, 30),
        "successors": [UnitFactory(parent=w.city, code="P-KE", name="Phường Kế Thừa")],
    },
    "org.services.units_import": lambda w: {
        "by": w.administrator,
        "rows": read_rows(
            content="code,name,kind,parent_code\nP-NHAP,Phường Nhập,ward,HN\n".encode(), filename="units.csv"
        ),
        "dry_run": False,
    },
    "org.services.audience_save": lambda w: {
        "by": w.administrator,
        "audience": AudienceFactory(),
        "name": "Thanh niên",
    },
    "accounts.services.user_send_password_link": lambda w: {
        "by": w.administrator,
        "user": w.officer,
        "request": RequestFactory().get("/console/people/"),
    },
    "plans.services.plan_create": lambda w: {
        "by": w.administrator,
        "title": "Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW",
        "issuing_unit": w.city,
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
    },
    "plans.services.plan_update": lambda w: {
        "by": w.administrator,
        "plan": (plan := PlanFactory(issuing_unit=w.city)),
        "expected_version": plan.version,
        "title": "Kế hoạch đã sửa",
    },
    "plans.services.plan_approve": lambda w: {"by": w.administrator, "plan": _complete_plan(w)},
    "plans.services.plan_copy": lambda w: {"by": w.administrator, "plan": _complete_plan(w)},
    "plans.services.section_save": lambda w: {
        "by": w.administrator,
        "plan": PlanFactory(issuing_unit=w.city),
        "model": Objective,
        "values": {"text": "90% người dân biết đến phong trào Bình dân học vụ số"},
    },
    "plans.services.indicator_save": lambda w: {
        "by": w.administrator,
        "plan": PlanFactory(issuing_unit=w.city),
        "values": {
            "code": "CT-001",
            "name": "Số bài viết tuyên truyền",
            "stage": "output",
            "unit_of_measure": "bài",
            "aggregation": "sum",
            "target": Decimal("100"),
            "target_period": "month",
        },
    },
    "plans.services.theme_save": lambda w: {
        "by": w.administrator,
        "plan": PlanFactory(issuing_unit=w.city),
        "values": {"number": 1, "title": "Chuyển đổi số"},
        "messages": ["Mỗi người dân một tài khoản định danh điện tử"],
    },
    "plans.services.section_delete": lambda w: {
        "by": w.administrator,
        "part": ObjectiveFactory(plan=PlanFactory(issuing_unit=w.city)),
    },
    "notify.services.message_send": lambda w: {
        "by": w.administrator,
        "recipients": [w.officer],
        "subject": "Đề nghị hoàn thành báo cáo tháng 3",
        "body": "Đề nghị Phường Hoàn Kiếm gửi báo cáo trước ngày 12/3/2026.",
        "key": "urge:audit-coverage",
        "transports": ("inapp",),
    },
    "notify.services.notification_mark_read": lambda w: {
        "user": w.officer,
        "notification_ids": [Notification.objects.create(recipient=w.officer, title="Nhắc việc").pk],
    },
    "assignments.services.assignment_create": lambda w: {
        "by": w.administrator,
        "title": "Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW",
        "instructions": "Treo tại trụ sở Ủy ban nhân dân phường.",
        "due_on": timezone.localdate() + datetime.timedelta(days=14),
        "targets": TargetSpec.hand_picked([w.ward.pk]),
    },
    "assignments.services.assignment_update": lambda w: {
        "by": w.administrator,
        "assignment": (task := _task(w)).assignment,
        "expected_version": task.assignment.version,
        "title": "Treo pa-nô tuyên truyền",
    },
    "assignments.services.task_start": lambda w: {"by": w.officer, "task": _task(w), "expected_version": 1},
    "assignments.services.task_mark_done": lambda w: {
        "by": w.officer,
        "task": _task(w),
        "expected_version": 1,
        "evidence": [EvidenceInput(kind="link", url="https://hoankiem.hanoi.gov.vn/bang-ron")],
    },
    "assignments.services.task_accept": lambda w: {
        "by": w.administrator,
        "task": _task(w, "done"),
        "expected_version": 2,
    },
    "assignments.services.task_return": lambda w: {
        "by": w.administrator,
        "task": _task(w, "done"),
        "expected_version": 2,
        "reason": "Thiếu ảnh chụp băng rôn.",
    },
    "assignments.services.task_reopen": lambda w: {
        "by": w.officer,
        "task": _task(w, "returned"),
        "expected_version": 3,
    },
    "assignments.services.comment_add": lambda w: {
        "by": w.officer,
        "task": _task(w),
        "body": "Phường đã treo xong.",
    },
    "assignments.services.units_urge": lambda w: {
        "by": w.administrator,
        "unit_ids": [w.ward.pk],
        "subject": "Đề nghị hoàn thành nhiệm vụ",
        "body": "Đề nghị phường báo cáo kết quả.",
        "key": "assignments.urge:audit-coverage",
    },
    "content.services.glossary_term_create": lambda w: {
        "by": w.administrator,
        "term": "chuyển đổi số",
        "explanation": "Dùng máy tính, điện thoại và Internet để làm việc nhanh hơn.",
    },
    "content.services.glossary_term_update": lambda w: {
        "by": w.administrator,
        "glossary_term": _glossary_term(w),
        "expected_version": 1,
        "explanation": "Làm ăn, mua bán qua mạng.",
    },
    "content.services.glossary_term_delete": lambda w: {
        "by": w.administrator,
        "glossary_term": _glossary_term(w),
        "expected_version": 1,
    },
    "content.item_services.item_create": lambda w: {
        "by": w.administrator,
        "title": "Bình dân học vụ số",
        "key_message": "Ai cũng học được kỹ năng số.",
    },
    "content.item_services.item_update": lambda w: {
        "by": w.administrator,
        "item": _item(w, "draft"),
        "expected_version": 1,
        "title": "Bình dân học vụ số cho mọi nhà",
    },
    "content.item_services.variant_save": lambda w: {
        "by": w.administrator,
        "item": _item(w, "draft"),
        "audience": AudienceFactory(),
        "title": "Học kỹ năng số miễn phí",
        "body": "Phường mở lớp học miễn phí.",
    },
    "content.item_services.submit_for_review": lambda w: {"by": w.administrator, "item": _item(w, "draft")},
    "content.item_services.request_changes": lambda w: {
        "by": w.administrator,
        "item": _item(w, "in_review"),
        "reason": "Viết ngắn hơn.",
    },
    "content.item_services.approve": lambda w: {"by": w.administrator, "item": _item(w, "in_review")},
    "content.item_services.publish": lambda w: {"by": w.administrator, "item": _item(w, "approved")},
    "content.item_services.archive": lambda w: {"by": w.administrator, "item": _item(w, "published")},
    "content.item_services.comment_add": lambda w: {
        "by": w.administrator,
        "item": _item(w, "draft"),
        "text": "Thêm số điện thoại của phường.",
    },
    "content.renditions_services.rendition_create": lambda w: {
        "by": w.administrator,
        "variant": _approved_variant(w),
        "channel": "sms",
    },
    "content.renditions_services.rendition_update": lambda w: {
        "by": w.administrator,
        "rendition": _rendition(w, "sms"),
        "expected_version": 1,
        "fields": {"text": "Mời bà con đến học kỹ năng số miễn phí tại phường."},
    },
    "content.renditions_services.rendition_generate": lambda w: {
        "by": w.administrator,
        "rendition": _rendition(w, "poster"),
        "expected_version": 1,
    },
    "content.renditions_services.rendition_delete": lambda w: {
        "by": w.administrator,
        "rendition": _rendition(w, "sms"),
        "expected_version": 1,
    },
    "content.media_services.media_upload": lambda w: {
        "by": w.administrator,
        "upload": _media_png(),
        "title": "Áp phích Bình dân học vụ số",
        "alt_text": "Áp phích đỏ với khẩu hiệu",
    },
    "content.media_services.media_link_add": lambda w: {
        "by": w.administrator,
        "url": "https://example.org/video/binh-dan-hoc-vu-so",
        "title": "Phim hướng dẫn",
    },
    "content.media_services.media_update": lambda w: {
        "by": w.administrator,
        "asset": _media_link(w),
        "expected_version": 1,
        "title": "Phim hướng dẫn cài VNeID",
    },
    "content.media_services.media_delete": lambda w: {
        "by": w.administrator,
        "asset": _media_link(w),
        "expected_version": 1,
    },
    "content.kit_services.kit_create": lambda w: {
        "by": w.administrator,
        "item": _approved_variant(w).item,
        "group": "reporters",
        "title": "Tài liệu cho báo cáo viên",
        "points": ["Ai cũng học được kỹ năng số."],
        "questions": [("Có mất tiền không?", "Không, lớp học miễn phí.")],
    },
    "content.kit_services.kit_update": lambda w: {
        "by": w.administrator,
        "kit": _kit(w),
        "expected_version": 1,
        "group": "propagandists",
        "title": "Tài liệu cho tuyên truyền viên",
        "points": ["Lớp học miễn phí tại phường."],
    },
    "content.kit_services.kit_delete": lambda w: {
        "by": w.administrator,
        "kit": _kit(w),
        "expected_version": 1,
    },
    "reporting.services.reports_generate": lambda w: {
        "by": w.administrator,
        "data_set": _data_set(w),
        "period": Period.current("week"),
    },
    "reporting.services.report_open": lambda w: {
        "by": w.officer,
        "data_set": _data_set(w),
        "unit": w.ward,
        "period": Period.current("week"),
    },
    "reporting.services.report_save": lambda w: {
        **_report_action(w, "draft", by=w.officer),
        "cells": _cells(w, 7),
    },
    "reporting.services.report_refresh_computed": lambda w: _refresh_computed(w),
    "reporting.services.report_submit": lambda w: _report_action(w, "saved", by=w.officer),
    "reporting.services.report_approve": lambda w: _report_action(w, "submitted", by=w.administrator),
    "reporting.services.report_return": lambda w: _report_action(
        w, "submitted", by=w.administrator, reason="Thiếu minh chứng."
    ),
    "reporting.services.report_reopen_request": lambda w: _report_action(
        w, "approved", by=w.officer, reason="Nhập nhầm số sự kiện."
    ),
    "reporting.services.report_reopen_decide": lambda w: _report_action(
        w, "reopen_requested", by=w.administrator, approve=True, note="Đồng ý."
    ),
    "reporting.services.reports_approve": lambda w: {
        "by": w.administrator,
        "versions": {(r := _report(w, "submitted")).pk: r.version},
    },
    "reporting.services.lock_exception_grant": lambda w: {
        "by": w.administrator,
        "data_set": _data_set(w),
        "unit": w.ward,
        "period": Period.current("week"),
        "open_until": timezone.localdate() + datetime.timedelta(days=7),
        "reason": "Phường mất điện cả tuần.",
    },
    "reporting.services.reports_urge": lambda w: {
        "by": w.administrator,
        "data_set": _data_set(w),
        "period": Period.current("week"),
        "units": [w.ward],
    },
    "audit.services.record": lambda w: {
        "actor": w.system,
        "action": "audit.recorded_by_test",
        "target": w.ward,
        "before": {"name": "cũ"},
    },
}


def _task(w: World, state: str = "new"):
    """The ward's task of a new assignment, moved on to `state` ("new", "done" or "returned")."""
    from lantoa.assignments.services import assignment_create, task_mark_done, task_return

    assignment = assignment_create(
        by=w.administrator,
        title="Mở lớp Bình dân học vụ số",
        instructions="",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        targets=TargetSpec.hand_picked([w.ward.pk]),
    )
    task = assignment.tasks.select_related("assignment", "unit").get()
    if state in ("done", "returned"):
        task = task_mark_done(by=w.officer, task=task, expected_version=1)
    if state == "returned":
        task = task_return(by=w.administrator, task=task, expected_version=2, reason="Thiếu số liệu.")
    return task


def _glossary_term(w: World):
    from lantoa.content.services import glossary_term_create

    return glossary_term_create(by=w.administrator, term="kinh tế số", explanation="Kinh doanh trên mạng.")


def _approved_variant(w: World):
    """An approved item's variant for residents, written straight to the tables (no workflow)."""
    from lantoa.content.models import ContentItem, ContentVariant

    item = ContentItem.objects.create(
        title="Bình dân học vụ số", owner_unit=w.department, state=ContentItem.State.APPROVED
    )
    return ContentVariant.objects.create(
        item=item,
        audience=AudienceFactory(),
        title="Học kỹ năng số miễn phí",
        body="Phường mở lớp học miễn phí.",
        call_to_action="Đăng ký tại phường.",
    )


def _media_png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#c0392b").save(out, "PNG")
    return SimpleUploadedFile("ap-phich.png", out.getvalue(), content_type="image/png")


def _media_link(w: World):
    from lantoa.content.media_services import media_link_add

    return media_link_add(by=w.administrator, url="https://example.org/video/1", title="Phim hướng dẫn")


def _item(w: World, state: str):
    """An item in `state` written by nobody in particular (so the administrator may approve it), with
    a variant that meets its audience's target."""
    from lantoa.content.models import ContentItem, ContentVariant

    item = ContentItem.objects.create(title="Bình dân học vụ số", owner_unit=w.department, state=state)
    ContentVariant.objects.create(
        item=item,
        audience=AudienceFactory(),
        title="Học kỹ năng số miễn phí",
        body="Phường mở lớp học miễn phí.",
        meets_target=True,
    )
    return item


def _rendition(w: World, channel: str):
    from lantoa.content.renditions_services import rendition_create

    return rendition_create(by=w.administrator, variant=_approved_variant(w), channel=channel)


def _kit(w: World):
    from lantoa.content.kit_services import kit_create

    return kit_create(
        by=w.administrator,
        item=_approved_variant(w).item,
        group="reporters",
        title="Tài liệu cho báo cáo viên",
        points=["Ai cũng học được kỹ năng số."],
    )


def _data_set(w: World):
    """A weekly data set of one indicator (events) for wards, approved by the coordinator, never locked;
    its tasks-completed indicator is computed."""
    from lantoa.reporting.models import DataSet, DataSetIndicator

    plan = PlanFactory(issuing_unit=w.city)
    events = IndicatorFactory(plan=plan, code="SK", name="Số sự kiện", unit_of_measure="sự kiện")
    tasks = IndicatorFactory(
        plan=plan, code="NV", name="Số nhiệm vụ", unit_of_measure="nhiệm vụ", source="assignments.completed"
    )
    data_set = DataSet.objects.create(
        code="bao-cao-tuan",
        name="Báo cáo tuần",
        plan=plan,
        periodicity="week",
        unit_kinds=["ward"],
        opening_offset_days=-6,
        due_offset_days=1,
        timely_offset_days=2,
        expiry_offset_days=None,
        approval="coordinator",
    )
    for order, indicator in enumerate([events, tasks]):
        DataSetIndicator.objects.create(data_set=data_set, indicator=indicator, sort_order=order)
    return data_set


def _cells(w: World, figure: int):
    from lantoa.plans.models import Indicator
    from lantoa.reporting.services import CellInput

    events = Indicator.objects.get(code="SK")
    return [CellInput(events.pk, ("", "", ""), Decimal(figure))]


def _report(w: World, state: str):
    """This week's report of the ward, moved on to `state` through the services."""
    from lantoa.reporting import services

    report = services.report_open(
        by=w.officer, data_set=_data_set(w), unit=w.ward, period=Period.current("week")
    )
    if state == "draft":
        return report
    report = services.report_save(
        by=w.officer, report=report, expected_version=report.version, cells=_cells(w, 3)
    ).report
    if state == "saved":
        return report
    report = services.report_submit(by=w.officer, report=report, expected_version=report.version)
    if state == "submitted":
        return report
    report = services.report_approve(by=w.administrator, report=report, expected_version=report.version)
    if state == "approved":
        return report
    return services.report_reopen_request(
        by=w.officer, report=report, expected_version=report.version, reason="Nhập nhầm."
    )


def _report_action(w: World, state: str, **kwargs: Any) -> dict[str, Any]:
    report = _report(w, state)
    return {"report": report, "expected_version": report.version, **kwargs}


def _refresh_computed(w: World) -> dict[str, Any]:
    """A draft opened before the ward completed a task: asking again finds the task."""
    report = _report(w, "draft")
    _task(w, "done")
    return {"by": w.officer, "report": report}


def _complete_plan(w: World):
    plan = PlanFactory(issuing_unit=w.city)
    ObjectiveFactory(plan=plan, indicator=IndicatorFactory(plan=plan))
    return plan


@pytest.fixture
def world(city, administrator, system):
    department = UnitFactory(
        parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind=UnitKind.DEPARTMENT
    )
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm", kind=UnitKind.WARD)
    officer = UserFactory(username="can-bo-phuong", roles=[("officer", ward)])
    city.refresh_from_db()
    return World(system, city, department, ward, administrator, officer)


def test_services_are_found():
    """The walk finds the services of every app that has them (a broken walk would pass vacuously)."""
    apps = {name.split(".")[0] for name in SERVICES}
    assert {"accounts", "org", "audit"} <= apps
    assert "accounts.services.user_create" in SERVICES
    assert "accounts.services.USER_FIELDS" not in SERVICES  # constants are not services
    assert not any(name.startswith("org.services.transaction") for name in SERVICES)  # nor imported names


def test_recipes_and_exemptions_name_only_existing_services():
    stale = (set(RECIPES) | set(NOT_AUDITED)) - set(SERVICES)
    assert not stale, f"remove these entries: no such service any more: {sorted(stale)}"
    assert not set(RECIPES) & set(NOT_AUDITED), "a service has both a recipe and an exemption"


@pytest.mark.parametrize("name", sorted(set(SERVICES) - set(NOT_AUDITED)))
def test_service_writes_an_audit_entry(name, world):
    # The exemptions are checked by test_recipes_and_exemptions_name_only_existing_services.
    if name not in RECIPES:
        pytest.fail(
            f"{name} has no recipe in tests/security/test_audit_coverage.py. Add one to RECIPES that "
            "builds its keyword arguments, and make the service call lantoa.audit.services.record(...) for "
            "the change it makes (or, only if it writes nothing anyone did, add it to NOT_AUDITED with "
            "the reason).",
            pytrace=False,
        )
    kwargs = RECIPES[name](world)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # A service given the request runs inside allauth's request context, as under AccountMiddleware.
    request = kwargs.get("request")
    with request_context(request) if request is not None else nullcontext():
        SERVICES[name](**kwargs)

    app = name.split(".")[0]
    new = list(AuditEntry.objects.filter(id__gt=last).order_by("id"))
    complete = [
        entry
        for entry in new
        if entry.actor_label
        and entry.action.startswith(f"{app}.")
        and entry.target_type
        and entry.target_id
        and (entry.before is not None or entry.after is not None)
    ]
    assert complete, (
        f"{name} wrote no complete audit entry (actor label, an action named '{app}.…', target type and id, "
        f"a before or after snapshot). It wrote: "
        f"{[(e.actor_label, e.action, e.target_type, e.target_id, e.before, e.after) for e in new]}"
    )
