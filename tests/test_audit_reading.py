"""Reading the audit log: what a reader may see of it, and a CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.core.audit.selectors import audit_entries
from shuhi.core.audit.services import audit_record
from shuhi.suppliers.services import (
    assessment_save,
    assessment_share,
    campaign_create,
    evidence_add,
    framework_install_builtin,
    supplier_self_assessment_create,
)
from shuhi.suppliers.testing import PDF, _answer_everything

pytestmark = pytest.mark.django_db

PRIVATE_FILE = "社外秘の自己点検メモ.pdf"
FORMULA_FILE = '=HYPERLINK("evil.example";"開く").pdf'


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def file_question(assessment) -> str:
    return next(q.id for q in assessment.framework.doc.questions() if q.type == "file")


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def world(cast):
    """Supplier A answers the outsourcer's campaign and, privately, assesses itself."""
    questionnaire, _interview, _quick = framework_install_builtin(actor=cast.admin, organisation=cast.home)
    campaign = campaign_create(actor=cast.admin, framework=questionnaire, title="点検",
                               due_date=dt.date.today() + dt.timedelta(days=14), suppliers=[cast.supplier_a])
    shared = campaign.assessments.get()
    evidence_add(actor=cast.rep_a, assessment=shared, question_id=file_question(shared), upload=upload(FORMULA_FILE))
    private = supplier_self_assessment_create(actor=cast.rep_a)
    assessment_save(actor=cast.rep_a, assessment=private, values=_answer_everything(private))
    evidence_add(actor=cast.rep_a, assessment=private, question_id=file_question(private), upload=upload(PRIVATE_FILE))
    return {"shared": shared, "private": private}


def private_entries(world) -> list[AuditEntry]:
    about = {("suppliers.assessment", str(world["private"].pk))}
    about |= {("suppliers.evidence", str(e.pk)) for e in world["private"].evidence.all()}
    return [e for e in AuditEntry.objects.all() if (e.object_type, e.object_id) in about]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("reader", ["admin", "security", "auditor"])
def test_the_audit_log_hides_a_suppliers_private_self_assessment_from_the_outsourcer(world, cast, reader, login,
                                                                                    api_client_for):
    user = getattr(cast, reader)
    hidden = private_entries(world)
    assert len(hidden) >= 3  # started, answers saved, evidence attached
    assert not set(audit_entries(user=user)) & set(hidden)
    client = login(user)
    page = client.get(reverse("audit:list"))
    assert PRIVATE_FILE not in page.content.decode()
    export = "\n".join(",".join(row) for row in csv_rows(client.get(reverse("audit:export"))))
    assert PRIVATE_FILE not in export
    assert str(world["private"].pk) not in {row[6] for row in csv_rows(client.get(reverse("audit:export")))
                                            if row[5] == "suppliers.assessment"}
    for entry in hidden:
        assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 404
    api = api_client_for(user)
    listed = api.get("/api/v1/audit-entries/", {"page_size": 1000}).content.decode()
    assert PRIVATE_FILE not in listed
    assert api.get(f"/api/v1/audit-entries/{hidden[0].pk}/").status_code == 404


def test_the_outsourcer_still_sees_the_entries_of_assessments_it_may_see(world, cast):
    visible = audit_entries(user=cast.auditor, filters={"object_type": "suppliers.evidence"})
    assert [e.after["name"] for e in visible] == [FORMULA_FILE]


def test_once_the_supplier_shares_its_self_assessment_its_history_shows(world, cast):
    assessment_share(actor=cast.rep_a, assessment=world["private"])
    names = [e.after.get("name") for e in audit_entries(user=cast.auditor, filters={"object_type":
                                                                                    "suppliers.evidence"})]
    assert PRIVATE_FILE in names


def test_hiding_private_entries_costs_no_query_per_entry(world, cast, login):
    client = login(cast.auditor)

    def queries_for_export() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            csv_rows(client.get(reverse("audit:export")))
        return len(captured)

    few = queries_for_export()
    for index in range(50):
        audit_record(actor=cast.rep_a, action="evidence.add", obj=world["private"].evidence.get(),
                     after={"n": index})
        audit_record(actor=cast.admin, action="test.write", object_type="test", object_id=str(index))
    assert queries_for_export() == few


def test_the_csv_export_defuses_cells_a_spreadsheet_would_run_as_formulas(world, cast, login):
    for text in ("+1+1", "-2+3", "@SUM(A1)", "\tindent", "\rreturn"):
        audit_record(actor=cast.admin, action="test.write", object_type="test", object_id="1", object_repr=text)
    client = login(cast.auditor)
    rows = csv_rows(client.get(reverse("audit:export")))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert "'" + FORMULA_FILE in cells
    assert {"'+1+1", "'-2+3", "'@SUM(A1)", "'\tindent", "'\rreturn"} <= set(cells)
