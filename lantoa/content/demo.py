"""Demo glossary: campaign jargon from Resolution 57-NQ/TW and "Bình dân học vụ số", explained plainly;
demo content items on the demo plan's themes, written for residents and businesses (one approved,
one in review, one draft); and published content on the four themes for the five audiences
(`demo_published`), with their renditions (SMS, social posts, A4 posters, loudspeaker audio) and one
briefing kit for reporters, all made through the same services as people's (checked and audited).

The explanations are written for Lan Tỏa in everyday Vietnamese; where a term has a legal
definition, `source` names the document (the explanation simplifies it, it does not quote it).
"""

from typing import Any

from django.conf import settings

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders

from . import item_services, kit_services, renditions_services
from .demo_items import Writers, load_items
from .demo_published import KIT_ITEM, KIT_POINTS, KIT_QUESTIONS, KIT_TITLE, PUBLISHED
from .glossary import folded_key
from .kit_models import BriefingKit
from .models import ContentItem, ContentRendition, GlossaryTerm
from .services import glossary_term_create

WRITTEN_FOR_LAN_TOA = "Lời giải thích dễ hiểu, biên soạn cho Lan Tỏa"

# term, plain explanation, example, source
TERMS: list[tuple[str, str, str, str]] = [
    (
        "chuyển đổi số",
        "Dùng máy tính, điện thoại và mạng Internet để thay đổi cách làm việc, học tập, mua bán và làm "
        "thủ tục, cho nhanh hơn, tiện hơn, ít giấy tờ hơn.",
        "Nộp hồ sơ xin giấy phép qua điện thoại thay vì mang giấy lên phường.",
        "Nghị quyết 57-NQ/TW của Bộ Chính trị; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "đổi mới sáng tạo",
        "Nghĩ ra và áp dụng cách làm mới, sản phẩm mới tốt hơn cách cũ, để làm ra nhiều giá trị hơn.",
        "Một hợp tác xã rau dùng cảm biến để tưới đúng lúc, đỡ tốn nước và công.",
        "Nghị quyết 57-NQ/TW của Bộ Chính trị; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "kinh tế số",
        "Những hoạt động làm ăn, mua bán, dịch vụ dùng công nghệ số và mạng Internet: bán hàng trực "
        "tuyến, trả tiền qua điện thoại, gọi xe qua ứng dụng.",
        "Cửa hàng tạp hóa nhận đặt hàng qua Zalo và nhận tiền bằng mã QR.",
        "Nghị quyết 57-NQ/TW (mục tiêu kinh tế số đạt ít nhất 30% GDP năm 2030); " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "chính quyền số",
        "Cơ quan nhà nước làm việc và phục vụ người dân bằng công nghệ số: nhận hồ sơ, trả kết quả, "
        "trả lời câu hỏi qua mạng, dựa trên dữ liệu.",
        "Phường nhắn tin báo kết quả hồ sơ, người dân không phải đến hỏi.",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "xã hội số",
        "Cộng đồng trong đó mọi người đều biết dùng công nghệ số một cách an toàn để học, làm việc, "
        "khám chữa bệnh và liên lạc với nhau.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "định danh điện tử",
        "Cách chứng minh “tôi là ai” trên mạng, giống như xuất trình thẻ căn cước nhưng bằng điện thoại. "
        "Ở nước ta dùng tài khoản VNeID do Bộ Công an cấp.",
        "Đăng nhập Cổng dịch vụ công bằng tài khoản VNeID.",
        "Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "tài khoản định danh điện tử mức độ 2",
        "Tài khoản VNeID đăng ký trực tiếp với công an, có ảnh chân dung và vân tay. Dùng được thay "
        "nhiều loại giấy tờ khi làm thủ tục.",
        "",
        "Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "dữ liệu số",
        "Thông tin được lưu trong máy tính, điện thoại (chữ, số, hình ảnh, âm thanh) để tra cứu, chia "
        "sẻ và dùng lại, không phải khai đi khai lại.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "trí tuệ nhân tạo",
        "Phần mềm máy tính học từ dữ liệu để tự nhận biết, trả lời câu hỏi, dịch, tóm tắt hay gợi ý, "
        "gần giống cách con người suy nghĩ. Viết tắt là AI.",
        "Tổng đài tự động trả lời câu hỏi về thủ tục vào cả ban đêm.",
        "Nghị quyết 57-NQ/TW; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "Bình dân học vụ số",
        "Phong trào giúp mọi người, nhất là người chưa quen, học miễn phí những kỹ năng cơ bản để dùng "
        "điện thoại, máy tính và Internet.",
        "Đoàn viên hướng dẫn người cao tuổi cài ứng dụng ở nhà văn hóa.",
        "Kế hoạch 01-KH/BCĐTW ngày 21/3/2025; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "kỹ năng số",
        "Những việc cần biết làm trên điện thoại, máy tính: tìm thông tin, nhắn tin, gọi video, trả "
        "tiền, làm thủ tục trực tuyến và tự bảo vệ mình trên mạng.",
        "",
        "Quyết định 757/QĐ-BKHCN (khung kỹ năng số); " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "dịch vụ công trực tuyến",
        "Làm thủ tục hành chính qua mạng: nộp hồ sơ, nộp phí và nhận kết quả mà không phải đến cơ "
        "quan nhà nước.",
        "Đăng ký khai sinh cho con trên Cổng dịch vụ công.",
        "Nghị định 42/2022/NĐ-CP; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "toàn trình",
        "Nói về dịch vụ công trực tuyến: cả quá trình, từ nộp hồ sơ đến nhận kết quả, đều làm trên "
        "mạng, không phải đến cơ quan lần nào.",
        "",
        "Nghị định 42/2022/NĐ-CP; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "hạ tầng số",
        "Những thứ làm nền để dùng công nghệ số: mạng Internet, sóng di động, trung tâm dữ liệu, máy chủ. "
        "Giống như đường sá cho xe chạy.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "nền tảng số",
        "Ứng dụng hoặc trang web dùng chung cho nhiều người, nhiều việc, ví dụ ứng dụng học trực tuyến, "
        "sàn bán hàng, ứng dụng gọi xe.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "thanh toán không dùng tiền mặt",
        "Trả tiền bằng chuyển khoản, quét mã QR, thẻ ngân hàng hay ví điện tử thay vì đưa tiền giấy.",
        "Trả tiền điện, tiền nước bằng ứng dụng ngân hàng.",
        "Nghị quyết 57-NQ/TW (mục tiêu 80% giao dịch không dùng tiền mặt); " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "ví điện tử",
        "Tài khoản trên điện thoại để giữ tiền và trả tiền, giống cái ví nhưng nằm trong ứng dụng.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "thương mại điện tử",
        "Mua bán hàng hóa, dịch vụ qua mạng Internet: đặt hàng trên trang web, ứng dụng hoặc mạng xã hội.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "an toàn thông tin",
        "Giữ cho thông tin, tài khoản và thiết bị không bị kẻ xấu lấy cắp, sửa đổi hay phá hỏng.",
        "Không cho ai biết mật khẩu và mã OTP gửi qua tin nhắn.",
        "Luật An toàn thông tin mạng; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "an ninh mạng",
        "Bảo vệ hoạt động trên mạng khỏi kẻ xấu tấn công, lừa đảo hay tung tin sai gây hại cho đất nước "
        "và người dân.",
        "",
        "Luật An ninh mạng; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "dữ liệu cá nhân",
        "Thông tin gắn với một người cụ thể: họ tên, ngày sinh, số căn cước, số điện thoại, địa chỉ, "
        "hình ảnh. Pháp luật bảo vệ những thông tin này.",
        "",
        "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "khoảng cách số",
        "Sự chênh lệch giữa người dùng được công nghệ số và người chưa dùng được, vì thiếu thiết bị, "
        "thiếu mạng hoặc chưa biết cách.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "công dân số",
        "Người biết dùng công nghệ số để học tập, làm việc, làm thủ tục và giao tiếp một cách an toàn, "
        "đúng pháp luật.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "khởi nghiệp sáng tạo",
        "Lập doanh nghiệp mới dựa trên một ý tưởng, công nghệ hay cách làm mới, có thể lớn lên nhanh.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "hệ sinh thái đổi mới sáng tạo",
        "Mạng lưới những người và tổ chức cùng giúp ý tưởng mới thành sản phẩm: doanh nghiệp, trường đại "
        "học, viện nghiên cứu, nhà đầu tư và cơ quan nhà nước.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "thành phố thông minh",
        "Thành phố dùng công nghệ và dữ liệu để quản lý giao thông, điện, nước, môi trường, an ninh tốt "
        "hơn và phục vụ người dân thuận tiện hơn.",
        "Đèn giao thông tự đổi thời gian theo lượng xe.",
        "Nghị quyết 57-NQ/TW; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "dữ liệu mở",
        "Dữ liệu do cơ quan nhà nước công bố để ai cũng được xem, tải về và sử dụng miễn phí.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "điện toán đám mây",
        "Lưu trữ và chạy phần mềm trên máy chủ ở trung tâm dữ liệu, dùng qua mạng, thay vì chỉ trên máy "
        "tính của mình.",
        "Ảnh trong điện thoại được tự động sao lưu lên mạng.",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "số hóa",
        "Chuyển giấy tờ, sổ sách, hình ảnh sang dạng tệp trên máy tính để lưu giữ và tìm kiếm dễ hơn.",
        "Chụp và lưu sổ hộ tịch cũ vào máy tính.",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "chữ ký số",
        "Chữ ký trên văn bản điện tử, có giá trị như chữ ký tay. Nó cho biết ai đã ký và văn bản không "
        "bị sửa sau khi ký.",
        "",
        "Luật Giao dịch điện tử 2023; " + WRITTEN_FOR_LAN_TOA,
    ),
    (
        "Internet vạn vật",
        "Đồ vật như công tơ điện, camera, cảm biến được nối mạng để tự gửi thông tin và điều khiển từ xa. "
        "Viết tắt là IoT.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "dữ liệu lớn",
        "Lượng dữ liệu rất lớn được máy tính phân tích để tìm ra quy luật, giúp dự báo và ra quyết định.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
    (
        "mã QR",
        "Ô vuông gồm nhiều chấm đen trắng. Dùng camera điện thoại quét để mở trang web, xem thông tin "
        "hoặc trả tiền.",
        "",
        WRITTEN_FOR_LAN_TOA,
    ),
]


def load_glossary() -> str:
    actor = access.system("load_demo")
    existing = set(GlossaryTerm.objects.values_list("folded", flat=True))
    created = 0
    for term, explanation, example, source in TERMS:
        if folded_key(term) in existing:
            continue
        glossary_term_create(by=actor, term=term, explanation=explanation, example=example, source=source)
        created += 1
    return f"Glossary: {created} terms created, {GlossaryTerm.objects.count()} in all"


# Files are made for a few items only, to keep `make demo` quick: posters for all four, audio for two.
AUDIO_ITEMS = (1, 4)
TEXT_CHANNELS = (ContentRendition.Channel.SMS, ContentRendition.Channel.SOCIAL)
RESIDENTS = "nhan-dan"


def _renditions(editor: Any, item: ContentItem, number: int) -> int:
    """The residents' SMS, social post and poster with its PDFs (and loudspeaker audio for AUDIO_ITEMS)."""
    variant = item.variants.select_related("audience").filter(audience__code=RESIDENTS).first()
    if variant is None:
        return 0
    made = 0
    for channel in TEXT_CHANNELS:
        renditions_services.rendition_create(by=editor, variant=variant, channel=channel)
        made += 1
    channels = [ContentRendition.Channel.POSTER]
    if number in AUDIO_ITEMS:
        channels.append(ContentRendition.Channel.LOUDSPEAKER)
    for channel in channels:
        rendition = renditions_services.rendition_create(by=editor, variant=variant, channel=channel)
        renditions_services.rendition_generate(by=editor, rendition=rendition)
        made += 1
    return made


def load_published() -> str:
    """The published items, their renditions and the reporters' kit, unless already there; only when
    the demo runs for real (`settings.DEMO_PUBLISHED`), as their files take a few seconds to make."""
    if not getattr(settings, "DEMO_PUBLISHED", False):
        return "Published content: not created (not in demo mode)"
    writers = Writers.load()
    editor, approver = writers.editor, writers.approver
    created = renditions = kits = 0
    for number, title, key_message, body, sources, tags, variants in PUBLISHED:
        if ContentItem.objects.filter(title=title).exists():
            continue
        item = writers.write(number, title, key_message, body, sources, tags, variants)
        item = item_services.submit_for_review(by=editor, item=item)
        item = item_services.approve(by=approver, item=item)
        item = item_services.publish(by=approver, item=item)
        renditions += _renditions(editor, item, number)
        created += 1
        if number == KIT_ITEM and not BriefingKit.objects.filter(item=item).exists():
            kit_services.kit_create(
                by=editor,
                item=item,
                group=BriefingKit.Group.REPORTERS,
                title=KIT_TITLE,
                variant=item.variants.filter(audience__code="can-bo").first(),
                points=KIT_POINTS,
                questions=KIT_QUESTIONS,
            )
            kits += 1
    return f"Published content: {created} items, {renditions} renditions, {kits} briefing kit created"


loaders.register(DemoLoader(code="content.glossary", order=40, load=load_glossary))
loaders.register(DemoLoader(code="content.items", order=45, load=load_items))
loaders.register(DemoLoader(code="content.published", order=46, load=load_published))
