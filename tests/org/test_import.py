import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import override

from lantoa.audit.models import AuditEntry
from lantoa.org.importing import UnitFileError, read_rows
from lantoa.org.loading import load_hanoi
from lantoa.org.models import Unit, UnitKind
from lantoa.org.services import units_import
from tests.factories import UnitFactory, UserFactory

HEADER = "code,name,kind,parent_code"
CYCLE = "would make a cycle: a unit cannot be moved under its own descendant."


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def tree(city):
    """HN ─┬─ S-A ── P-A1
    └─ S-B"""
    s_a = UnitFactory(parent=city, code="S-A", name="Sở A", kind=UnitKind.DEPARTMENT)
    UnitFactory(parent=s_a, code="P-A1", name="Phường A1", kind=UnitKind.WARD)
    UnitFactory(parent=city, code="S-B", name="Sở B", kind=UnitKind.DEPARTMENT)
    return {u.code: u for u in Unit.objects.all()}


def csv_rows(text: str) -> list[dict[str, str]]:
    return read_rows(content=text.encode("utf-8"), filename="units.csv")


def parent_code(code: str) -> str:
    parent = Unit.objects.get(code=code).get_parent()
    return parent.code if parent else ""


def unit_state() -> list[tuple]:
    return list(
        Unit.objects.order_by("code").values_list("code", "name", "path", "kind", "valid_from", "updated_at")
    )


# The shipped Hà Nội data


def test_loading_hanoi_creates_the_city_its_departments_agencies_communes_and_wards(db):
    result = load_hanoi()

    assert result.applied is True
    assert result.errors == []
    assert result.counts == {"create": 144, "update": 0, "move": 0, "unchanged": 0}
    kinds = {kind: Unit.objects.filter(kind=kind).count() for kind in UnitKind.values}
    assert kinds == {
        "city": 1,
        "department": 15,
        "agency": 2,
        "district": 0,
        "ward": 51,
        "commune": 75,
        "other": 0,
    }
    names = dict(
        Unit.objects.filter(code__in=["00070", "00004", "09556", "00376", "09700"]).values_list(
            "code", "name"
        )
    )
    assert names == {
        "00070": "Phường Hoàn Kiếm",
        "00004": "Phường Ba Đình",
        "09556": "Phường Hà Đông",
        "00376": "Xã Sóc Sơn",
        "09700": "Xã Ba Vì",
    }
    (root,) = Unit.get_root_nodes()
    assert (root.code, root.name, root.short_name, root.kind) == (
        "HN",
        "Ủy ban nhân dân Thành phố Hà Nội",
        "UBND Thành phố",
        "city",
    )
    assert root.numchild == 143
    assert set(Unit.objects.exclude(pk=root.pk).values_list("depth", flat=True)) == {2}


def test_loading_hanoi_keeps_each_units_values(db):
    load_hanoi()
    ward = Unit.objects.get(code="00070")
    assert ward.kind == "ward"
    assert ward.valid_from == datetime.date(2025, 7, 1)
    assert ward.valid_to is None
    assert ward.latitude == Decimal("21.03200")
    assert ward.longitude == Decimal("105.85000")
    assert ward.area_km2 == Decimal("1.91")
    assert ward.search_text == "phuong hoan kiem 00070"
    assert parent_code("00070") == "HN"
    department = Unit.objects.get(code="S-VHTT")
    assert (department.name, department.short_name, department.kind) == (
        "Sở Văn hóa và Thể thao",
        "Sở VH&TT",
        "department",
    )
    assert department.valid_from == datetime.date(2025, 3, 1)


def test_loading_hanoi_audits_each_unit_and_the_import(db):
    load_hanoi()
    assert AuditEntry.objects.filter(action="org.unit_created").count() == 144
    summary = AuditEntry.objects.get(action="org.units_imported")
    assert summary.actor is None
    assert summary.actor_label == "system:load_units"
    assert summary.target_type == "org.unit"
    assert summary.target_label == "144 rows"
    assert summary.after == {"counts": {"create": 144, "update": 0, "move": 0, "unchanged": 0}}
    entry = AuditEntry.objects.get(action="org.unit_created", target_label="Phường Hoàn Kiếm")
    unit = Unit.objects.get(code="00070")
    assert entry.target_type == "org.unit"
    assert entry.target_id == str(unit.pk)
    assert entry.before is None
    assert entry.after["code"] == "00070"
    assert entry.after["parent"] == "HN"
    assert entry.after["latitude"] == "21.03200"
    assert entry.after["valid_from"] == "2025-07-01"


def test_loading_hanoi_again_changes_nothing(hanoi):
    before = unit_state()
    entries = AuditEntry.objects.count()

    result = load_hanoi()

    assert result.applied is True
    assert result.counts == {"create": 0, "update": 0, "move": 0, "unchanged": 144}
    assert {c.action for c in result.changes} == {"unchanged"}
    assert unit_state() == before
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.filter(action="org.units_imported").get().after == {
        "counts": {"create": 0, "update": 0, "move": 0, "unchanged": 144}
    }


def test_a_dry_run_writes_nothing(db):
    result = load_hanoi(dry_run=True)

    assert result.applied is False
    assert result.errors == []
    assert result.counts == {"create": 144, "update": 0, "move": 0, "unchanged": 0}
    assert Unit.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_importing_needs_org_manage(tree):
    officer = UserFactory(roles=[("officer", tree["P-A1"])])
    before, entries = unit_state(), AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        units_import(by=officer, rows=csv_rows(f"{HEADER}\nS-C,Sở C,department,HN\n"), dry_run=False)
    assert unit_state() == before
    assert AuditEntry.objects.count() == entries


# Files with errors: every error reported with its row, nothing written


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            f"{HEADER}\nW1,Phường Một,ward,HN\nW1,Phường Hai,ward,HN\n",
            ["Row 3, column code: Code W1 already appears in row 2."],
            id="duplicate-code",
        ),
        pytest.param(
            f"{HEADER}\nW1,Phường Một,village,HN\n",
            [
                "Row 2, column kind: Unknown kind village; use one of: "
                "agency, city, commune, department, district, other, ward."
            ],
            id="unknown-kind",
        ),
        pytest.param(
            f"{HEADER}\nW1,Phường Một,ward,XX\n",
            ["Row 2, column parent_code: Unknown parent unit XX."],
            id="unknown-parent",
        ),
        pytest.param(
            f"{HEADER},valid_from\nW1,Phường Một,ward,HN,2025-07-01\nW2,Phường Hai,ward,HN,31/02/2025\n",
            ["Row 3, column valid_from: 31/02/2025 is not a date (use 26/11/2026 or 2026-11-26)."],
            id="bad-date",
        ),
        pytest.param(
            f"{HEADER}\nA,Sở A mới,department,B\nB,Sở B mới,department,A\n",
            [
                f"Row 2, column parent_code: Placing A under B {CYCLE}",
                f"Row 3, column parent_code: Placing B under A {CYCLE}",
            ],
            id="cycle",
        ),
        pytest.param(
            f"{HEADER}\nS-A,Sở A,department,P-A1\n",
            [f"Row 2, column parent_code: Placing S-A under P-A1 {CYCLE}"],
            id="moved-under-its-own-child",
        ),
        pytest.param(
            f"{HEADER}\nW1,Phường Một,ward,W1\n",
            ["Row 2, column parent_code: A unit cannot be its own parent."],
            id="own-parent",
        ),
        pytest.param(
            f"{HEADER}\nHN2,Thành phố khác,city,\n",
            ["Row 2, column parent_code: Only one unit may stand at the top of the tree."],
            id="second-root",
        ),
        pytest.param(
            f"{HEADER},valid_from,valid_to\nW1,Phường Một,ward,HN,01/07/2025,30/06/2025\n",
            ["Row 2, column valid_to: The end of validity is before its start."],
            id="end-before-start",
        ),
        pytest.param(
            f"{HEADER},latitude,population\nW1,Phường Một,ward,HN,bắc,nhiều\nW2,Phường Hai,ward,HN,1000,-5\n",
            [
                "Row 2, column latitude: bắc is not a number.",
                "Row 2, column population: nhiều is not a whole number.",
                "Row 3, column latitude: 1000 is out of range.",
                "Row 3, column population: -5 is out of range.",
            ],
            id="bad-numbers",
        ),
        pytest.param(
            f"{HEADER},successor_codes\nS-B,Sở B,department,HN,S-A;S-Z\n",
            ["Row 2, column successor_codes: Unknown successor unit S-Z."],
            id="unknown-successor",
        ),
        pytest.param(
            f"{HEADER}\n,Phường Một,ward,HN\nW2,,ward,HN\n",
            ["Row 2, column code: A code is required.", "Row 3, column name: A name is required."],
            id="missing-code-and-name",
        ),
        pytest.param(
            f"{HEADER},short_name\nW1,Phường Một,ward,HN,{'x' * 101}\n",
            ["Row 2, column short_name: A short name has at most 100 characters."],
            id="short-name-too-long",
        ),
    ],
)
def test_a_file_with_errors_reports_them_by_row_and_writes_nothing(tree, system, body, expected):
    before, entries = unit_state(), AuditEntry.objects.count()

    result = units_import(by=system, rows=csv_rows(body), dry_run=False)

    assert result.applied is False
    assert [str(e) for e in result.errors] == expected
    assert unit_state() == before
    assert Unit.objects.count() == 4
    assert AuditEntry.objects.count() == entries


def test_one_error_stops_the_whole_file(tree, system):
    body = f"{HEADER}\nW1,Phường Một,ward,HN\nS-B,Sở B đổi tên,department,S-A\nW3,Phường Ba,hamlet,HN\n"
    before, entries = unit_state(), AuditEntry.objects.count()

    result = units_import(by=system, rows=csv_rows(body), dry_run=False)

    assert [(e.row, e.column) for e in result.errors] == [(4, "kind")]
    assert unit_state() == before
    assert not Unit.objects.filter(code="W1").exists()
    assert AuditEntry.objects.count() == entries


# Other formats


def test_an_xlsx_workbook_imports(city, system):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Name", "Kind", "Parent_code", "Valid_from", "Latitude", "Population", "Email"])
    sheet.append(["00070", "Phường Hoàn Kiếm", "ward", "HN", datetime.date(2025, 7, 1), 21.032, 120000, None])
    sheet.append([None, None, None, None, None, None, None, None])  # blank rows are skipped
    sheet.append(
        ["09700", " Xã Ba Vì\u200b ", "commune", "HN", "01/07/2025", None, None, "ubnd@bavi.invalid"]
    )
    content = io.BytesIO()
    workbook.save(content)

    rows = read_rows(content=content.getvalue(), filename="Don-vi.XLSX")
    result = units_import(by=system, rows=rows, dry_run=False)

    assert result.errors == []
    assert result.applied is True
    assert [(c.row, c.code, c.action) for c in result.changes] == [
        (2, "00070", "create"),
        (4, "09700", "create"),
    ]
    ward = Unit.objects.get(code="00070")
    assert (ward.name, ward.kind, ward.valid_from, ward.latitude, ward.population) == (
        "Phường Hoàn Kiếm",
        "ward",
        datetime.date(2025, 7, 1),
        Decimal("21.03200"),
        120000,
    )
    commune = Unit.objects.get(code="09700")
    assert (commune.name, commune.valid_from, commune.email) == (
        "Xã Ba Vì",
        datetime.date(2025, 7, 1),
        "ubnd@bavi.invalid",
    )
    assert parent_code("00070") == parent_code("09700") == "HN"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.7", "don-vi.pdf", "The file must be a CSV or an XLSX workbook."),
        (b"code,name,kind\n", "don-vi", "The file must be a CSV or an XLSX workbook."),
        (b"not a zip file", "don-vi.xlsx", "The file is not a readable XLSX workbook."),
        (b"", "don-vi.csv", "The file is empty."),
        (b"code,name,kind\nW1,Ph\xfd\xf5ng,ward\n", "don-vi.csv", "The CSV file is not UTF-8 text."),
        (b"code,name,kind\nW1,P\x00,ward\n", "don-vi.csv", "The CSV file contains binary data."),
        (b"code,name,parent_code\n", "don-vi.csv", "The header lacks the columns: kind."),
        (b"code,name,kind,colour\n", "don-vi.csv", "Unknown columns: colour."),
    ],
)
def test_an_unreadable_file_raises_unit_file_error(content, filename, message):
    with pytest.raises(UnitFileError) as caught:
        read_rows(content=content, filename=filename)
    assert str(caught.value) == message


def test_reading_cleans_cells_and_numbers_rows_from_the_header():
    content = (
        "\ufeffCode, Name ,KIND,parent_code\n"
        "\u202e00070,Phường Hoàn Kiếm\u200e,ward,HN\n"
        ",,,\n"
        "00004,Phường Ba Đình,ward,HN\n"
    )
    assert read_rows(content=content.encode("utf-8"), filename="x.csv") == [
        {"code": "00070", "name": "Phường Hoàn Kiếm", "kind": "ward", "parent_code": "HN", "_row": "2"},
        {"code": "00004", "name": "Phường Ba Đình", "kind": "ward", "parent_code": "HN", "_row": "4"},
    ]


# Changes to existing units


def test_an_import_that_renames_and_moves_shows_the_diff_then_applies_it(tree, system):
    body = f"{HEADER}\nP-A1,Phường A Một,ward,S-B\nS-B,Sở B mới,department,HN\nS-A,Sở A,department,HN\n"

    preview = units_import(by=system, rows=csv_rows(body), dry_run=True)

    assert preview.applied is False
    assert [(c.code, c.action, c.fields, c.parent_from, c.parent_to) for c in preview.changes] == [
        ("P-A1", "move", ["name"], "S-A", "S-B"),
        ("S-B", "update", ["name"], "HN", "HN"),
        ("S-A", "unchanged", [], "HN", "HN"),
    ]
    assert preview.counts == {"create": 0, "update": 1, "move": 1, "unchanged": 1}
    assert Unit.objects.get(code="P-A1").name == "Phường A1"
    assert parent_code("P-A1") == "S-A"
    entries = AuditEntry.objects.count()

    result = units_import(by=system, rows=csv_rows(body), dry_run=False)

    assert result.applied is True
    assert [(c.code, c.action) for c in result.changes] == [
        ("P-A1", "move"),
        ("S-B", "update"),
        ("S-A", "unchanged"),
    ]
    moved = Unit.objects.get(code="P-A1")
    assert moved.name == "Phường A Một"
    assert moved.search_text == "phuong a mot p-a1"
    assert parent_code("P-A1") == "S-B"
    assert Unit.objects.get(code="S-B").name == "Sở B mới"
    assert Unit.objects.get(code="S-A").numchild == 0
    assert Unit.objects.get(code="S-B").numchild == 1
    assert Unit.find_problems() == ([], [], [], [], [])
    assert AuditEntry.objects.count() == entries + 3
    move = AuditEntry.objects.get(action="org.unit_moved")
    assert move.target_id == str(moved.pk)
    assert (move.before["name"], move.before["parent"]) == ("Phường A1", "S-A")
    assert (move.after["name"], move.after["parent"]) == ("Phường A Một", "S-B")
    update = AuditEntry.objects.get(action="org.unit_updated")
    assert (update.before["name"], update.after["name"]) == ("Sở B", "Sở B mới")


def test_an_import_moves_a_subtree_and_adds_under_it_in_one_file(tree, system):
    body = f"{HEADER}\nS-A,Sở A,department,S-B\nP-A2,Phường A2,ward,P-A1\nP-NEW,Phường mới,ward,S-A\n"

    result = units_import(by=system, rows=csv_rows(body), dry_run=False)

    assert result.errors == []
    assert result.counts == {"create": 2, "update": 0, "move": 1, "unchanged": 0}
    assert {code: parent_code(code) for code in ("S-A", "P-A1", "P-A2", "P-NEW")} == {
        "S-A": "S-B",
        "P-A1": "S-A",
        "P-A2": "P-A1",
        "P-NEW": "S-A",
    }
    assert Unit.objects.get(code="P-A2").depth == 5
    assert Unit.find_problems() == ([], [], [], [], [])


def test_an_import_retires_a_unit_with_its_successors(tree, system):
    body = f"{HEADER},valid_to,successor_codes\nS-B,Sở B,department,HN,30/06/2025,S-A\n"

    result = units_import(by=system, rows=csv_rows(body), dry_run=False)

    assert [(c.code, c.action, c.fields) for c in result.changes] == [
        ("S-B", "update", ["valid_to", "successors"])
    ]
    retired = Unit.objects.get(code="S-B")
    assert retired.valid_to == datetime.date(2025, 6, 30)
    assert list(retired.successors.values_list("code", flat=True)) == ["S-A"]
    entry = AuditEntry.objects.get(action="org.unit_successors_set")
    assert (entry.target_label, entry.before, entry.after) == (
        "Sở B",
        {"successors": []},
        {"successors": ["S-A"]},
    )
    again = units_import(by=system, rows=csv_rows(body), dry_run=True)
    assert [(c.code, c.action) for c in again.changes] == [("S-B", "unchanged")]


@pytest.mark.parametrize(
    ("population", "stored"),
    [
        ("120000", 120000),
        ("120.000", 120000),  # Vietnamese thousands separator
        ("120 000", 120000),
        ("1.234.567", 1234567),
        ("120000.0", 120000),  # as spreadsheets and pandas write whole numbers
        ('"120000,0"', 120000),  # a decimal comma, quoted in the CSV
    ],
)
def test_population_is_read_as_written(tree, system, population, stored):
    body = f"{HEADER},population\nW1,Phường Một,ward,HN,{population}\n"
    result = units_import(by=system, rows=csv_rows(body), dry_run=False)
    assert result.errors == []
    assert Unit.objects.get(code="W1").population == stored


def test_a_population_with_a_decimal_part_is_refused(tree, system):
    body = f"{HEADER},population\nW1,Phường Một,ward,HN,1.5\n"
    result = units_import(by=system, rows=csv_rows(body), dry_run=False)
    assert [str(e) for e in result.errors] == ["Row 2, column population: 1.5 is not a whole number."]
    assert not Unit.objects.filter(code="W1").exists()


def test_a_bad_email_or_website_is_a_row_error_in_the_dry_run_too(tree, system):
    body = f"{HEADER},email,website\nW1,Phường Một,ward,HN,khong-phai-email,ftp://x.invalid\n"
    expected = [
        "Row 2, column email: khong-phai-email is not an email address.",
        "Row 2, column website: ftp://x.invalid is not a web address (https://…).",
    ]
    preview = units_import(by=system, rows=csv_rows(body), dry_run=True)
    assert [str(e) for e in preview.errors] == expected
    result = units_import(by=system, rows=csv_rows(body), dry_run=False)
    assert [str(e) for e in result.errors] == expected
    assert not Unit.objects.filter(code="W1").exists()


def test_a_column_left_out_of_the_file_leaves_its_values_alone(hanoi, system):
    body = f"{HEADER}\n00070,Phường Hoàn Kiếm,ward,HN\n"
    result = units_import(by=system, rows=csv_rows(body), dry_run=False)
    assert [(c.code, c.action, c.fields) for c in result.changes] == [("00070", "unchanged", [])]
    ward = Unit.objects.get(code="00070")
    assert (ward.valid_from, ward.latitude, ward.area_km2) == (
        datetime.date(2025, 7, 1),
        Decimal("21.03200"),
        Decimal("1.91"),
    )


def test_a_file_without_parent_code_leaves_units_where_they_are(tree, system):
    body = "code,name,kind\nP-A1,Phường A Một,ward\n"
    result = units_import(by=system, rows=csv_rows(body), dry_run=False)
    assert result.errors == []
    assert [(c.code, c.action, c.fields) for c in result.changes] == [("P-A1", "update", ["name"])]
    assert Unit.objects.get(code="P-A1").name == "Phường A Một"
    assert parent_code("P-A1") == "S-A"


def xlsx(*rows, code_format=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if code_format:
        for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
            cell.number_format = code_format
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def test_an_xlsx_code_typed_as_a_number_is_refused(city, system):
    content = xlsx(["code", "name", "kind", "parent_code"], [70, "Phường Hoàn Kiếm", "ward", "HN"])
    result = units_import(by=system, rows=read_rows(content=content, filename="u.xlsx"), dry_run=False)
    assert [str(e) for e in result.errors] == [
        "Row 2, column code: 70 is stored as a number, which loses leading zeros (00070 becomes 70): "
        "format the column as text and type the code again."
    ]
    assert Unit.objects.count() == 1


def test_an_xlsx_code_formatted_with_leading_zeros_keeps_them(city, system):
    content = xlsx(
        ["code", "name", "kind", "parent_code"], [70, "Phường Hoàn Kiếm", "ward", "HN"], code_format="00000"
    )
    result = units_import(by=system, rows=read_rows(content=content, filename="u.xlsx"), dry_run=False)
    assert result.errors == []
    assert Unit.objects.get(code="00070").name == "Phường Hoàn Kiếm"
