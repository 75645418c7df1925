"""Hà Nội's units as shipped in `data/`: the City, its departments and agencies, 126 communes and wards."""

from pathlib import Path
from typing import Any

from lantoa.core import access

from .importing import read_rows
from .services import ImportResult, units_import

DATA = Path(__file__).resolve().parent / "data"
HANOI_FILES = ("hanoi_city_2025.csv", "hanoi_wards_2025.csv")


def hanoi_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in HANOI_FILES:
        path = DATA / name
        rows += read_rows(content=path.read_bytes(), filename=path.name)
    return rows


def load_hanoi(*, by: Any = None, dry_run: bool = False) -> ImportResult:
    return units_import(by=by or access.system("load_units"), rows=hanoi_rows(), dry_run=dry_run)
