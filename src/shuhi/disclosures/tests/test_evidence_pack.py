"""The evidence pack of an asset: classification, locations and labels, disclosures, the audit chain."""

from __future__ import annotations

import json

import pytest

from shuhi.core.audit.models import AuditChainHead
from shuhi.core.permissions import SYSTEM_CLI, PermissionDenied
from shuhi.disclosures.evidence import build_pack, render_pack_pdf
from shuhi.disclosures.models import Disclosure
from shuhi.disclosures.services import disclosure_certify_end
from shuhi.disclosures.tests.pdfcheck import embedded_fonts, squashed, text_of
from shuhi.ledger.models import InformationAsset
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _asset(code: str) -> InformationAsset:
    return InformationAsset.objects.get(code=code)


def test_the_pack_holds_the_classification_the_locations_and_the_labels_found_there(world):
    pack = build_pack(_asset("W-1"), user=world.cast.security)
    json.dumps(pack)  # plain data all the way down
    assert pack["asset"]["code"] == "W-1"
    assert pack["classification"]["tier"] == pack["asset"]["tier"]
    assert all("question" in rule and "answer" in rule for rule in pack["classification"]["rules"])
    (vault,) = pack["locations"]
    assert vault["name"] == "金庫サーバ" and vault["path_patterns"] == ["\\\\vault\\**"]
    coverage = vault["coverage"]
    assert coverage["files"] == 2 and coverage["labelled"] == 1 and coverage["below_location_tier"] == 2
    assert {f["path"] for f in coverage["listed"]} == {"金庫/未表示の図面.docx", "金庫/社外秘の仕様.docx"}
    assert all(p["names_asset"] for p in pack["pledges"])  # the world's suppliers' staff signed none
    assert "disclosed" in pack["pledges_note"]


def test_it_lists_every_disclosure_with_its_nda_files_and_certification(world):
    cast = world.cast
    sub = Disclosure.objects.get(recipient=cast.sub_supplier_a)
    disclosure_certify_end(actor=cast.rep_sub_a, disclosure=sub, method="destroyed", statement="裁断済み")
    pack = build_pack(_asset("W-1"), user=cast.security)
    by_holder = {d["holder"]: d for d in pack["disclosures"]}
    assert set(by_holder) == {"アルファ工業", "ガンマ金型"}
    first = by_holder["アルファ工業"]
    assert first["nda"]["reference"] == "NDA-A" and "W-1" in first["nda"]["scope"]["assets"]
    assert first["files"][0]["fingerprint"] == f"{first['number']}.1" and len(first["files"][0]["sha256"]) == 64
    ended = by_holder["ガンマ金型"]
    assert ended["through"] == "アルファ工業" and ended["certification"]["statement"] == "裁断済み"
    entry_ids = {e["id"] for e in pack["audit"]["entries"]}
    assert ended["certification"]["audit_entry_id"] in entry_ids


def test_it_carries_the_audit_entries_of_the_asset_and_the_verified_chain_head(world):
    pack = build_pack(_asset("W-1"), user=world.cast.auditor)
    actions = {e["action"] for e in pack["audit"]["entries"]}
    assert {"asset.create", "disclosure.request", "disclosure.hand_over", "disclosed_file.add", "nda.create"} <= actions
    assert pack["audit"]["verification"]["ok"] is True
    assert pack["audit"]["head"]["last_hash"] == AuditChainHead.objects.get().last_hash


def test_it_leaves_out_disclosures_of_other_assets(world):
    pack = build_pack(_asset("W-3"), user=world.cast.security)
    assert [d["holder"] for d in pack["disclosures"]] == ["ベータ精密"]
    assert not any(e["object"] == "設計秘伝書" for e in pack["audit"]["entries"])


@pytest.mark.parametrize("who", ["owner", "employee", "rep_a", "hr"])
def test_only_the_full_viewers_may_build_it(world, who):
    with pytest.raises(PermissionDenied):
        build_pack(_asset("W-1"), user=getattr(world.cast, who))


def test_the_command_line_builds_it_as_the_system(world):
    pack = build_pack(_asset("W-1"), user=SYSTEM_CLI)
    assert len(pack["disclosures"]) == 2 and pack["audit"]["entries"]


def test_the_pdf_embeds_the_font_and_reads_the_asset_code_and_japanese(world):
    pack = build_pack(_asset("W-1"), user=world.cast.security)
    data = render_pack_pdf(pack)
    assert data.startswith(b"%PDF")
    assert any("IPAexGothic" in name for name in embedded_fonts(data))
    words = squashed(text_of(data))
    head, first_file = pack["audit"]["head"]["last_hash"], pack["disclosures"][0]["files"][0]["sha256"]
    for expected in ("W-1", "設計秘伝書", "金庫サーバ", "アルファ工業", "NDA-A", head[:40], first_file[:40]):
        assert expected in words, expected
