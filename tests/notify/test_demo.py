"""The demo's notifications for the ward officer: made once, in Vietnamese, in demo mode only."""

from lantoa.notify.demo import load_demo_notifications
from lantoa.notify.models import Delivery, Notification
from tests.factories import UserFactory


def test_the_demo_officer_finds_two_notifications_once(hanoi, settings, django_capture_on_commit_callbacks):
    officer = UserFactory(username="officer", roles=[("officer", hanoi["00070"])])
    UserFactory(username="coordinator", roles=[("coordinator", hanoi["S-VHTT"])])
    settings.DEMO = False
    assert load_demo_notifications() == "Demo notifications: not created (not in demo mode)"
    settings.DEMO = True
    with django_capture_on_commit_callbacks(execute=True):
        assert load_demo_notifications() == "Demo notifications: 2 for the ward officer"
        assert load_demo_notifications() == "Demo notifications: 0 for the ward officer"
    titles = list(
        Notification.objects.filter(recipient=officer).order_by("id").values_list("title", flat=True)
    )
    assert titles == [
        "Kế hoạch 179/KH-UBND tuyên truyền Nghị quyết 57-NQ/TW",
        "Đề nghị báo cáo kết quả tuyên truyền hằng tháng",
    ]
    assert set(Delivery.objects.values_list("transport", "status")) == {("inapp", "sent")}
