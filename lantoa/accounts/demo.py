"""Demo accounts, one per role, password `lantoa-demo`: created only in demo mode."""

from django.conf import settings

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders
from lantoa.org.models import Unit

from .models import User
from .roles import Role
from .services import user_create

DEMO_PASSWORD = "lantoa-demo"

# username, role, unit code, over its subtree, family name, given name, title
DEMO_PEOPLE = [
    ("admin", Role.ADMINISTRATOR, "HN", True, "Trần Quốc", "Bảo", "Quản trị viên hệ thống"),
    (
        "coordinator",
        Role.COORDINATOR,
        "S-VHTT",
        False,
        "Nguyễn Thị",
        "Hồng",
        "Chuyên viên Phòng Thông tin cơ sở",
    ),
    ("officer", Role.OFFICER, "00070", False, "Lê Minh", "Tuấn", "Công chức Văn hóa - Xã hội"),
    ("editor", Role.EDITOR, "S-VHTT", False, "Phạm Thu", "Trang", "Biên tập viên"),
    ("approver", Role.APPROVER, "00070", False, "Đỗ Văn", "Hải", "Phó Chủ tịch UBND phường"),
    ("field", Role.FIELD, "00070", False, "Vũ Thị", "Lan", "Cán bộ văn hóa tổ dân phố"),
    (
        "organiser",
        Role.ORGANISER,
        "S-KHCN",
        False,
        "Hoàng Đức",
        "Minh",
        "Chuyên viên Sở Khoa học và Công nghệ",
    ),
    ("viewer", Role.VIEWER, "HN", False, "Bùi Thanh", "Sơn", "Lãnh đạo Thành phố"),
]


def load_demo_people() -> str:
    if not settings.DEMO:
        return "Demo accounts: not created (not in demo mode)"
    actor = access.system("load_demo")
    created = 0
    for username, role, code, subtree, last, first, title in DEMO_PEOPLE:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            by=actor,
            unit=Unit.objects.get(code=code),
            role=role,
            username=username,
            email=f"{username}@demo.lantoa.invalid",
            first_name=first,
            last_name=last,
            include_subtree=subtree,
            title=title,
        )
        user = User.objects.get(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        created += 1
    return f"Demo accounts: {created} created, password {DEMO_PASSWORD}"


loaders.register(DemoLoader(code="accounts.people", order=20, load=load_demo_people))
