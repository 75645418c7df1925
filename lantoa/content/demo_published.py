"""Published demo content: one item on each of the demo plan's four themes, each written for the five
audiences (cadres, party members, civil servants, businesses, residents), in Vietnamese, from the facts
of Resolution 57-NQ/TW, the Government's programme and Hà Nội's plan 179/KH-UBND (see the sources of
each item). `demo.load_published` publishes them and makes their renditions and a briefing kit."""

# theme number, title, key message, body (HTML), sources, tags,
# {audience code: (title, body, call to action)}
PUBLISHED: list[tuple[int, str, str, str, str, str, dict[str, tuple[str, str, str]]]] = [
    (
        1,
        "Hà Nội đẩy mạnh phong trào “Bình dân học vụ số”",
        "Ai cũng học được, ai cũng dùng được kỹ năng số.",
        "<p>Thực hiện Nghị quyết 57-NQ/TW và Kế hoạch 179/KH-UBND, Thành phố đẩy mạnh phong trào "
        "<strong>“Bình dân học vụ số”</strong>, phát động trên cả nước ngày 26/3/2025. Người dân học miễn "
        "phí trên nền tảng binhdanhocvuso.gov.vn, đăng nhập bằng tài khoản VNeID, và tại các lớp ở tổ dân "
        "phố.</p><p>Nội dung học theo khung kỹ năng số cơ bản: dùng điện thoại thông minh, làm thủ tục trực "
        "tuyến, thanh toán không dùng tiền mặt, tự bảo vệ mình trên mạng.</p>",
        "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Kế hoạch 01-KH/BCĐTW ngày 21/3/2025; Quyết "
        "định 757/QĐ-BKHCN ngày 29/4/2025; Kế hoạch 179/KH-UBND của UBND Thành phố Hà Nội",
        "Bình dân học vụ số, kỹ năng số",
        {
            "can-bo": (
                "Cán bộ đi đầu trong phong trào “Bình dân học vụ số”",
                "Phong trào “Bình dân học vụ số” được phát động ngày 26/3/2025 theo Kế hoạch 01-KH/BCĐTW. "
                "Cán bộ lãnh đạo các cấp cần gương mẫu học và hoàn thành các khóa kỹ năng số cơ bản trên "
                "nền tảng binhdanhocvuso.gov.vn. Mỗi cơ quan, đơn vị phân công người hướng dẫn, theo dõi "
                "kết quả và báo cáo định kỳ về Ban Chỉ đạo.",
                "Hoàn thành khóa học và chỉ đạo đơn vị đăng ký học trong tháng này.",
            ),
            "dang-vien": (
                "Đảng viên học trước, giúp dân học sau",
                "Mỗi đảng viên học kỹ năng số cơ bản trên nền tảng “Bình dân học vụ số”. Học xong, đảng "
                "viên giúp gia đình và hàng xóm cài VNeID, làm thủ tục trên mạng và trả tiền bằng mã QR. "
                "Chi bộ đưa việc học kỹ năng số vào sinh hoạt hằng tháng.",
                "Đăng ký học với bí thư chi bộ và nhận một hộ gia đình để giúp đỡ.",
            ),
            "cong-chuc": (
                "Công chức học kỹ năng số để phục vụ dân tốt hơn",
                "Công chức, viên chức học các khóa kỹ năng số trên nền tảng binhdanhocvuso.gov.vn, đăng "
                "nhập bằng tài khoản VNeID. Học xong, anh chị hướng dẫn được người dân nộp hồ sơ trực tuyến "
                "ngay tại bộ phận một cửa. Kết quả học được ghi nhận bằng chứng nhận trên nền tảng.",
                "Đăng nhập binhdanhocvuso.gov.vn và hoàn thành khóa học đầu tiên trong tuần này.",
            ),
            "doanh-nghiep": (
                "Doanh nghiệp cùng lan tỏa kỹ năng số",
                "Doanh nghiệp và hộ kinh doanh được học miễn phí cách bán hàng trên mạng, nhận tiền bằng mã "
                "QR và dùng hóa đơn điện tử. Doanh nghiệp có thể cho người lao động học ngay tại nơi làm "
                "việc. Người lao động giỏi kỹ năng số sẽ làm việc nhanh hơn, ít sai sót hơn.",
                "Liên hệ phường, xã để mở lớp cho người lao động của doanh nghiệp.",
            ),
            "nhan-dan": (
                "Học dùng điện thoại thông minh miễn phí",
                "Phường, xã mở lớp học dùng điện thoại thông minh. Lớp học miễn phí. Bà con được chỉ cách "
                "cài VNeID, làm giấy tờ trên mạng và trả tiền bằng mã QR. Lớp học vào buổi tối và cuối "
                "tuần, ở nhà văn hóa. Ai cũng học được.",
                "Đăng ký học với tổ trưởng tổ dân phố.",
            ),
        },
    ),
    (
        2,
        "Nghị quyết 57-NQ/TW: mục tiêu đến năm 2030",
        "Đến năm 2030, kinh tế số đạt ít nhất 30% GDP; trên 80% người dân và doanh nghiệp dùng dịch vụ công "
        "trực tuyến.",
        "<p>Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia. Đến năm 2030: kinh tế số đạt tối thiểu 30% GDP; "
        "trên 80% người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến; giao dịch không dùng tiền mặt "
        "đạt 80%; trên 40% doanh nghiệp có hoạt động đổi mới sáng tạo.</p><p>Tầm nhìn đến năm 2045: kinh tế "
        "số đạt tối thiểu 50% GDP. Chính phủ cụ thể hóa bằng Nghị quyết 03/NQ-CP ngày 9/1/2025, sửa đổi bởi "
        "Nghị quyết 71/NQ-CP ngày 1/4/2025.</p>",
        "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết 03/NQ-CP ngày 9/1/2025 và "
        "71/NQ-CP ngày 1/4/2025 của Chính phủ",
        "Nghị quyết 57, chuyển đổi số, kinh tế số",
        {
            "can-bo": (
                "Những chỉ tiêu cốt lõi của Nghị quyết 57-NQ/TW đến năm 2030",
                "Nghị quyết 57-NQ/TW xác định khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột "
                "phá quan trọng hàng đầu. Đến năm 2030: kinh tế số đạt tối thiểu 30% GDP; trên 80% người "
                "dân và doanh nghiệp sử dụng dịch vụ công trực tuyến; chi cho nghiên cứu và phát triển đạt "
                "2% GDP. Người đứng đầu chịu trách nhiệm trực tiếp về kết quả thực hiện tại cơ quan, đơn vị "
                "mình.",
                "Rà soát chỉ tiêu của đơn vị và giao nhiệm vụ cụ thể trong quý này.",
            ),
            "dang-vien": (
                "Nghị quyết 57-NQ/TW: đảng viên cần nắm gì",
                "Nghị quyết 57-NQ/TW coi khoa học, công nghệ và chuyển đổi số là động lực chính để đất nước "
                "phát triển. Đến năm 2030, kinh tế số đạt ít nhất 30% GDP. Trên 80% người dân dùng dịch vụ "
                "công trực tuyến. Đảng viên cần hiểu đúng, nói đúng và làm gương khi dùng dịch vụ số.",
                "Thảo luận Nghị quyết trong buổi sinh hoạt chi bộ tới.",
            ),
            "cong-chuc": (
                "Nghị quyết 57-NQ/TW và việc của mỗi công chức",
                "Đến năm 2030, trên 80% người dân và doanh nghiệp dùng dịch vụ công trực tuyến. Để đạt mục "
                "tiêu này, mỗi hồ sơ cần được xử lý trên mạng, đúng hạn và minh bạch. Công chức hướng dẫn "
                "người dân nộp hồ sơ trực tuyến thay vì nộp giấy.",
                "Hướng dẫn ít nhất một người dân nộp hồ sơ trực tuyến mỗi ngày.",
            ),
            "doanh-nghiep": (
                "Cơ hội cho doanh nghiệp từ Nghị quyết 57-NQ/TW",
                "Nghị quyết đặt mục tiêu trên 40% doanh nghiệp có hoạt động đổi mới sáng tạo vào năm 2030. "
                "Nhà nước có chính sách hỗ trợ doanh nghiệp đầu tư công nghệ và nghiên cứu. Giao dịch không "
                "dùng tiền mặt đạt 80%. Doanh nghiệp đi trước sẽ có lợi thế.",
                "Tìm hiểu chính sách hỗ trợ tại Sở Khoa học và Công nghệ.",
            ),
            "nhan-dan": (
                "Nghị quyết 57 mang lại điều gì cho bà con",
                "Nhà nước muốn mọi người dân đều dùng được công nghệ số. Đến năm 2030, hơn 80 trên 100 "
                "người dân sẽ làm giấy tờ qua mạng. Bà con đỡ phải đi lại, đỡ phải chờ. Trả tiền bằng điện "
                "thoại cũng sẽ quen thuộc như dùng tiền mặt.",
                "Hỏi cán bộ phường cách làm giấy tờ qua mạng.",
            ),
        },
    ),
    (
        3,
        "Hà Nội xây dựng chính quyền số, thành phố thông minh",
        "Hà Nội tiên phong thực hiện Nghị quyết 57-NQ/TW.",
        "<p>Hà Nội đặt mục tiêu trở thành trung tâm đổi mới sáng tạo và công nghệ cao; thúc đẩy chính quyền "
        "số, thành phố thông minh, kinh tế số, xã hội số; khuyến khích doanh nghiệp ứng dụng công nghệ và "
        "nêu bật các mô hình, cá nhân điển hình.</p><p>Thành ủy ban hành Chương trình hành động (Quyết định "
        "8602-QĐ/TU ngày 15/5/2025); UBND Thành phố ban hành các Kế hoạch 43/KH-UBND, 139/KH-UBND và Kế "
        "hoạch 179/KH-UBND về công tác tuyên truyền.</p>",
        "Kế hoạch 179/KH-UBND của UBND Thành phố Hà Nội; Quyết định 8602-QĐ/TU ngày 15/5/2025 của Thành ủy "
        "Hà Nội",
        "chính quyền số, thành phố thông minh",
        {
            "can-bo": (
                "Hà Nội tiên phong xây dựng chính quyền số",
                "Thành phố xác định vai trò tiên phong trong thực hiện Nghị quyết 57-NQ/TW, với mục tiêu "
                "trở thành trung tâm đổi mới sáng tạo và công nghệ cao. Các sở, ngành, phường, xã điều hành "
                "dựa trên dữ liệu, công khai tiến độ xử lý hồ sơ, nhân rộng các mô hình điển hình.",
                "Đề xuất một mô hình chuyển đổi số tiêu biểu của đơn vị để nhân rộng.",
            ),
            "dang-vien": (
                "Hà Nội đi đầu, đảng viên làm gương",
                "Hà Nội muốn trở thành trung tâm đổi mới sáng tạo của cả nước. Chính quyền làm việc trên "
                "môi trường số, phục vụ người dân nhanh hơn. Đảng viên ở khu dân cư giới thiệu các mô hình "
                "hay và phản ánh khó khăn của bà con với chính quyền.",
                "Giới thiệu một mô hình hay ở khu dân cư với chi bộ.",
            ),
            "cong-chuc": (
                "Chính quyền số bắt đầu từ từng hồ sơ",
                "Chính quyền số nghĩa là hồ sơ được nhận, xử lý và trả kết quả trên mạng, dùng dữ liệu sẵn "
                "có thay vì bắt người dân khai lại. Mỗi công chức cập nhật dữ liệu đúng, đủ, kịp thời và "
                "không yêu cầu giấy tờ đã có trong cơ sở dữ liệu.",
                "Không yêu cầu người dân nộp lại giấy tờ đã có trên hệ thống.",
            ),
            "doanh-nghiep": (
                "Thành phố thông minh cần doanh nghiệp công nghệ",
                "Hà Nội khuyến khích doanh nghiệp ứng dụng công nghệ và tham gia xây dựng thành phố thông "
                "minh: giao thông, y tế, giáo dục, môi trường. Sở Khoa học và Công nghệ tổ chức diễn đàn, "
                "hội thảo và các giải thưởng chuyển đổi số.",
                "Theo dõi các diễn đàn và giải thưởng của Sở Khoa học và Công nghệ.",
            ),
            "nhan-dan": (
                "Thành phố thông minh phục vụ bà con",
                "Hà Nội đang dùng công nghệ để phục vụ người dân tốt hơn. Bà con làm giấy tờ trên mạng, xem "
                "kết quả trên điện thoại. Đèn giao thông, điện, nước sẽ được quản lý thông minh hơn. Bà con "
                "có ý kiến gì thì gửi qua ứng dụng của Thành phố.",
                "Cài ứng dụng của Thành phố để gửi ý kiến.",
            ),
        },
    ),
    (
        4,
        "Chuyển đổi số: cơ hội lớn, cần an toàn",
        "Không bấm đường link lạ, không cho ai biết mã OTP.",
        "<p>Chuyển đổi số mang lại cơ hội lớn nhưng đi kèm yêu cầu cao về năng lực, đầu tư và an toàn thông "
        "tin. Người dân, doanh nghiệp cần chủ động thích ứng: học kỹ năng số, bảo vệ tài khoản và dữ liệu "
        "cá nhân, cảnh giác với lừa đảo trên mạng.</p>",
        "Kế hoạch 179/KH-UBND của UBND Thành phố Hà Nội; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
        "an toàn thông tin, lừa đảo, dữ liệu cá nhân",
        {
            "can-bo": (
                "Chuyển đổi số: nắm bắt cơ hội, quản trị rủi ro",
                "Chuyển đổi số mở ra cơ hội tăng năng suất và minh bạch, nhưng đòi hỏi đầu tư, nhân lực và "
                "an toàn thông tin. Người đứng đầu cần bố trí nguồn lực, phân công người phụ trách an toàn "
                "thông tin và bảo vệ dữ liệu cá nhân theo quy định của pháp luật.",
                "Chỉ đạo rà soát an toàn thông tin của đơn vị trong tháng này.",
            ),
            "dang-vien": (
                "Đảng viên tỉnh táo trên mạng",
                "Mạng xã hội giúp lan tỏa thông tin nhanh, nhưng cũng có tin sai và lừa đảo. Đảng viên kiểm "
                "tra nguồn tin trước khi chia sẻ, không bấm đường link lạ và nhắc người thân cảnh giác.",
                "Chỉ chia sẻ tin từ nguồn chính thức.",
            ),
            "cong-chuc": (
                "Bảo vệ tài khoản và dữ liệu của người dân",
                "Công chức giữ bí mật mật khẩu, đăng xuất khi rời máy và không gửi dữ liệu cá nhân của "
                "người dân qua mạng xã hội. Khi nghi có sự cố, báo ngay cho người phụ trách an toàn thông "
                "tin.",
                "Đổi mật khẩu và bật xác thực hai bước ngay hôm nay.",
            ),
            "doanh-nghiep": (
                "Bán hàng trên mạng an toàn",
                "Bán hàng trên mạng giúp cửa hàng có thêm khách. Nhưng kẻ gian có thể giả làm khách, ngân "
                "hàng hay cơ quan thuế để lừa. Không bấm đường link lạ, không đọc mã OTP cho ai, kiểm tra "
                "tiền đã về tài khoản rồi mới giao hàng.",
                "Gọi đường dây nóng của ngân hàng khi thấy giao dịch lạ.",
            ),
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

# The briefing kit of the demo: for reporters (báo cáo viên), on item 2 (Resolution 57-NQ/TW).
KIT_ITEM = 2
KIT_TITLE = "Nghị quyết 57-NQ/TW: tài liệu cho báo cáo viên"
KIT_POINTS = [
    "Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia; đây là đột phá quan trọng hàng đầu, động lực chính để phát "
    "triển nhanh lực lượng sản xuất hiện đại.",
    "Mục tiêu đến năm 2030: kinh tế số đạt tối thiểu 30% GDP; trên 80% người dân và doanh nghiệp sử dụng "
    "dịch vụ công trực tuyến; giao dịch không dùng tiền mặt đạt 80%; trên 40% doanh nghiệp có hoạt động đổi "
    "mới sáng tạo.",
    "Chi cho nghiên cứu và phát triển đạt 2% GDP, trong đó trên 60% từ xã hội; bố trí ít nhất 3% tổng chi "
    "ngân sách hằng năm cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
    "Tầm nhìn đến năm 2045: kinh tế số đạt tối thiểu 50% GDP; Việt Nam thuộc nhóm 30 nước dẫn đầu thế giới "
    "về đổi mới sáng tạo và chuyển đổi số.",
    "Chính phủ cụ thể hóa bằng Nghị quyết 03/NQ-CP ngày 9/1/2025, sửa đổi bởi Nghị quyết 71/NQ-CP ngày "
    "1/4/2025; Thành ủy Hà Nội ban hành Chương trình hành động (Quyết định 8602-QĐ/TU ngày 15/5/2025).",
    "Hà Nội tiên phong thực hiện Nghị quyết: xây dựng chính quyền số, thành phố thông minh, kinh tế số, xã "
    "hội số; đẩy mạnh phong trào “Bình dân học vụ số” để ai cũng học được, dùng được kỹ năng số.",
]
KIT_QUESTIONS = [
    (
        "Vì sao Nghị quyết 57-NQ/TW được coi là “đột phá”?",
        "Vì Nghị quyết đặt khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng "
        "hàng đầu, động lực chính để phát triển nhanh lực lượng sản xuất hiện đại và đổi mới phương thức "
        "quản trị quốc gia.",
    ),
    (
        "Người dân được lợi gì từ Nghị quyết?",
        "Làm thủ tục hành chính trên mạng, không phải đi lại, chờ đợi; thanh toán tiện lợi bằng điện thoại; "
        "được học kỹ năng số miễn phí qua phong trào “Bình dân học vụ số”.",
    ),
    (
        "“Bình dân học vụ số” là gì, học ở đâu?",
        "Là phong trào giúp mọi người học kỹ năng số cơ bản, miễn phí, phát động ngày 26/3/2025 theo Kế "
        "hoạch 01-KH/BCĐTW. Người dân học trên nền tảng binhdanhocvuso.gov.vn (đăng nhập bằng VNeID) hoặc "
        "tại lớp ở phường, xã, tổ dân phố.",
    ),
    (
        "Chỉ tiêu dịch vụ công trực tuyến đến năm 2030 là bao nhiêu?",
        "Trên 80% người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến.",
    ),
    (
        "Chuyển đổi số có rủi ro gì và cần làm gì?",
        "Rủi ro lớn nhất là lừa đảo và lộ dữ liệu cá nhân. Cần học kỹ năng số, không bấm đường link lạ, "
        "không cho ai biết mã OTP, kiểm tra nguồn tin trước khi chia sẻ.",
    ),
]
