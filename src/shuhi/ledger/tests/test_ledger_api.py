from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from shuhi.core.audit.models import AuditEntry
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.services import asset_create, ledger_setup_defaults
from shuhi.ledger.spreadsheet.exporter import write_template
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


def test_assets_are_created_and_changed_through_the_api_with_a_reason(cast, tiers):
    client = api_client(cast.security)
    created = client.post("/api/v1/assets/", {"code": "X-1", "name": "配合表", "tier": tiers["confidential"].pk,
                                              "category": "production"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(f"/api/v1/assets/{pk}/", {"tier": tiers["top_secret"].pk, "reason": "重要度の見直し"},
                           format="json")
    assert changed.status_code == 200
    entry = AuditEntry.objects.filter(action="asset.update", object_id=str(pk)).latest("id")
    assert entry.after["reason"] == "重要度の見直し"


def test_the_api_filters_assets_by_tier(cast, tiers):
    asset_create(actor=cast.admin, organisation=cast.home, code="T-1", name="a", tier=tiers["top_secret"])
    asset_create(actor=cast.admin, organisation=cast.home, code="C-1", name="b", tier=tiers["confidential"])
    body = api_client(cast.auditor).get("/api/v1/assets/", {"tier": "top_secret"}).json()
    assert [row["code"] for row in body["results"]] == ["T-1"]


def test_the_api_filters_by_description_and_trade_secret_like_the_ledger_page(cast, tiers, login):
    asset_create(actor=cast.admin, organisation=cast.home, code="D-1", name="a", tier=tiers["top_secret"],
                 description="焼入れ温度の条件", is_trade_secret=True)
    asset_create(actor=cast.admin, organisation=cast.home, code="D-2", name="b", tier=tiers["confidential"],
                 description="会議室の予約表")
    client = api_client(cast.auditor)
    assert [r["code"] for r in client.get("/api/v1/assets/", {"q": "焼入れ"}).json()["results"]] == ["D-1"]
    assert [r["code"] for r in client.get("/api/v1/assets/", {"trade_secret": "no"}).json()["results"]] == ["D-2"]
    page = login(cast.auditor).get("/ledger/", {"q": "焼入れ"}).content.decode()
    assert "D-1" in page and "D-2" not in page


def test_the_api_imports_a_file_all_or_nothing(cast, tiers, tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, cast.home)
    workbook = load_workbook(path)
    workbook["台帳"].append(["B-1", "顧客台帳", "", "営業情報", "社外秘"])
    workbook.save(path)
    client = api_client(cast.security)
    upload = SimpleUploadedFile("t.xlsx", path.read_bytes())
    response = client.post("/api/v1/assets/import/", {"file": upload, "dry_run": "false"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == InformationAsset.objects.count() == 1
    assert response.json()["samples_skipped"] == 4
    broken = SimpleUploadedFile("bad.csv", "資産ID,資産名,格付け\nZ-1,x,存在しない格付け\n".encode())
    before = InformationAsset.objects.count()
    response = client.post("/api/v1/assets/import/", {"file": broken}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"]
    assert InformationAsset.objects.count() == before


def test_the_api_exports_findings_and_re_tiers(cast, tiers):
    asset = asset_create(actor=cast.admin, organisation=cast.home, code="F-1", name="無表示の図面",
                         tier=tiers["confidential"])
    client = api_client(cast.security)
    kinds = {f["kind"] for f in client.get("/api/v1/assets/findings/").json() if f["asset_code"] == "F-1"}
    assert "no_label" in kinds
    response = client.post("/api/v1/assets/retier/", {"assets": [asset.pk], "tier": tiers["top_secret"].pk,
                                                      "reason": "見直し"}, format="json")
    assert response.json() == {"changed": 1}
    exported = client.get("/api/v1/assets/export/", {"type": "csv"})
    assert exported.status_code == 200
    assert "F-1" in b"".join(exported.streaming_content).decode("utf-8-sig")


def test_employees_and_suppliers_cannot_use_the_ledger_actions(cast, tiers):
    # An employee sees part of the ledger, so is refused (403); to a supplier it does not exist (404).
    for user, status in ((cast.employee, 403), (cast.rep_a, 404)):
        client = api_client(user)
        assert client.get("/api/v1/assets/findings/").status_code == status
        assert client.get("/api/v1/assets/export/").status_code == status
        assert client.post("/api/v1/assets/retier/", {}, format="json").status_code == status
