"""Demo notifications: the ward officer of Phường Hoàn Kiếm finds two messages from the coordinator
of Sở Văn hóa và Thể thao in the console. Only in demo mode (the demo accounts exist only then)."""

from django.conf import settings
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.core.demo import DemoLoader, loaders

from .services import message_send

# key, subject, body, where it leads
MESSAGES = [
    (
        "demo:ke-hoach-179",
        "Kế hoạch 179/KH-UBND tuyên truyền Nghị quyết 57-NQ/TW",
        "Sở Văn hóa và Thể thao gửi đồng chí Kế hoạch 179/KH-UBND ngày 08/7/2025 của UBND Thành phố về "
        "tuyên truyền Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số”.\n\n"
        "Đề nghị phường nghiên cứu, xây dựng kế hoạch triển khai tại địa phương.",
        "console:plan-index",
    ),
    (
        "demo:bao-cao-thang",
        "Đề nghị báo cáo kết quả tuyên truyền hằng tháng",
        "Đề nghị Phường Hoàn Kiếm báo cáo số tin, bài, lượt phát thanh trên hệ thống loa truyền thanh cơ sở "
        "và số người dân được hướng dẫn kỹ năng số trong tháng, trước ngày 25 hằng tháng.",
        "console:notification-index",
    ),
]


def load_demo_notifications() -> str:
    if not settings.DEMO:
        return "Demo notifications: not created (not in demo mode)"
    officer = User.objects.filter(username="officer").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if officer is None or coordinator is None:
        return "Demo notifications: no demo officer or coordinator"
    made = 0
    for key, subject, body, url_name in MESSAGES:
        made += message_send(
            by=coordinator,
            recipients=[officer],
            subject=subject,
            body=body,
            url=reverse(url_name),
            key=key,
            transports=("inapp",),
        )
    return f"Demo notifications: {made} for the ward officer"


loaders.register(DemoLoader(code="notify.demo", order=90, load=load_demo_notifications))
