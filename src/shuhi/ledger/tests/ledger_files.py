"""Helpers for the import/export tests: a ledger set up for the cast, and files written by hand."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from shuhi.ledger.services import ledger_setup_defaults, location_create
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LOCATION_COLUMNS

HEADERS = [column.ja for column in LEDGER_COLUMNS]
ENGLISH_HEADERS = [column.en for column in LEDGER_COLUMNS]
LOCATION_HEADERS = [column.ja for column in LOCATION_COLUMNS]


def setup_ledger(cast: Any) -> dict[str, Any]:
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    server = location_create(actor=cast.admin, organisation=cast.home, name="極秘サーバ", tier=tiers["top_secret"],
                             path_patterns="\\\\fs01\\極秘\\**")
    share = location_create(actor=cast.admin, organisation=cast.home, name="共有フォルダ", tier=tiers["confidential"])
    return {"tiers": tiers, "server": server, "share": share}


def row(code: str = "A-0001", /, **changes: Any) -> list[Any]:
    """A valid ledger row in the canonical vocabulary; keyword changes by column key."""
    values = {
        "code": code, "name": f"設計図 {code}", "description": "3D CAD", "category": "技術情報", "tier": "極秘",
        "is_trade_secret": "はい", "is_personal_data": "いいえ", "department": "開発部", "owner": "owner",
        "locations": "極秘サーバ", "retention": "5年", "disposal_method": "シュレッダー", "likelihood": 3,
        "impact": 4, "label_status": "済", "notes": "",
    }
    values.update(changes)
    return [values[column.key] for column in LEDGER_COLUMNS]


def write_xlsx(path: Path, rows: list[list[Any]], headers: list[str] | None = None,
               locations: list[list[Any]] | None = None, sheet: str = "台帳") -> Path:
    workbook = Workbook()
    ledger = workbook.active
    ledger.title = sheet
    ledger.append(headers or HEADERS)
    for values in rows:
        ledger.append(values)
        for cell in ledger[ledger.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a user may type it after a quote
    if locations is not None:
        where = workbook.create_sheet("保管場所")
        where.append(LOCATION_HEADERS)
        for values in locations:
            where.append(values)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig",
              headers: list[str] | None = None) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path


def read_xlsx(path: Path, sheet: str = "台帳") -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return [["" if v is None else v for v in r] for r in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
