"""Demo content items on the demo plan's themes (plan 179/KH-UBND), each with a variant for residents and
one for businesses, in Vietnamese. Written by the demo editor; the first is approved by the demo
approver, the second waits in review, the third is a draft. Loading twice adds nothing."""

from dataclasses import dataclass
from typing import Any

from lantoa.core import access
from lantoa.org.models import Audience, Unit
from lantoa.plans.models import Theme

from . import item_services as services
from .models import ContentItem

PLAN_CODE = "179/KH-UBND"

# theme number, title, key message, body (HTML), sources, tags, final state,
# {audience code: (title, body, call to action)}
ITEMS: list[tuple[int, str, str, str, str, str, str, dict[str, tuple[str, str, str]]]] = [
    (
        1,
        "Bình dân học vụ số: lớp học kỹ năng số miễn phí ở phường",
        "Ai cũng học được, ai cũng dùng được kỹ năng số.",
        "<p>Thực hiện phong trào <strong>“Bình dân học vụ số”</strong>, các phường, xã của Thủ đô mở lớp "
        "hướng dẫn kỹ năng số miễn phí cho người dân: cài và dùng tài khoản định danh điện tử VNeID, "
        "nộp hồ sơ trên Cổng dịch vụ công, thanh toán không dùng tiền mặt, nhận biết lừa đảo trên mạng.</p>"
        "<p>Lớp học do đoàn viên thanh niên và tổ công nghệ số cộng đồng đứng lớp, vào buổi tối và cuối "
        "tuần tại nhà văn hóa tổ dân phố.</p>",
        "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Kế hoạch 179/KH-UBND của UBND Thành phố",
        "Bình dân học vụ số, kỹ năng số, VNeID",
        ContentItem.State.APPROVED,
        {
            "nhan-dan": (
                "Học dùng điện thoại thông minh miễn phí",
                "Phường mở lớp học dùng điện thoại thông minh. Lớp học miễn phí. Bà con được chỉ cách cài "
                "VNeID, nộp hồ sơ qua mạng và trả tiền bằng mã QR. Lớp học vào tối thứ bảy và sáng chủ "
                "nhật, ở nhà văn hóa tổ dân phố. Các bạn đoàn viên sẽ cầm tay chỉ việc. Ai cũng học được.",
                "Đăng ký với tổ trưởng tổ dân phố trước thứ sáu.",
            ),
            "doanh-nghiep": (
                "Hộ kinh doanh học bán hàng và nhận tiền qua mạng",
                "Phường mở lớp kỹ năng số miễn phí cho hộ kinh doanh. Anh chị được hướng dẫn lập gian hàng "
                "trên mạng, nhận tiền bằng mã QR và xuất hóa đơn điện tử. Lớp học ngoài giờ bán hàng, tại "
                "nhà văn hóa tổ dân phố. Học xong, cửa hàng bán được cả trên mạng.",
                "Gọi cho bộ phận một cửa của phường để giữ chỗ.",
            ),
        },
    ),
    (
        2,
        "Làm thủ tục hành chính trực tuyến, không phải đến phường",
        "Đến năm 2030, trên 80% người dân và doanh nghiệp dùng dịch vụ công trực tuyến.",
        "<p>Nhiều thủ tục hành chính nay làm được hoàn toàn trên Cổng dịch vụ công quốc gia và Cổng dịch vụ "
        "công Thành phố Hà Nội: đăng ký khai sinh, đăng ký thường trú, cấp phiếu lý lịch tư pháp, đăng "
        "ký hộ kinh doanh. Người dân đăng nhập bằng tài khoản VNeID mức độ 2, nộp hồ sơ, trả phí và nhận "
        "kết quả qua mạng.</p>",
        "Nghị quyết 57-NQ/TW; Chương trình hành động của Chính phủ (Nghị quyết 03/NQ-CP năm 2025)",
        "dịch vụ công trực tuyến, VNeID",
        ContentItem.State.IN_REVIEW,
        {
            "nhan-dan": (
                "Làm giấy tờ ngay trên điện thoại",
                "Bà con không cần xếp hàng ở phường nữa. Khai sinh cho con, đăng ký thường trú, xin lý lịch "
                "tư pháp đều làm được trên điện thoại. Bà con đăng nhập bằng VNeID. Hồ sơ xong, kết quả "
                "được gửi về tận nhà.",
                "Mở ứng dụng VNeID và chọn mục thủ tục hành chính.",
            ),
            "doanh-nghiep": (
                "Đăng ký hộ kinh doanh trực tuyến",
                "Hộ kinh doanh nay đăng ký, thay đổi thông tin và nộp thuế trên Cổng dịch vụ công. Không "
                "phải nộp giấy, không phải chờ ở một cửa. Chủ hộ đăng nhập bằng tài khoản VNeID mức độ 2. "
                "Kết quả được trả qua mạng và gửi qua bưu điện nếu cần.",
                "Vào dichvucong.gov.vn để nộp hồ sơ.",
            ),
        },
    ),
    (
        4,
        "Cảnh giác lừa đảo trên mạng",
        "Không bấm đường link lạ, không cho ai biết mã OTP.",
        "<p>Kẻ gian giả danh công an, ngân hàng, điện lực để gọi điện, nhắn tin, yêu cầu bấm đường link "
        "lạ hoặc đọc mã xác thực. Người dân cần bình tĩnh, không làm theo, gọi lại số đường dây nóng chính "
        "thức để kiểm tra.</p>",
        "Công an Thành phố Hà Nội: cảnh báo các thủ đoạn lừa đảo trên không gian mạng",
        "an toàn mạng, lừa đảo",
        ContentItem.State.DRAFT,
        {
            "nhan-dan": (
                "Lạ thì đừng bấm",
                "Có người gọi tự xưng là công an hay ngân hàng. Họ bảo bà con bấm vào đường link hoặc đọc "
                "mã số gửi về máy. Đừng làm theo. Công an không bao giờ gọi để hỏi mã số. Hãy tắt máy và "
                "báo cho công an phường.",
                "Gọi 113 khi nghi bị lừa.",
            ),
        },
    ),
]


def demo_person(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first() or access.system("load_demo")


@dataclass
class Writers:
    """What every demo item is written with: the plan's themes, the audiences, the owner unit and the
    two people who write and approve."""

    themes: dict[int, Theme]
    audiences: dict[str, Audience]
    owner: Unit | None
    editor: Any
    approver: Any

    @classmethod
    def load(cls) -> "Writers":
        return cls(
            themes={t.number: t for t in Theme.objects.filter(plan__code=PLAN_CODE)},
            audiences={a.code: a for a in Audience.objects.all()},
            owner=Unit.objects.filter(code="S-VHTT").first(),
            editor=demo_person("editor"),
            approver=demo_person("approver"),
        )

    def write(
        self,
        number: int,
        title: str,
        key_message: str,
        body: str,
        sources: str,
        tags: str,
        variants: dict[str, tuple[str, str, str]],
    ) -> ContentItem:
        """A draft item on theme `number` with its variants (those whose audience exists)."""
        item = services.item_create(
            by=self.editor,
            title=title,
            key_message=key_message,
            body=body,
            sources=sources,
            tags=tags,
            theme=self.themes.get(number),
            owner_unit=self.owner,
        )
        for code, (v_title, v_body, action) in variants.items():
            if code in self.audiences:
                services.variant_save(
                    by=self.editor,
                    item=item,
                    audience=self.audiences[code],
                    title=v_title,
                    body=v_body,
                    call_to_action=action,
                )
        return item


def load_items() -> str:
    """The demo items, unless the plan is missing or the items are already there."""
    writers = Writers.load()
    editor, approver = writers.editor, writers.approver
    created = 0
    for number, title, key_message, body, sources, tags, state, variants in ITEMS:
        if ContentItem.objects.filter(title=title).exists():
            continue
        item = writers.write(number, title, key_message, body, sources, tags, variants)
        if state in (ContentItem.State.IN_REVIEW, ContentItem.State.APPROVED):
            item = services.submit_for_review(by=editor, item=item)
        if state == ContentItem.State.APPROVED:
            services.comment_add(by=approver, item=item, text="Nội dung rõ ràng, dễ hiểu. Đồng ý phát hành.")
            services.approve(by=approver, item=item)
        created += 1
    return f"Content items: {created} created, {ContentItem.objects.count()} in all"
