"""Extract Hà Nội's communes and wards from the `vietnamadminunits` package into CSV.

Run once, in a throwaway environment, when the source changes:

    python -m venv /tmp/vau && /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/python scripts/extract_hanoi_units.py

Lan Tỏa does not depend on the package at run time (it pulls shapely and geopy);
it ships the extracted rows with their provenance in `lantoa/org/data/`.
The package credits danhmuchanhchinh.gso.gov.vn and sapnhap.bando.com.vn; codes
follow Quyết định 19/2025/QĐ-TTg, units Nghị quyết 1656/NQ-UBTVQH15 (in force 1/7/2025).
"""

import csv
import json
from importlib import metadata
from pathlib import Path

from vietnamadminunits.database import query

DATA = Path(__file__).resolve().parent.parent / "lantoa" / "org" / "data"
KIND = {"Phường": "ward", "Xã": "commune"}


def main() -> None:
    rows = query(
        "SELECT ward, wardType, wardCode, wardLat, wardLon, wardAreaKm2 "
        "FROM admin_units WHERE provinceCode='01' ORDER BY wardCode"
    )
    with (DATA / "hanoi_wards_2025.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["code", "name", "kind", "parent_code", "valid_from", "latitude", "longitude", "area_km2"]
        )
        for r in rows:
            out.writerow(
                [
                    r["wardCode"],
                    r["ward"],
                    KIND[r["wardType"]],
                    "HN",
                    "2025-07-01",
                    r["wardLat"],
                    r["wardLon"],
                    r["wardAreaKm2"],
                ]
            )
    provenance = {
        "source": "PyPI package vietnamadminunits",
        "version": metadata.version("vietnamadminunits"),
        "licence": "MIT",
        "upstream_credits": ["danhmuchanhchinh.gso.gov.vn", "sapnhap.bando.com.vn"],
        "legal_basis": ["Nghị quyết 1656/NQ-UBTVQH15 (16/6/2025)", "Quyết định 19/2025/QĐ-TTg"],
        "province_code": "01",
        "rows": len(rows),
        "query": "admin_units WHERE provinceCode='01'",
    }
    (DATA / "hanoi_wards_2025.provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{len(rows)} rows written to {DATA}")


if __name__ == "__main__":
    main()
