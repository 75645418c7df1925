"""The urging letter (công văn đôn đốc): read back with python-docx, the PDF's text with pdftotext."""

import datetime
import io
import shutil
import subprocess

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantoa.assignments.letters import LetterOptions, urging_letter_for_user
from lantoa.assignments.models import Assignment, TargetKind, UnitTask
from lantoa.assignments.services import EvidenceInput, assignment_create, task_mark_done
from lantoa.assignments.targets import TargetSpec
from tests.factories import UnitFactory

TITLE = "Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vi(message):
    with translation.override("vi"):
        return translation.gettext(message)


@pytest.fixture
def late(system, officer, units, today):
    """Issued 20 days ago to the communes and wards, due 3 days ago; Hoàn Kiếm has done its part."""
    assignment = assignment_create(
        by=system,
        title=TITLE,
        instructions="Treo tại trụ sở.",
        due_on=today - datetime.timedelta(days=3),
        targets=TargetSpec.communes_and_wards(),
        today=today - datetime.timedelta(days=20),
        issuing_unit=units["S-VHTT"],
    )
    task = UnitTask.objects.get(assignment=assignment, unit=units["00070"])
    task_mark_done(
        by=officer, task=task, expected_version=1, evidence=[EvidenceInput(kind="link", url="https://a.vn/b")]
    )
    return assignment


def options(today, **extra):
    return LetterOptions(new_due_on=today + datetime.timedelta(days=7), **extra)


def read(content):
    return docx.Document(io.BytesIO(content))


def table_rows(document, heading):
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == heading:
            return rows
    raise AssertionError("no such table")


def text_of(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_letter_for_one_assignment_names_the_late_units(coordinator, late, today):
    letter = urging_letter_for_user(user=coordinator, options=options(today), assignment=late, today=today)
    assert letter.content_type == DOCX_TYPE
    assert (
        letter.filename
        == f"cong-van-don-doc-treo-bang-ron-tuyen-truyen-nghi-quyet-57-nq-tw-{today:%Y%m%d}.docx"
    )
    document = read(letter.content)
    rows = table_rows(document, vi("No."))
    assert rows[0] == [vi("No."), vi("Unit"), vi("State"), vi("Due date"), vi("Days late")]
    due = late.due_on.strftime("%d/%m/%Y")
    with translation.override("vi"):
        new = str(UnitTask._meta.get_field("state").choices[0][1])
    # Ordered as the tree (by code here): Hoàn Kiếm is done, so not late.
    assert [row[:2] + row[3:] for row in rows[1:]] == [
        ["1", "Phường Ba Đình", due, "3"],
        ["2", "Xã Sóc Sơn", due, "3"],
        ["3", "Xã Ba Vì", due, "3"],
    ]
    assert {row[2] for row in rows[1:]} == {new}
    text = text_of(document)
    assert "UBND THÀNH PHỐ HÀ NỘI" in text
    assert "SỞ VĂN HÓA VÀ THỂ THAO" in text
    assert f"V/v {vi('urging the carrying out of the task “%(title)s”') % {'title': TITLE}}" in text
    kinh_gui = next(p.text for p in document.paragraphs if p.text.startswith("Kính gửi:"))
    assert kinh_gui == "Kính gửi:\t- Phường Ba Đình;\n- Xã Sóc Sơn;\n- Xã Ba Vì."
    assert (today - datetime.timedelta(days=20)).strftime("%d/%m/%Y") in text  # the date of issue, cited
    assert (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y") in text  # the new deadline
    assert "Hà Nội, ngày" in text
    assert "GIÁM ĐỐC" in text
    assert "- Như trên;" in text and "- Lưu: VT." in text
    assert "Phường Hoàn Kiếm" not in text


def test_many_late_units_are_named_in_the_list(coordinator, city, system, units, today):
    wards = [
        UnitFactory(parent=city, kind="ward", code=f"9{n:04d}", name=f"Phường Thử {n}") for n in range(6)
    ]
    assignment = assignment_create(
        by=system,
        title=TITLE,
        instructions="",
        due_on=today - datetime.timedelta(days=1),
        targets=TargetSpec.hand_picked([w.pk for w in wards]),
        today=today - datetime.timedelta(days=5),
        issuing_unit=units["S-VHTT"],
    )
    letter = urging_letter_for_user(
        user=coordinator,
        options=options(
            today, signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn An"
        ),
        assignment=assignment,
        today=today,
    )
    document = read(letter.content)
    kinh_gui = next(p.text for p in document.paragraphs if p.text.startswith("Kính gửi:"))
    assert kinh_gui == f"Kính gửi:\t{vi('The units named in the list below')}"
    rows = table_rows(document, vi("No."))
    assert [row[1] for row in rows[1:]] == [f"Phường Thử {n}" for n in range(6)]
    assert {row[-1] for row in rows[1:]} == {"1"}
    text = text_of(document)
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text
    assert "Nguyễn Văn An" in text


def test_the_boards_late_units_with_all_their_tasks(coordinator, late, system, units, today):
    second = assignment_create(
        by=system,
        title="Báo cáo kết quả quý III",
        instructions="",
        due_on=today - datetime.timedelta(days=10),
        targets=TargetSpec.hand_picked([units["00004"].pk]),
        today=today - datetime.timedelta(days=30),
        issuing_unit=units["S-VHTT"],
    )
    letter = urging_letter_for_user(
        user=coordinator, options=options(today), unit_ids=[units["00004"].pk, units["00070"].pk], today=today
    )
    assert letter.filename.startswith("cong-van-don-doc-nhieu-nhiem-vu-")
    rows = table_rows(read(letter.content), vi("No."))
    assert rows[0] == [vi("No."), vi("Unit"), vi("Task"), vi("State"), vi("Due date"), vi("Days late")]
    assert [(row[1], row[2], row[-1]) for row in rows[1:]] == [
        ("Phường Ba Đình", second.title, "10"),
        ("Phường Ba Đình", TITLE, "3"),
    ]


def test_refusals(coordinator, local_coordinator, late, units, today):
    with pytest.raises(ValidationError) as refused:
        urging_letter_for_user(
            user=coordinator,
            options=LetterOptions(new_due_on=today - datetime.timedelta(days=1)),
            assignment=late,
            today=today,
        )
    assert list(refused.value.message_dict) == ["new_due_on"]
    with pytest.raises(ValidationError):  # nobody late among these
        urging_letter_for_user(
            user=coordinator, options=options(today), unit_ids=[units["00070"].pk], today=today
        )
    with pytest.raises(ValidationError):  # not in this coordinator's scope
        urging_letter_for_user(
            user=local_coordinator, options=options(today), unit_ids=[units["00004"].pk], today=today
        )


@pytest.mark.parametrize("count", [3, 15])
def test_a_fixed_number_of_queries(count, coordinator, city, units, today, django_assert_num_queries):
    wards = [UnitFactory(parent=city, kind="ward", name=f"Phường Số {n:02d}") for n in range(count)]
    assignment = Assignment.objects.create(
        issuing_unit=units["S-VHTT"],
        title=TITLE,
        issued_on=today - datetime.timedelta(days=9),
        due_on=today - datetime.timedelta(days=2),
        target_kind=TargetKind.HAND_PICKED,
        unit_count=count,
    )
    UnitTask.objects.bulk_create([UnitTask(assignment=assignment, unit=w) for w in wards])
    from lantoa.accounts.policy import forget

    forget(coordinator)
    # roles, the late tasks with their units and assignments, the issuer's ancestors
    with django_assert_num_queries(3):
        letter = urging_letter_for_user(
            user=coordinator, options=options(today), assignment=assignment, today=today
        )
    assert len(table_rows(read(letter.content), vi("No."))) == count + 1


# The console


@pytest.fixture
def console(coordinator, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    return client


def test_the_form_shows_the_late_units_and_downloads_the_docx(console, late, today):
    url = reverse("console:assignment-urging-letter", args=[late.pk])
    page = console.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phường Ba Đình" in html and "Xã Ba Vì" in html and "Phường Hoàn Kiếm" not in html
    assert page.context["form"].initial["signer_title"] == "GIÁM ĐỐC"
    new_due = (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    response = console.post(url, {"new_due_on": new_due, "signer_title": "GIÁM ĐỐC", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="cong-van-don-doc-')
    assert new_due in text_of(read(response.content))
    refused = console.post(url, {"new_due_on": "01/01/2020", "signer_title": "GIÁM ĐỐC", "format": "docx"})
    assert refused.status_code == 400
    assert "The new deadline 01/01/2020 is in the past." in refused.content.decode()


def test_the_board_selection_is_carried_to_the_letter(console, late, units, today):
    url = reverse("console:urging-letter") + f"?unit={units['00004'].pk}&unit={units['10015'].pk}"
    page = console.get(url)
    assert [line.unit.code for line in page.context["lines"]] == ["00004", "10015"]
    response = console.post(
        reverse("console:urging-letter"),
        {
            "unit": [units["00004"].pk, units["10015"].pk],
            "new_due_on": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"),
            "signer_title": "GIÁM ĐỐC",
            "format": "docx",
        },
    )
    assert response.status_code == 200
    rows = table_rows(read(response.content), vi("No."))
    assert [row[1] for row in rows[1:]] == ["Phường Ba Đình", "Xã Ba Vì"]


def test_only_coordinators_with_the_assignment_in_scope(officer, local_coordinator, late, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    url = reverse("console:assignment-urging-letter", args=[late.pk])
    client = Client()
    client.force_login(officer)
    assert client.get(url).status_code in (302, 403)
    client.force_login(local_coordinator)
    assert client.get(url).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_prints_the_late_units(console, late, today, tmp_path):
    response = console.post(
        reverse("console:assignment-urging-letter", args=[late.pk]),
        {
            "new_due_on": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"),
            "signer_title": "GIÁM ĐỐC",
            "format": "pdf",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in (
        "Phường Ba Đình",
        "Xã Sóc Sơn",
        "Xã Ba Vì",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ):
        assert name in text
    assert "Phường Hoàn Kiếm" not in text
