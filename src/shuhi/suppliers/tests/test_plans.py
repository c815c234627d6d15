"""Improvement plans: made from the gaps, tracked by the supplier, and the change the next assessment shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.suppliers.models import ImprovementItem
from shuhi.suppliers.services import assessment_review, assessment_save, assessment_submit, campaign_create
from shuhi.suppliers.testing import _answer_everything

pytestmark = pytest.mark.django_db

WEAK = {"VP-2": "no", "ID-1": "no", "LT-1": "yes"}


def submitted(rep, assessment, **overrides):
    values = {**_answer_everything(assessment), **overrides}
    values.pop("VP-3", None)
    assessment_save(actor=rep, assessment=assessment, values=values)
    return assessment_submit(actor=rep, assessment=assessment)


def test_the_outsourcer_makes_a_plan_from_the_chosen_gaps_with_the_frameworks_practices(client, cast, setup,
                                                                                         login):
    assessment = setup["a"]
    submitted(cast.rep_a, assessment, **WEAK)
    login(cast.security)
    report = client.get(reverse("suppliers:report", args=[assessment.pk]))
    assert report.context["can_plan"] and {"VP-2", "ID-1"} <= {g["id"] for g in report.context["gaps"]}
    due = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    response = client.post(reverse("suppliers:plan", args=[assessment.pk]),
                           {"q": ["VP-2", "ID-1"], "due_date": due, "owner_name": "山田 社長"})
    assert response.status_code == 302
    items = {i.question_id: i for i in ImprovementItem.objects.filter(assessment=assessment)}
    assert set(items) == {"VP-2", "ID-1"}
    practice = assessment.framework.doc.question("VP-2").practice
    assert items["VP-2"].practice == practice["ja"] and "A4一枚" in items["VP-2"].practice
    assert items["VP-2"].answer_then == "no" and items["VP-2"].share_then == 0
    assert items["ID-1"].due_date.isoformat() == due and items["ID-1"].owner_name == "山田 社長"
    assert items["ID-1"].status == ImprovementItem.Status.OPEN
    client.post(reverse("suppliers:plan", args=[assessment.pk]), {"q": ["VP-2"]})
    assert ImprovementItem.objects.filter(assessment=assessment).count() == 2
    client.post(reverse("suppliers:plan", args=[assessment.pk]), {"q": ["LT-1"]})
    assert not ImprovementItem.objects.filter(question_id="LT-1").exists()
    assert AuditEntry.objects.filter(action="improvement.create").count() == 2
    listed = client.get(reverse("suppliers:improvements"), {"supplier": cast.supplier_a.pk})
    assert {i.pk for i in listed.context["page_obj"].object_list} == {i.pk for i in items.values()}
    assert not client.get(reverse("suppliers:improvements"), {"supplier": cast.supplier_b.pk}).context[
        "page_obj"].object_list


def test_only_managers_plan_for_a_campaign_assessment(client, cast, setup, login):
    submitted(cast.rep_a, setup["a"], **WEAK)
    for user in (cast.rep_a, cast.auditor):
        login(user)
        response = client.post(reverse("suppliers:plan", args=[setup["a"].pk]), {"q": ["VP-2"]})
        assert response.status_code == 403
    login(cast.employee)
    assert client.post(reverse("suppliers:plan", args=[setup["a"].pk]), {"q": ["VP-2"]}).status_code == 404
    assert not ImprovementItem.objects.exists()


def plan_for_a(client, cast, setup, login):
    submitted(cast.rep_a, setup["a"], **WEAK)
    login(cast.security)
    client.post(reverse("suppliers:plan", args=[setup["a"].pk]), {"q": ["VP-2", "ID-1"], "due_date": "2030-03-31"})
    return {i.question_id: i for i in ImprovementItem.objects.filter(assessment=setup["a"])}


def test_the_supplier_tracks_its_items_in_the_portal(client, cast, setup, login):
    items = plan_for_a(client, cast, setup, login)
    login(cast.rep_a)
    portal = client.get(reverse("suppliers:portal"))
    assert portal.context["open_items"] == 2
    listing = client.get(reverse("suppliers:improvements"))
    assert {i.pk for i in listing.context["page_obj"].object_list} == {i.pk for i in items.values()}
    item = items["VP-2"]
    response = client.post(reverse("suppliers:improvement", args=[item.pk]), {
        "status": "in_progress", "notes": "社長名で掲示する案を作成中", "owner": cast.rep_a.pk,
        "due_date": "2099-01-01", "practice": "書き換え"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.notes, item.owner) == ("in_progress", "社長名で掲示する案を作成中", cast.rep_a)
    # What was agreed stays as the outsourcer set it.
    assert item.due_date == dt.date(2030, 3, 31) and "A4一枚" in item.practice
    client.post(reverse("suppliers:improvement", args=[item.pk]), {"status": "done", "notes": item.notes})
    page = client.get(reverse("suppliers:improvement", args=[item.pk]))
    assert [e.action for e, _who, _s in page.context["history"]] == [
        "improvement.create", "improvement.update", "improvement.update"]
    assert "security@home.example" not in page.content.decode()
    assert client.get(reverse("suppliers:portal")).context["open_items"] == 1


def test_supplier_b_sees_nothing_of_supplier_as_plan(client, cast, setup, login, api_client_for):
    items = plan_for_a(client, cast, setup, login)
    login(cast.rep_b)
    assert not client.get(reverse("suppliers:improvements")).context["page_obj"].object_list
    for item in items.values():
        assert client.get(reverse("suppliers:improvement", args=[item.pk])).status_code == 404
        assert client.post(reverse("suppliers:improvement", args=[item.pk]), {"status": "done"}).status_code == 404
    assert client.post(reverse("suppliers:plan", args=[setup["a"].pk]), {"q": ["LT-1"]}).status_code == 404
    assert ImprovementItem.objects.filter(status="done").count() == 0
    api = api_client_for(cast.rep_b)
    assert api.get("/api/v1/improvement-items/").json()["results"] == []
    assert api.get(f"/api/v1/improvement-items/{items['VP-2'].pk}/").status_code == 404


def test_the_next_assessment_shows_the_change_per_item_and_overlays_the_radar(client, cast, setup, login):
    plan_for_a(client, cast, setup, login)
    assessment_review(actor=cast.security, assessment=setup["a"], accept=True)
    second = campaign_create(actor=cast.security, framework=setup["framework"], title="点検2025",
                             due_date=dt.date.today() + dt.timedelta(days=14), suppliers=[cast.supplier_a])
    new = second.assessments.get()
    submitted(cast.rep_a, new, **{"VP-2": "yes", "ID-1": "no", "LT-1": "partly"})
    login(cast.security)
    report = client.get(reverse("suppliers:report", args=[new.pk]))
    changes = {c["id"]: c for c in report.context["changes"]}
    assert changes["VP-2"]["verdict"] == "improved" and changes["VP-2"]["item"].question_id == "VP-2"
    assert changes["ID-1"]["verdict"] == "unchanged" and changes["ID-1"]["item"] is not None
    assert changes["LT-1"]["verdict"] == "worse" and changes["LT-1"]["item"] is None
    assert [c["id"] for c in report.context["changes"]][:2] == ["ID-1", "VP-2"]
    assert set(changes) == {"VP-2", "ID-1", "LT-1"}
    assert len(report.context["chart"].series) == 2 and report.context["previous"]
    assert 'data-verdict="improved"' in report.content.decode()
    pdf = client.get(reverse("suppliers:report_pdf", args=[new.pk]))
    assert pdf.content.startswith(b"%PDF")
    login(cast.rep_a)
    assert {c["id"] for c in client.get(reverse("suppliers:report", args=[new.pk])).context["changes"]} == set(changes)
