"""The pledge as a PDF, `shuhi people import` and `shuhi pledges pending`, and the REST routes."""

from __future__ import annotations

import io
import json

import pikepdf
import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuhi.cli import main
from shuhi.people import services
from shuhi.people.models import Person, Pledge
from shuhi.people.pdf import render_pledge
from shuhi.people.tests.conftest import sent_pledge
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


def _embedded_fonts(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(obj.FontName) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
                and "/FontFile2" in obj]


def _text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    finally:
        pdf.close()


def test_the_pdf_embeds_the_japanese_font_and_names_the_asset_codes(cast, register):
    pledge = services.pledge_acknowledge(actor=cast.employee, pledge=sent_pledge(cast, register.employee))
    data = render_pledge(pledge)
    assert data.startswith(b"%PDF")
    assert any("IPAexGothic" in name for name in _embedded_fonts(data))
    text = _text(data)
    assert "W-1" in text and "W-3" in text and "設計秘伝書" in text and "退職時の秘密保持誓約書" in text
    assert pledge.sha256[:16] in text


def test_the_cli_imports_a_file_with_a_dry_run_first(cast, tmp_path, monkeypatch):
    from django.core.management import base

    # `shuhi` closes every connection when a command ends, as Django's command line does; on
    # PostgreSQL that would end the test's own transaction before the check below.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    path = tmp_path / "people.csv"
    path.write_bytes("社員番号,氏名,部署\nE-50,コマンド 太郎,開発部\n".encode("cp932"))
    out = io.StringIO()
    call_command("people", "import", str(path), "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == ["E-50"] and not Person.objects.exists()
    assert main(["people", "import", str(path)]) == 0
    assert Person.objects.get(employee_number="E-50").department == cast.dev


def test_the_cli_refuses_a_bad_file_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("社員番号,氏名,部署\nE-50,,経理部\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("people", "import", str(path), stdout=out)
    assert "経理部" in out.getvalue() and not Person.objects.exists()


def test_pledges_pending_lists_the_waiting_pledges_with_their_scope(cast, register):
    waiting = sent_pledge(cast, register.employee)
    done = services.pledge_acknowledge(actor=cast.employee, pledge=sent_pledge(cast, register.employee, "hire"))
    out = io.StringIO()
    call_command("pledges", "pending", "--json", stdout=out)
    pending = json.loads(out.getvalue())["pending"]
    assert [p["id"] for p in pending] == [waiting.pk] and done.pk not in [p["id"] for p in pending]
    assert [item["code"] for item in pending[0]["scope"]] == ["W-1", "W-3"]
    assert pending[0]["person"]["employee_number"] == "E-1"


def test_the_api_shows_an_employee_only_his_own_pledges_and_lets_him_acknowledge(cast, register):
    mine = sent_pledge(cast, register.employee)
    theirs = sent_pledge(cast, register.contractor)
    client = api_client(cast.employee)
    listed = [row["id"] for row in client.get("/api/v1/pledges/").json()["results"]]
    assert listed == [mine.pk]
    assert client.get(f"/api/v1/pledges/{theirs.pk}/").status_code == 404
    answer = client.post(f"/api/v1/pledges/{mine.pk}/acknowledge/")
    assert answer.status_code == 200 and answer.json()["status"] == Pledge.Status.ACKNOWLEDGED
    assert api_client(cast.hr).post(f"/api/v1/pledges/{theirs.pk}/acknowledge/").status_code == 403


def test_the_api_gives_a_supplier_rep_its_staff_without_the_outsourcers_projects(cast, register):
    services.person_create(actor=cast.hr, organisation=cast.supplier_a, employee_number="A-1", name="常駐",
                           projects=[cast.project])
    rows = api_client(cast.rep_a).get("/api/v1/people/").json()["results"]
    assert [row["employee_number"] for row in rows] == ["A-1"]
    assert (rows[0]["projects"], rows[0]["department"], rows[0]["user"]) == ([], None, None)
    assert api_client(cast.rep_a).get("/api/v1/pledges/").json()["results"] == []
    hr_rows = api_client(cast.hr).get("/api/v1/people/").json()["results"]
    assert {row["employee_number"] for row in hr_rows} == {"E-1", "C-1", "A-1"}


def test_a_refusal_reason_over_the_limit_is_refused_even_with_a_leading_space(cast, register):
    pledge = sent_pledge(cast, register.employee)
    client = api_client(cast.employee)
    too_long = client.post(f"/api/v1/pledges/{pledge.pk}/refuse/", {"reason": " " + "x" * 2000}, format="json")
    assert too_long.status_code == 400
    answer = client.post(f"/api/v1/pledges/{pledge.pk}/refuse/", {"reason": "範囲が違う"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == Pledge.Status.REFUSED


def test_an_unknown_filter_value_is_a_400_not_an_unfiltered_list(cast, register):
    client = api_client(cast.hr)
    assert client.get("/api/v1/people/", {"status": "AAA"}).status_code == 400
    assert client.get("/api/v1/people/", {"kind": "AAA"}).status_code == 400
    assert client.get("/api/v1/pledges/", {"status": "AAA"}).status_code == 400
    assert client.get("/api/v1/people/", {"kind": "contract"}).json()["count"] == 1
