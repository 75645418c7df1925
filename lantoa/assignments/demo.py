"""The demo's tasks: what Sở Văn hóa và Thể thao gives the units under plan 179/KH-UBND, and how far
each unit has got, as of the day the demo is loaded.

Five assignments from the plan's work (seed: publish on the portals, hang banners, broadcast on the
loudspeakers, open "Bình dân học vụ số" classes, report the month's numbers) go to every department
and city agency or every commune and ward. Some are past their due date, so the board has late units
to urge; units are spread over the states in a fixed, realistic way (most of the work of the older
assignments is done and accepted, the newer ones have just started). Phường Hoàn Kiếm's banner task
was returned with a reason, so the demo officer sees one.

The demo coordinator of Sở Văn hóa và Thể thao is given the coordinator role over the City's units:
the plan makes that department the lead that guides and urges every unit on.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.accounts.models import RoleAssignment, User
from lantoa.accounts.roles import Role
from lantoa.accounts.services import role_grant
from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders
from lantoa.core.text import fold
from lantoa.org.models import Unit
from lantoa.plans.models import Indicator, Plan

from .models import Assignment, EvidenceKind, TaskState, UnitTask
from .services import (
    EvidenceInput,
    assignment_create,
    comment_add,
    task_accept,
    task_mark_done,
    task_return,
    task_start,
)
from .targets import TargetSpec

PLAN_CODE = "179/KH-UBND"
ISSUER = "S-VHTT"
HOAN_KIEM = "00070"
HOAN_KIEM_COMMENT = (
    "Phường đã treo 12 băng rôn tại trụ sở và trên các phố Hàng Bài, Đinh Tiên Hoàng, Tràng Tiền; "
    "sẽ gửi bổ sung ảnh chụp trong tuần."
)

# Shares of the units in each state (accepted, done, returned, in progress; the rest stay new).
Shares = tuple[float, float, float, float]


@dataclass(frozen=True)
class DemoAssignment:
    title: str
    instructions: str
    evidence_expected: str
    evidence_kinds: tuple[str, ...]
    indicators: tuple[str, ...]
    target: Callable[[], TargetSpec]
    issued_days_ago: int
    due_in_days: int  # negative: past due
    shares: Shares
    evidence: Callable[[Unit, int], list[EvidenceInput]]
    hoan_kiem: str = TaskState.NEW  # the state of Phường Hoàn Kiếm's task, for the demo officer
    returned_reasons: tuple[str, ...] = field(default=())


def _portal(unit: Unit) -> str:
    """The unit's portal, as Hà Nội names them: hoankiem.hanoi.gov.vn, sovhtt.hanoi.gov.vn."""
    name = unit.name
    for prefix in ("Phường ", "Xã ", "Sở ", "Ban Quản lý ", "Trung tâm "):
        name = name.removeprefix(prefix)
    host = fold(name).replace(" ", "").replace("-", "").replace("–", "")[:30] or unit.code.lower()
    return f"https://{host}.hanoi.gov.vn"


def _link(path: str) -> Callable[[Unit, int], list[EvidenceInput]]:
    return lambda unit, n: [EvidenceInput(kind=EvidenceKind.LINK, url=f"{_portal(unit)}/{path}")]


def _numbers(
    label: str, unit_of_measure: str, low: int, high: int
) -> Callable[[Unit, int], list[EvidenceInput]]:
    return lambda unit, n: [
        EvidenceInput(
            kind=EvidenceKind.NUMBER,
            number=Decimal(low + n % (high - low + 1)),
            number_label=label,
            number_unit=unit_of_measure,
        )
    ]


def _both(*makers: Callable[[Unit, int], list[EvidenceInput]]) -> Callable[[Unit, int], list[EvidenceInput]]:
    return lambda unit, n: [item for make in makers for item in make(unit, n)]


def _previous_month(today: datetime.date) -> str:
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{last.month}/{last.year}"


def assignments(today: datetime.date) -> list[DemoAssignment]:
    month = _previous_month(today)
    return [
        DemoAssignment(
            title="Đăng tải chuyên mục tuyên truyền Nghị quyết 57-NQ/TW trên cổng thông tin điện tử",
            instructions=(
                "Thực hiện Kế hoạch 179/KH-UBND, đề nghị các sở, ban, ngành xây dựng chuyên mục "
                "“Nghị quyết 57-NQ/TW – Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số” trên cổng "
                "thông tin điện tử của đơn vị; đăng tải toàn văn Nghị quyết, Kế hoạch của Thành phố và tối "
                "thiểu 04 tin, bài về kết quả triển khai trong lĩnh vực phụ trách."
            ),
            evidence_expected="Đường dẫn tới chuyên mục trên cổng thông tin điện tử của đơn vị.",
            evidence_kinds=(EvidenceKind.LINK,),
            indicators=("DR-01", "DR-06"),
            target=TargetSpec.departments,
            issued_days_ago=45,
            due_in_days=-15,
            shares=(0.70, 0.12, 0.06, 0.0),
            evidence=_link("chuyen-muc/nghi-quyet-57-nq-tw"),
            returned_reasons=(
                "Chuyên mục mới đăng toàn văn Nghị quyết, chưa có tin, bài về kết quả triển khai của "
                "đơn vị. Đề nghị bổ sung tối thiểu 04 tin, bài.",
            ),
        ),
        DemoAssignment(
            title="Treo băng rôn, pa-nô tuyên truyền phong trào “Bình dân học vụ số”",
            instructions=(
                "Treo băng rôn, pa-nô tuyên truyền phong trào “Bình dân học vụ số” tại trụ sở Ủy ban nhân "
                "dân, nhà văn hóa tổ dân phố, thôn và các tuyến phố chính trên địa bàn, theo mẫu maket do "
                "Sở Văn hóa và Thể thao cung cấp. Thời gian treo tối thiểu 30 ngày."
            ),
            evidence_expected=(
                "Số băng rôn, pa-nô đã treo và đường dẫn tới ảnh chụp tại các vị trí (trên cổng thông tin "
                "hoặc trang mạng xã hội của xã, phường)."
            ),
            evidence_kinds=(EvidenceKind.NUMBER,),
            indicators=("DR-04", "DR-06"),
            target=TargetSpec.communes_and_wards,
            issued_days_ago=30,
            due_in_days=-6,
            shares=(0.52, 0.16, 0.05, 0.12),
            evidence=_both(
                _numbers("Số băng rôn, pa-nô đã treo", "chiếc", 8, 36), _link("tin-tuc/binh-dan-hoc-vu-so")
            ),
            hoan_kiem=TaskState.RETURNED,
            returned_reasons=(
                "Ảnh chụp chưa thể hiện rõ nội dung băng rôn; số băng rôn báo cáo chưa khớp với báo cáo "
                "tuần. Đề nghị phường bổ sung ảnh chụp từng vị trí và cập nhật số lượng.",
                "Chưa có ảnh chụp tại các vị trí đã treo. Đề nghị bổ sung đường dẫn tới ảnh chụp.",
            ),
        ),
        DemoAssignment(
            title="Phát thanh tin tuyên truyền Nghị quyết 57-NQ/TW trên hệ thống loa truyền thanh cơ sở",
            instructions=(
                "Phát thanh bộ tin, bài tuyên truyền Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số” "
                "do Sở Văn hóa và Thể thao biên tập, tối thiểu 02 lượt mỗi ngày, vào khung giờ sáng và "
                "chiều, trong 10 ngày liên tục."
            ),
            evidence_expected="Tổng số lượt phát thanh trong đợt.",
            evidence_kinds=(EvidenceKind.NUMBER,),
            indicators=("DR-02", "DR-06"),
            target=TargetSpec.communes_and_wards,
            issued_days_ago=10,
            due_in_days=4,
            shares=(0.10, 0.22, 0.0, 0.30),
            evidence=_numbers("Số lượt phát thanh", "lượt", 20, 40),
            hoan_kiem=TaskState.IN_PROGRESS,
        ),
        DemoAssignment(
            title="Tổ chức lớp “Bình dân học vụ số” hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
            instructions=(
                "Mỗi xã, phường tổ chức tối thiểu 02 lớp “Bình dân học vụ số” tại nhà văn hóa hoặc điểm "
                "phục vụ hành chính công, hướng dẫn người dân cài đặt VNeID, nộp hồ sơ trên Cổng dịch vụ "
                "công và nhận diện lừa đảo trực tuyến. Ưu tiên người cao tuổi và hộ kinh doanh."
            ),
            evidence_expected="Số lớp đã mở, số người tham gia và đường dẫn tin, bài về lớp học.",
            evidence_kinds=(EvidenceKind.NUMBER, EvidenceKind.LINK),
            indicators=("TN-01", "DR-06"),
            target=TargetSpec.communes_and_wards,
            issued_days_ago=5,
            due_in_days=25,
            shares=(0.0, 0.06, 0.0, 0.25),
            evidence=_both(
                _numbers("Số người tham gia", "người", 45, 160), _link("tin-tuc/lop-binh-dan-hoc-vu-so")
            ),
        ),
        DemoAssignment(
            title=f"Báo cáo số liệu kết quả tuyên truyền tháng {month}",
            instructions=(
                f"Báo cáo số tin, bài đã đăng, số lượt phát thanh và số người dân được hướng dẫn kỹ năng số "
                f"trong tháng {month}, theo biểu mẫu đính kèm Kế hoạch 179/KH-UBND."
            ),
            evidence_expected="Các số liệu của tháng; có thể kèm tệp XLSX theo biểu mẫu.",
            evidence_kinds=(EvidenceKind.NUMBER,),
            indicators=("DR-01", "DR-02", "TN-01"),
            target=TargetSpec.communes_and_wards,
            issued_days_ago=3,
            due_in_days=7,
            shares=(0.0, 0.18, 0.0, 0.10),
            evidence=_numbers("Số tin, bài đã đăng", "tin, bài", 4, 18),
        ),
    ]


def _spread(n: int, shares: Shares) -> list[str]:
    """`n` states in the given shares, in a fixed order."""
    accepted, done, returned, in_progress = (round(n * s) for s in shares)
    states: list[str] = (
        [TaskState.ACCEPTED.value] * accepted
        + [TaskState.DONE.value] * done
        + [TaskState.RETURNED.value] * returned
        + [TaskState.IN_PROGRESS.value] * in_progress
    )
    return (states + [TaskState.NEW.value] * n)[:n]


def _mixed(tasks: list[UnitTask], salt: str) -> list[UnitTask]:
    """The tasks in an order that looks random but is the same on every load."""
    return sorted(tasks, key=lambda t: hashlib.sha256(f"{salt}:{t.unit.code}".encode()).hexdigest())


def _coordinator_over_the_city(coordinator: User, system: Any) -> None:
    city = Unit.objects.filter(depth=1).order_by("path").first()
    if city is None:
        return
    held = RoleAssignment.objects.filter(user=coordinator, role=Role.COORDINATOR, unit=city).exists()
    if not held:
        role_grant(by=system, user=coordinator, role=Role.COORDINATOR, unit=city, include_subtree=True)


def _move(
    *,
    task: UnitTask,
    state: str,
    demo: DemoAssignment,
    number: int,
    officer: Any,
    coordinator: Any,
    system: Any,
) -> None:
    """Take one unit's task to `state` through the services, as its people would have."""
    if state == TaskState.NEW:
        return
    if state == TaskState.IN_PROGRESS:
        task_start(by=officer, task=task, expected_version=task.version)
        return
    task = task_mark_done(
        by=officer, task=task, expected_version=task.version, evidence=demo.evidence(task.unit, number)
    )
    if state == TaskState.ACCEPTED:
        task_accept(by=coordinator, task=task, expected_version=task.version)
    elif state == TaskState.RETURNED:
        reasons = demo.returned_reasons or ("Đề nghị bổ sung minh chứng.",)
        task_return(
            by=coordinator, task=task, expected_version=task.version, reason=reasons[number % len(reasons)]
        )


def load_assignments() -> str:
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    issuer = Unit.objects.filter(code=ISSUER).first()
    if plan is None or issuer is None:
        return "Tasks: not loaded (no plan 179/KH-UBND or no Sở Văn hóa và Thể thao)"
    if Assignment.objects.filter(plan=plan).exists():
        return "Tasks: already loaded"
    system = access.system("load_demo")
    people = (
        {u.username: u for u in User.objects.filter(username__in=["coordinator", "officer"])}
        if settings.DEMO
        else {}
    )
    coordinator, officer = people.get("coordinator"), people.get("officer")
    if coordinator is not None:
        _coordinator_over_the_city(coordinator, system)
    today = timezone.localdate()
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    made = 0
    with transaction.atomic():
        for demo in assignments(today):
            assignment = assignment_create(
                by=system,
                title=demo.title,
                instructions=demo.instructions,
                due_on=today + datetime.timedelta(days=demo.due_in_days),
                targets=demo.target(),
                plan=plan,
                indicators=[indicators[c] for c in demo.indicators if c in indicators],
                evidence_expected=demo.evidence_expected,
                evidence_kinds=demo.evidence_kinds,
                issuing_unit=issuer,
                today=today - datetime.timedelta(days=demo.issued_days_ago),
                recorded_for=coordinator,
            )
            tasks = _mixed(list(assignment.tasks.select_related("unit", "assignment")), demo.title)
            hoan_kiem = next((t for t in tasks if t.unit.code == HOAN_KIEM), None)
            others = [t for t in tasks if t is not hoan_kiem]
            for number, (task, state) in enumerate(
                zip(others, _spread(len(others), demo.shares), strict=True)
            ):
                _move(
                    task=task,
                    state=state,
                    demo=demo,
                    number=number,
                    officer=system,
                    coordinator=system,
                    system=system,
                )
            if hoan_kiem is not None:
                _move(
                    task=hoan_kiem,
                    state=demo.hoan_kiem,
                    demo=demo,
                    number=0,
                    officer=officer or system,
                    coordinator=coordinator or system,
                    system=system,
                )
                if demo.hoan_kiem == TaskState.RETURNED and officer is not None:
                    comment_add(
                        by=officer,
                        task=hoan_kiem,
                        body=HOAN_KIEM_COMMENT,
                    )
            made += 1
    count = UnitTask.objects.filter(assignment__plan=plan).count()
    return f"Tasks: {made} assignments, {count} unit tasks"


loaders.register(DemoLoader(code="assignments.demo", order=35, load=load_assignments))
