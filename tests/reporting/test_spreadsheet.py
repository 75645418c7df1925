"""The spreadsheet template: downloaded, filled in, uploaded back; errors named by sheet, row and column."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.reporting import services
from lantoa.reporting.importing import values_import
from lantoa.reporting.models import Report, Value
from lantoa.reporting.spreadsheet import rows_from_workbook, template_workbook

from .conftest import WEEK


@pytest.fixture
def console(world, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["lantoa_language"] = "en"
    client.force_login(world.officer)
    return client


def save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_is_laid_out_as_the_form_with_the_values_entered(world, figures):
    figures.by_unit = {world.ward.pk: Decimal(4)}
    report = services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        cells=[services.CellInput(world.articles.pk, ("social", "", "2"), Decimal(5))],
    )
    book = load_workbook(
        io.BytesIO(template_workbook(data_set=world.data_set, periods=[WEEK], units=[world.ward]))
    )
    assert book.sheetnames == ["README", "SK", "NG", "TB", "NV", "TL"]
    articles = book["TB"]
    assert [c.value for c in articles[3]] == [
        "Unit code",
        "Unit",
        "Period",
        "Breakdown code",
        "Channel",
        "1. Sự lãnh đạo của Đảng",
        "2. Nội dung Nghị quyết 57-NQ/TW",
    ]
    assert [c.value for c in articles[4]][3:] == ["channel", None, "theme=1", "theme=2"]
    assert articles.row_dimensions[4].hidden
    assert [[c.value for c in row] for row in articles.iter_rows(min_row=5)] == [
        ["00070", "Phường Hoàn Kiếm", "2026W48", "press", "Press", None, None],
        ["00070", "Phường Hoàn Kiếm", "2026W48", "social", "Social networks", None, 5],
    ]
    tasks = book["NV"]
    assert [c.value for c in tasks[3]][5:] == ["Value", "Reason for a correction"]
    assert [c.value for c in tasks[5]][5] == 4


def test_a_filled_template_imports_back(world, figures):
    book = load_workbook(
        io.BytesIO(template_workbook(data_set=world.data_set, periods=[WEEK], units=[world.ward]))
    )
    book["SK"]["F5"] = 3
    book["NG"]["F5"] = "1.200"
    book["TB"]["G6"] = 4
    rows = rows_from_workbook(content=save(book), data_set=world.data_set)
    result = values_import(by=world.officer, rows=rows, dry_run=False)
    assert (result.created, result.reports_created) == (3, 1)
    stored = sorted(
        Value.objects.filter(source="manual").values_list("indicator__code", "channel", "theme", "value")
    )
    assert stored == [
        ("NG", "", "", Decimal(1200)),
        ("SK", "", "", Decimal(3)),
        ("TB", "social", "2", Decimal(4)),
    ]


def test_errors_are_named_by_sheet_row_and_column(world):
    book = load_workbook(
        io.BytesIO(template_workbook(data_set=world.data_set, periods=[WEEK], units=[world.ward]))
    )
    book["SK"]["F5"] = "ba"
    book["TB"]["F6"] = 2
    book["TB"]["A6"] = "00004"
    rows = rows_from_workbook(content=save(book), data_set=world.data_set)
    result = values_import(by=world.officer, rows=rows, dry_run=True)
    assert [(e.where, e.message) for e in result.errors] == [
        ("sheet SK, row 5, column F", "“ba” is not a number (at most two decimals)."),
        ("sheet TB, row 6, column F", "You do not enter the values of Phường Ba Đình."),
        ("sheet TB, row 6, column G", "You do not enter the values of Phường Ba Đình."),
    ]


def test_a_file_that_is_not_a_template_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as not_xlsx:
        rows_from_workbook(content=b"not a workbook", data_set=world.data_set)
    assert not_xlsx.value.messages == ["This file is not an Excel workbook (.xlsx)."]
    from openpyxl import Workbook

    with pytest.raises(ValidationError) as other:
        rows_from_workbook(content=save(Workbook()), data_set=world.data_set)
    assert "download its template first" in other.value.messages[0]


def test_download_check_and_import_from_the_console(world, console, figures):
    download = console.get(
        reverse("console:report-template", args=[world.data_set.pk]), {"period": "2026W48"}
    )
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    assert [row[0].value for row in book["SK"].iter_rows(min_row=5)] == ["00070"]  # the officer's unit only
    book["SK"]["F5"] = 2
    book["NG"]["F5"] = 40
    upload = io.BytesIO(save(book))
    upload.name = "bao-cao-tuan.xlsx"
    checked = console.post(reverse("console:report-upload"), {"data_set": world.data_set.pk, "file": upload})
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Import these values" in html
    assert not Value.objects.filter(source="manual").exists()
    done = console.post(reverse("console:report-upload"), {"confirm": "1"}, follow=True)
    assert "Imported: 2 values added, 0 changed, 0 cleared, in 1 reports." in done.content.decode()
    assert Report.objects.get().unit == world.ward
    bad = load_workbook(io.BytesIO(download.content))
    bad["SK"]["F5"] = "hai"
    upload = io.BytesIO(save(bad))
    upload.name = "sai.xlsx"
    refused = console.post(reverse("console:report-upload"), {"data_set": world.data_set.pk, "file": upload})
    assert refused.status_code == 400
    assert "sheet SK, row 5, column F" in refused.content.decode()
