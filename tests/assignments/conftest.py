import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override

from lantoa.accounts.services import language_set
from lantoa.audit.models import AuditEntry
from tests.factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def next_month(today):
    return today + datetime.timedelta(days=30)


@pytest.fixture
def units(city):
    """A small city: the coordinator's department, two wards, two communes, two departments."""
    department = UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind="department")
    found = {"HN": city, "S-VHTT": department}
    for code, name, kind in [
        ("00070", "Phường Hoàn Kiếm", "ward"),
        ("00004", "Phường Ba Đình", "ward"),
        ("09877", "Xã Sóc Sơn", "commune"),
        ("10015", "Xã Ba Vì", "commune"),
        ("S-KHCN", "Sở Khoa học và Công nghệ", "department"),
        ("S-TTTT", "Sở Tư pháp", "department"),
    ]:
        found[code] = UnitFactory(parent=city, code=code, name=name, kind=kind)
    city.refresh_from_db()
    return found


def reads_english(user):
    """The person chose English in their profile: the messages they get are in English."""
    language_set(user=user, language="en")
    return user


@pytest.fixture
def coordinator(units):
    """A coordinator of Sở VH&TT who gives tasks across the City (role over the whole tree)."""
    return UserFactory(
        username="dieuphoi",
        first_name="Hồng",
        last_name="Nguyễn Thị",
        roles=[("coordinator", units["S-VHTT"]), ("coordinator", units["HN"], True)],
    )


@pytest.fixture
def local_coordinator(units):
    """A coordinator whose scope is Sở VH&TT alone."""
    return UserFactory(username="dieuphoi-so", roles=[("coordinator", units["S-VHTT"])])


@pytest.fixture
def officer(units):
    return UserFactory(
        username="canbo", first_name="Tuấn", last_name="Lê Minh", roles=[("officer", units["00070"])]
    )


@pytest.fixture
def head(units):
    return UserFactory(username="truongphuong", roles=[("approver", units["00070"])])


@pytest.fixture
def other_officer(units):
    return UserFactory(username="canbo-badinh", roles=[("officer", units["00004"])])


class Trail:
    """The audit entries written since the trail was opened."""

    def __init__(self):
        self.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self):
        return list(AuditEntry.objects.filter(id__gt=self.last_id).order_by("id"))

    def actions(self):
        return [entry.action for entry in self.new()]


# Real files, as a person's computer would make them.

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Phường", "Số băng rôn"])
    book.active.append(["Phường Hoàn Kiếm", 12])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("readme.txt", "không phải tài liệu Word")
    return out.getvalue()


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 400


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
