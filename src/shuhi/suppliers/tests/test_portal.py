"""The portal workflow and who sees what: answer, evidence, submit, return, resubmit, accept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shuhi.accounts.models import Invitation
from shuhi.accounts.services import invitation_accept
from shuhi.core.audit.models import AuditEntry
from shuhi.suppliers.models import Assessment, AssessmentVersion, Evidence, Reminder
from shuhi.suppliers.services import reminders_record
from shuhi.suppliers.testing import PDF, _answer_everything
from shuhi.testing.cast import SYSTEM_TEST

pytestmark = pytest.mark.django_db


def answers_post(assessment, **extra):
    data = {f"q-{qid}": value for qid, value in _answer_everything(assessment).items()}
    data.update(extra)
    return data


def submit(client, assessment, data):
    """Saves with the form's submit button, then confirms on the page that follows."""
    response = client.post(reverse("suppliers:assessment", args=[assessment.pk]), {**data, "action": "submit"})
    assert response.status_code == 302 and response.url == reverse("suppliers:submit", args=[assessment.pk])
    assert Assessment.objects.get(pk=assessment.pk).status in {"draft", "returned"}  # not yet: a second step
    return client.post(response.url)


def test_a_supplier_cannot_see_another_suppliers_answers(client, cast, setup, login):
    login(cast.rep_a)
    assert client.post(reverse("suppliers:assessment", args=[setup["a"].pk]), {"q-MA-1": "yes"}).status_code == 302
    login(cast.rep_b)
    for name in ("suppliers:assessment", "suppliers:report", "suppliers:report_pdf", "suppliers:excel"):
        assert client.get(reverse(name, args=[setup["a"].pk])).status_code == 404
    assert client.post(reverse("suppliers:assessment", args=[setup["a"].pk]), {"q-MA-1": "no"}).status_code == 404
    portal = client.get(reverse("suppliers:portal"))
    assert [a.pk for a, _due, _journey in portal.context["rows"]] == [setup["b"].pk]
    assert Assessment.objects.get(pk=setup["a"].pk).answers["MA-1"]["value"] == "yes"


def test_a_supplier_does_not_see_its_sub_suppliers_answers(client, cast, setup, login):
    login(cast.rep_a)
    assert client.get(reverse("suppliers:assessment", args=[setup["sub"].pk])).status_code == 404
    assert cast.sub_supplier_a.name not in client.get(reverse("suppliers:portal")).content.decode()


def test_a_supplier_is_sent_from_the_register_to_its_portal(client, cast, setup, login):
    login(cast.rep_a)
    assert client.get(reverse("suppliers:list")).url == reverse("suppliers:portal")
    assert client.get(reverse("suppliers:campaigns")).status_code == 404


def test_the_representative_answers_attaches_evidence_and_submits(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    data = answers_post(assessment)
    data["f-VP-3"] = SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf")
    response = submit(client, assessment, data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    version = assessment.versions.get()
    evidence = Evidence.objects.get(assessment=assessment)
    assert version.answers["VP-3"]["evidence"] == [evidence.pk]
    assert version.scores["overall"] > 0
    assert "private" in evidence.file.path and evidence.sha256
    download = client.get(reverse("suppliers:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    login(cast.rep_b)
    assert client.get(reverse("suppliers:evidence", args=[evidence.pk])).status_code == 404


def test_evidence_of_the_wrong_type_or_too_large_is_refused_and_nothing_is_saved(client, cast, setup, login,
                                                                                   settings):
    assessment = setup["a"]
    login(cast.rep_a)
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("suppliers:assessment", args=[assessment.pk]),
                           {"q-MA-1": "yes", "f-VP-3": fake, "action": "save"})
    assert response.status_code == 400
    assert not Evidence.objects.exists()
    assert "MA-1" not in Assessment.objects.get(pk=assessment.pk).answers
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("suppliers:assessment", args=[assessment.pk]), {"f-VP-3": exe})
    assert response.status_code == 400 and not Evidence.objects.exists()
    from shuhi.core import storage

    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    original, storage.EVIDENCE_MAX_BYTES = storage.EVIDENCE_MAX_BYTES, 1024
    try:
        response = client.post(reverse("suppliers:assessment", args=[assessment.pk]), {"f-VP-3": big})
    finally:
        storage.EVIDENCE_MAX_BYTES = original
    assert response.status_code == 400 and not Evidence.objects.exists()


def test_a_bad_answer_rejects_the_whole_save(client, cast, setup, login):
    login(cast.rep_a)
    response = client.post(reverse("suppliers:assessment", args=[setup["a"].pk]),
                           {"q-MA-1": "yes", "q-ID-6": "many", "q-LT-4": "someday"})
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"ID-6", "LT-4"}
    assert Assessment.objects.get(pk=setup["a"].pk).answers == {}


def test_submitting_with_missing_answers_is_refused(client, cast, setup, login):
    login(cast.rep_a)
    client.post(reverse("suppliers:assessment", args=[setup["a"].pk]), {"q-MA-1": "yes", "action": "submit"})
    page = client.get(reverse("suppliers:submit", args=[setup["a"].pk]))
    assert "MA-2" in [q.id for q in page.context["missing"]] and b"confirm-submit" not in page.content
    client.post(reverse("suppliers:submit", args=[setup["a"].pk]))
    assert Assessment.objects.get(pk=setup["a"].pk).status == Assessment.Status.DRAFT


def test_the_outsourcer_returns_one_answer_and_every_version_is_kept(client, cast, setup, login):
    assessment = setup["a"]
    login(cast.rep_a)
    submit(client, assessment, answers_post(assessment))
    login(cast.security)
    client.post(reverse("suppliers:review", args=[assessment.pk]),
                {"decision": "return", "r-LT-3": "報告先を掲示してから「はい」にしてください"})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    first = assessment.versions.get()
    assert first.outcome == "returned"
    assert first.review_comments == {"LT-3": "報告先を掲示してから「はい」にしてください"}
    login(cast.rep_a)
    page = client.get(reverse("suppliers:assessment", args=[assessment.pk]))
    assert "報告先を掲示してから" in page.content.decode()
    submit(client, assessment, answers_post(assessment, **{"q-LT-3": "partly"}))
    login(cast.security)
    client.post(reverse("suppliers:review", args=[assessment.pk]), {"decision": "accept", "confirmed": "yes"})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED
    versions = list(assessment.versions.order_by("number"))
    assert [(v.number, v.outcome) for v in versions] == [(1, "returned"), (2, "accepted")]
    assert versions[0].answers["LT-3"]["value"] == "yes" and versions[1].answers["LT-3"]["value"] == "partly"
    with pytest.raises(Exception, match=r"cannot be changed|変更できません"):
        versions[0].answers = {}
        versions[0].save()
    pdf = client.get(reverse("suppliers:report_pdf", args=[assessment.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"IPAexGothic" in pdf.content
    assert AuditEntry.objects.filter(action__in=["assessment.submit", "assessment.return",
                                                 "assessment.accept"]).count() == 4


def test_only_managers_review_and_auditors_only_read(client, cast, setup, login):
    login(cast.rep_a)
    submit(client, setup["a"], answers_post(setup["a"]))
    for user in (cast.rep_a, cast.auditor, cast.employee):
        login(user)
        response = client.post(reverse("suppliers:review", args=[setup["a"].pk]),
                               {"decision": "accept", "confirmed": "yes"})
        assert response.status_code == 404
    assert AssessmentVersion.objects.get(assessment=setup["a"]).outcome == "pending"
    login(cast.auditor)
    assert client.get(reverse("suppliers:assessment", args=[setup["a"].pk])).status_code == 200
    login(cast.employee)
    assert client.get(reverse("suppliers:assessment", args=[setup["a"].pk])).status_code == 404


def test_the_report_places_answers_next_to_small_and_large_firms_and_cites_the_survey(client, cast, setup, login):
    login(cast.rep_a)
    client.post(reverse("suppliers:assessment", args=[setup["a"].pk]), answers_post(setup["a"]))
    response = client.get(reverse("suppliers:report", args=[setup["a"].pk]))
    body = response.content.decode()
    assert "32.2–44.9%" in body and "63.9–75.6%" in body
    assert "https://www.ipa.go.jp/security/reports/economics/ts-kanri/20240530.html" in body
    assert "<svg" in body and "<polygon" in body
    assert response.context["result"].viewpoints["insider"] is not None


def test_an_expired_or_used_invitation_fails(client, cast, setup, login):
    from django.core.exceptions import ValidationError

    login(cast.admin)
    client.post(reverse("suppliers:invite", args=[setup["profiles"][cast.supplier_a.pk].pk]),
                {"full_name": "新担当", "email": "new.rep@a.example"})
    invitation = Invitation.objects.get(email="new.rep@a.example")
    assert invitation.role == "supplier_rep" and invitation.organisation == cast.supplier_a
    token = next(str(m) for m in client.get(reverse("suppliers:list")).context["messages"]).split("/invite/")[1]
    token = token.split("/")[0]
    user = invitation_accept(token=token, password="a-long-enough-passphrase-42")
    assert user.organisation == cast.supplier_a
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password="a-long-enough-passphrase-42")
    from shuhi.suppliers.services import representative_invite

    _inv, expired = representative_invite(actor=cast.admin, profile=setup["profiles"][cast.supplier_b.pk],
                                          email="late@b.example", full_name="遅刻")
    Invitation.objects.filter(email="late@b.example").update(expires_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        invitation_accept(token=expired, password="a-long-enough-passphrase-42")


def test_reminders_are_recorded_once_and_shown_in_the_portal(client, cast, setup, login):
    today = setup["campaign"].due_date - dt.timedelta(days=3)
    assert {r.kind for r in reminders_record(actor=SYSTEM_TEST, today=today)} == {"due_soon"}
    assert reminders_record(actor=SYSTEM_TEST, today=today) == []
    later = reminders_record(actor=SYSTEM_TEST, today=setup["campaign"].due_date + dt.timedelta(days=1))
    assert {r.kind for r in later} == {"overdue"} and len(later) == 3
    login(cast.rep_b)
    portal = client.get(reverse("suppliers:portal"))
    assert {r.assessment_id for r in portal.context["reminders"]} == {setup["b"].pk}
    assert Reminder.objects.visible_to(cast.rep_b).count() == 2


def test_the_register_shows_the_tree_and_filters(client, cast, setup, login):
    login(cast.admin)
    response = client.get(reverse("suppliers:list"))
    rows = response.context["page_obj"].object_list
    assert [(r["org"].name, r["depth"]) for r in rows] == [("アルファ工業", 0), ("ガンマ金型", 1), ("ベータ精密", 0)]
    filtered = client.get(reverse("suppliers:list"), {"q": "ベータ"}).context["page_obj"].object_list
    assert [r["org"].name for r in filtered] == ["ベータ精密"]
    response = client.post(reverse("suppliers:create"), {"name": "デルタ電子", "size_band": "le20",
                                                         "certifications": ["tics"], "contract_status": "active"})
    assert response.status_code == 302
    login(cast.employee)
    assert client.get(reverse("suppliers:create")).status_code == 404
