"""The disclosure register through the REST API: the same gate and services as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.disclosures.models import Disclosure, LeakNotice, Nda
from shuhi.ledger.models import InformationAsset
from shuhi.testing.cast import api_client
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _asset(code: str) -> InformationAsset:
    return InformationAsset.objects.get(code=code)


def test_a_supplier_lists_only_its_own_chains_disclosures_without_the_outsourcers_deliberation(world):
    cast = world.cast
    rows = api_client(cast.rep_a).get("/api/v1/disclosures/").json()["results"]
    assert {r["recipient"] for r in rows} == {cast.supplier_a.pk, cast.sub_supplier_a.pk}
    assert all(r["exception_executive"] == "" and r["warnings"] == [] for r in rows)
    assert api_client(cast.rep_b).get(f"/api/v1/disclosures/{rows[0]['id']}/").status_code == 404


def test_the_security_manager_filters_disclosures_by_status_and_asset(world):
    client = api_client(world.cast.security)
    held = client.get("/api/v1/disclosures/", {"status": "held"}).json()["results"]
    assert {r["number"] for r in held} == set(Disclosure.objects.filter(status__in=Disclosure.HELD)
                                              .values_list("number", flat=True))
    by_asset = client.get("/api/v1/disclosures/", {"asset": _asset("W-3").pk}).json()["results"]
    assert [r["recipient"] for r in by_asset] == [world.cast.supplier_b.pk]
    assert client.get("/api/v1/disclosures/", {"status": "lost"}).status_code == 400


def test_a_disclosure_goes_from_request_to_certified_destruction_through_the_api(world):
    cast = world.cast
    manager = api_client(cast.security)
    created = manager.post("/api/v1/disclosures/", {
        "supplier": cast.supplier_b.pk, "assets": [_asset("W-3").pk], "purpose": "見積",
        "justification": "見積作成に必要", "due_date": _future(7), "channel": "paper"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "requested"
    assert manager.post(f"/api/v1/disclosures/{pk}/approve/", {}, format="json").json()["status"] == "approved"
    assert manager.post(f"/api/v1/disclosures/{pk}/hand-over/", {}, format="json").json()["status"] == "handed_over"
    rep = api_client(cast.rep_b)
    assert rep.post(f"/api/v1/disclosures/{pk}/confirm-receipt/").json()["status"] == "received"
    ended = rep.post(f"/api/v1/disclosures/{pk}/certify-end/", {"method": "destroyed", "statement": "裁断しました"},
                     format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "destroyed"
    assert AuditEntry.objects.filter(action="disclosure.end", object_id=str(pk)).exists()


def test_a_policy_refusal_is_a_400_with_its_messages(world):
    cast = world.cast
    response = api_client(cast.security).post("/api/v1/disclosures/", {
        "supplier": cast.supplier_b.pk, "assets": [_asset("W-1").pk], "purpose": "", "justification": "",
        "due_date": _future(7)}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["message"]


def test_suppliers_and_employees_cannot_decide_or_request(world):
    cast = world.cast
    pending = api_client(cast.security).post("/api/v1/disclosures/", {
        "supplier": cast.supplier_b.pk, "assets": [_asset("W-3").pk], "purpose": "見積", "justification": "必要",
        "due_date": _future(7), "channel": "paper"}, format="json").json()["id"]
    assert api_client(cast.rep_b).post(f"/api/v1/disclosures/{pending}/approve/", {}, format="json").status_code == 404
    assert api_client(cast.employee).post(f"/api/v1/disclosures/{pending}/approve/", {},
                                          format="json").status_code in (403, 404)
    assert api_client(cast.employee).post("/api/v1/disclosures/", {}, format="json").status_code == 403
    assert api_client(cast.rep_a).post("/api/v1/disclosures/", {}, format="json").status_code == 404


def test_a_manager_creates_and_updates_an_nda_through_the_services(world):
    cast = world.cast
    client = api_client(cast.security)
    created = client.post("/api/v1/ndas/", {
        "supplier": cast.supplier_b.pk, "reference": "NDA-B2", "title": "追加契約", "starts_on": _future(0),
        "ends_on": _future(400), "scope_categories": ["technical"], "scope_assets": [_asset("W-3").pk],
        "activate": True}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "active" and body["scope_assets"] == [_asset("W-3").pk]
    changed = client.patch(f"/api/v1/ndas/{body['id']}/", {"title": "追加契約（改）", "supplier": cast.supplier_a.pk},
                           format="json")
    assert changed.status_code == 200, changed.content
    nda = Nda.objects.get(pk=body["id"])
    assert nda.title == "追加契約（改）" and nda.supplier_id == cast.supplier_b.pk
    assert AuditEntry.objects.filter(action="nda.update", object_id=str(nda.pk)).exists()
    bad = client.post("/api/v1/ndas/", {"supplier": cast.supplier_b.pk, "reference": "NDA-B3", "title": "x",
                                        "starts_on": _future(10), "ends_on": _future(0)}, format="json")
    assert bad.status_code == 400 and "ends_on" in bad.json()["error"]["fields"]
    assert api_client(cast.rep_b).patch(f"/api/v1/ndas/{body['id']}/", {"title": "x"},
                                        format="json").status_code == 404


def test_holders_of_an_asset_list_the_chain_for_full_viewers_only(world):
    cast = world.cast
    asset = _asset("W-1")
    body = api_client(cast.auditor).get(f"/api/v1/asset-holders/{asset.pk}/").json()
    assert [(h["organisation"], h["tier_in_chain"], h["through"]) for h in body["holders"]] == [
        ("アルファ工業", 1, None), ("ガンマ金型", 2, "アルファ工業")]
    listed = api_client(cast.auditor).get("/api/v1/asset-holders/").json()["results"]
    assert {r["code"]: r["holder_count"] for r in listed} == {"W-1": 2, "W-3": 1}
    assert api_client(cast.owner).get(f"/api/v1/asset-holders/{asset.pk}/").status_code == 403
    assert api_client(cast.owner).get("/api/v1/asset-holders/").json()["results"] == []
    assert api_client(cast.rep_a).get(f"/api/v1/asset-holders/{asset.pk}/").status_code == 404


def test_a_holder_answers_its_leak_notice(world):
    cast = world.cast
    notice = LeakNotice.objects.get(holder=cast.supplier_b)
    rep = api_client(cast.rep_b)
    answered = rep.post(f"/api/v1/leak-notices/{notice.pk}/answer/", {"report": "複製なしを確認"}, format="json")
    assert answered.status_code == 200, answered.content
    assert answered.json()["acknowledged_at"] and "複製なしを確認" in answered.json()["report"]
    assert api_client(cast.rep_a).post(f"/api/v1/leak-notices/{notice.pk}/answer/", {"report": "x"},
                                       format="json").status_code == 404
    assert rep.get("/api/v1/leak-responses/").status_code in (200, 404)
    assert rep.get("/api/v1/leak-responses/").json().get("results", []) == []


def test_disclosed_files_show_hashes_and_the_download_page(world):
    rows = api_client(world.cast.rep_b).get("/api/v1/disclosed-files/").json()["results"]
    assert len(rows) == 1 and len(rows[0]["sha256"]) == 64
    assert rows[0]["download_url"] == f"/disclosures/files/{rows[0]['id']}/"


def test_changing_only_the_end_of_an_nda_checks_it_against_the_stored_start(world):
    nda = Nda.objects.get(reference="NDA-B")
    client = api_client(world.cast.security)
    early = (nda.starts_on - dt.timedelta(days=1)).isoformat()
    response = client.patch(f"/api/v1/ndas/{nda.pk}/", {"ends_on": early}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()["error"]["fields"]
    assert client.patch(f"/api/v1/ndas/{nda.pk}/", {"ends_on": _future(90)}, format="json").status_code == 200


def test_a_notice_answer_takes_json_only(world):
    notice = LeakNotice.objects.get(holder=world.cast.supplier_b)
    response = api_client(world.cast.rep_b).post(f"/api/v1/leak-notices/{notice.pk}/answer/", {"report": "x"})
    assert response.status_code == 415
