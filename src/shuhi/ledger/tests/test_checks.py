from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from shuhi.ledger import checks, similarity
from shuhi.ledger.models import ClassificationRule, InformationAsset
from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    folders = {
        key: location_create(actor=cast.admin, organisation=cast.home, name=f"{key} folder", tier=tier)
        for key, tier in tiers.items()
    }
    return SimpleNamespace(tiers=tiers, folders=folders, cast=cast)


def make(ledger, code: str, name: str = "", tier: str = "confidential", **fields):
    """An asset with nothing to find, unless the test says otherwise."""
    cast = ledger.cast
    values = {
        "category": "technical", "department": cast.dev, "owner": cast.owner, "retention": "years",
        "retention_years": 5, "disposal_method": "シュレッダー",
        "review_date": timezone.localdate() + timedelta(days=30),
        "label_status": "applied" if tier != "public" else "not_needed",
    }
    values.update(fields)
    locations = values.pop("locations", [ledger.folders[tier]])
    return asset_create(actor=cast.admin, organisation=cast.home, code=code, name=name or f"資料 {code}",
                        tier=ledger.tiers[tier], locations=locations, **values)


def kinds(ledger, code: str) -> set[str]:
    return {f.kind for f in checks.run_checks(ledger.cast.home) if f.asset_code == code}


def test_a_complete_asset_stored_in_its_own_tier_has_no_findings(ledger):
    make(ledger, "A-1", "減速機 3D設計データ", tier="top_secret")
    make(ledger, "A-2", "会社案内パンフレット", tier="public")
    assert checks.run_checks(ledger.cast.home) == []


def test_it_flags_a_confidential_asset_stored_in_a_public_folder(ledger):
    make(ledger, "A-1", locations=[ledger.folders["public"]])
    findings = [f for f in checks.run_checks(ledger.cast.home) if f.kind == "location_below_tier"]
    assert [f.asset_code for f in findings] == ["A-1"]
    assert findings[0].severity == "high"
    with override("en"):
        message = checks.run_checks(ledger.cast.home, kinds={"location_below_tier"})[0].message
    assert message == "Stored in public folder, a location of a lower tier (一般)."


def test_it_accepts_an_asset_stored_in_a_stronger_or_equal_location(ledger):
    make(ledger, "A-1", locations=[ledger.folders["top_secret"], ledger.folders["confidential"]])
    assert "location_below_tier" not in kinds(ledger, "A-1")


def test_it_reports_each_weaker_location_of_an_asset(ledger):
    make(ledger, "A-1", tier="top_secret", locations=[ledger.folders["public"], ledger.folders["confidential"]])
    below = [f for f in checks.run_checks(ledger.cast.home) if f.kind == "location_below_tier"]
    assert len(below) == 2


def test_it_flags_an_asset_without_a_storage_location(ledger):
    make(ledger, "A-1", locations=[])
    make(ledger, "A-2")
    assert "no_location" in kinds(ledger, "A-1")
    assert "no_location" not in kinds(ledger, "A-2")


def test_it_flags_an_asset_without_an_owner(ledger):
    make(ledger, "A-1", owner=None)
    make(ledger, "A-2")
    assert "no_owner" in kinds(ledger, "A-1")
    assert "no_owner" not in kinds(ledger, "A-2")


def test_it_flags_an_asset_without_a_retention_period(ledger):
    make(ledger, "A-1", retention="unset", retention_years=None)
    make(ledger, "A-2", retention="permanent", retention_years=None)
    assert "no_retention" in kinds(ledger, "A-1")
    assert "no_retention" not in kinds(ledger, "A-2")


def test_it_flags_an_asset_without_a_disposal_method(ledger):
    make(ledger, "A-1", disposal_method="")
    make(ledger, "A-2", disposal_method="   ")
    make(ledger, "A-3")
    assert "no_disposal" in kinds(ledger, "A-1")
    assert "no_disposal" in kinds(ledger, "A-2")
    assert "no_disposal" not in kinds(ledger, "A-3")


def test_it_flags_secret_tiers_without_a_label_but_not_the_lowest_tier(ledger):
    make(ledger, "A-1", tier="confidential", label_status="not_applied")
    make(ledger, "A-2", tier="top_secret", label_status="not_needed")
    make(ledger, "A-3", tier="public", label_status="not_applied")
    make(ledger, "A-4", tier="top_secret", label_status="applied")
    assert "no_label" in kinds(ledger, "A-1")
    assert "no_label" in kinds(ledger, "A-2")
    assert "no_label" not in kinds(ledger, "A-3")
    assert "no_label" not in kinds(ledger, "A-4")


def test_it_flags_a_trade_secret_classified_in_the_lowest_tier(ledger):
    make(ledger, "A-1", tier="public", is_trade_secret=True)
    make(ledger, "A-2", tier="confidential", is_trade_secret=True)
    make(ledger, "A-3", tier="public")
    assert "trade_secret_public" in kinds(ledger, "A-1")
    assert "trade_secret_public" not in kinds(ledger, "A-2")
    assert "trade_secret_public" not in kinds(ledger, "A-3")


def test_it_flags_an_overdue_review_but_not_one_due_today(ledger):
    today = timezone.localdate()
    make(ledger, "A-1", review_date=today - timedelta(days=1))
    make(ledger, "A-2", review_date=today)
    make(ledger, "A-3", review_date=None)
    assert "review_overdue" in kinds(ledger, "A-1")
    assert "review_overdue" not in kinds(ledger, "A-2")
    assert "review_overdue" not in kinds(ledger, "A-3")


def test_it_flags_a_tier_below_the_one_the_answers_suggest(ledger):
    top_rule = ClassificationRule.objects.filter(organisation=ledger.cast.home, tier_if_yes__key="top_secret").first()
    make(ledger, "A-1", tier="confidential", rule_answers={str(top_rule.pk): True})
    make(ledger, "A-2", tier="top_secret", rule_answers={str(top_rule.pk): True})
    assert "below_suggested_tier" in kinds(ledger, "A-1")
    assert "below_suggested_tier" not in kinds(ledger, "A-2")


def test_similar_assets_of_one_department_and_category_with_different_tiers_are_each_reported_once(ledger):
    make(ledger, "A-1", "金型図面（第2版）", tier="confidential")
    make(ledger, "A-2", "金型図面", tier="top_secret")
    make(ledger, "A-3", "金型 図面 3", tier="top_secret")
    findings = [f for f in checks.run_checks(ledger.cast.home) if f.kind == "inconsistent_tier"]
    assert sorted(f.asset_code for f in findings) == ["A-1", "A-2", "A-3"]
    by_code = {f.asset_code: f.message for f in findings}
    assert "A-2" in by_code["A-1"] and "A-3" in by_code["A-1"]
    assert "A-1" in by_code["A-2"] and "A-3" not in by_code["A-2"]


def test_a_name_contained_in_another_counts_as_similar(ledger):
    make(ledger, "A-1", "設計データ", tier="confidential")
    make(ledger, "A-2", "減速機 設計データ 最新", tier="top_secret")
    assert "inconsistent_tier" in kinds(ledger, "A-1")


def test_the_same_name_in_another_department_or_category_is_not_inconsistent(ledger):
    cast = ledger.cast
    make(ledger, "A-1", "主要顧客別 価格表", tier="confidential")
    make(ledger, "A-2", "主要顧客別 価格表", tier="top_secret", department=cast.sales)
    make(ledger, "A-3", "主要顧客別 価格表", tier="public", category="sales")
    assert not any(f.kind == "inconsistent_tier" for f in checks.run_checks(cast.home))


def test_similar_names_with_the_same_tier_and_different_names_with_different_tiers_are_not_flagged(ledger):
    make(ledger, "A-1", "熱処理条件表", tier="top_secret")
    make(ledger, "A-2", "熱処理条件表 改訂", tier="top_secret")
    make(ledger, "A-3", "会社案内パンフレット", tier="public")
    assert not any(f.kind == "inconsistent_tier" for f in checks.run_checks(ledger.cast.home))


def test_the_inconsistent_tier_message_names_the_others_and_counts_the_rest(ledger):
    make(ledger, "A-0", "試作評価レポート", tier="confidential")
    for i in range(1, 6):
        make(ledger, f"A-{i}", f"試作評価レポート {i}", tier="top_secret")
    with override("en"):
        finding = next(f for f in checks.run_checks(ledger.cast.home) if f.asset_code == "A-0"
                       and f.kind == "inconsistent_tier")
    assert finding.message == ("Classified as 社外秘, but similar assets are classified differently: "
                               "A-1 (極秘), A-2 (極秘), A-3 (極秘) and 2 more.")


def test_it_flags_a_ledger_with_fewer_trade_secrets_than_personal_data(ledger):
    make(ledger, "A-1", is_personal_data=True, category="personal")
    make(ledger, "A-2", is_personal_data=True, category="personal")
    make(ledger, "A-3", is_trade_secret=True)
    findings = [f for f in checks.run_checks(ledger.cast.home) if f.kind == "trade_secrets_outnumbered"]
    assert len(findings) == 1
    assert findings[0].asset_id is None and findings[0].asset_code == ""
    make(ledger, "A-4", is_trade_secret=True)
    assert not any(f.kind == "trade_secrets_outnumbered" for f in checks.run_checks(ledger.cast.home))


def test_each_finding_links_to_the_edit_page_of_its_asset(ledger):
    asset = make(ledger, "A-1", owner=None)
    finding = next(f for f in checks.run_checks(ledger.cast.home) if f.kind == "no_owner")
    assert finding.fix_url == reverse("ledger:edit", args=[asset.pk])


def test_findings_can_be_limited_to_the_assets_a_user_sees(ledger):
    cast = ledger.cast
    make(ledger, "D-1", "設計図", tier="top_secret", owner=None)
    make(ledger, "D-2", "設計図", tier="confidential", department=cast.sales)
    visible = InformationAsset.objects.visible_to(cast.owner)
    findings = checks.run_checks(cast.home, assets=visible)
    assert {f.asset_code for f in findings} == {"D-1"}
    assert all("D-2" not in f.message for f in findings)


def test_findings_by_asset_and_asset_ids_with_a_kind(ledger):
    one = make(ledger, "A-1", owner=None, disposal_method="")
    two = make(ledger, "A-2", owner=None)
    grouped = checks.findings_by_asset(ledger.cast.home)
    assert {f.kind for f in grouped[one.pk]} == {"no_owner", "no_disposal"}
    assert checks.asset_ids_with("no_owner", ledger.cast.home) == {one.pk, two.pk}
    assert checks.asset_ids_with("no_disposal", ledger.cast.home) == {one.pk}
    assert checks.asset_ids_with("no_such_kind", ledger.cast.home) == set()


def test_every_check_has_a_label_and_a_severity():
    assert set(checks.CHECKS) == set(checks.ALL_FINDING_KINDS) == set(checks.KIND_SEVERITY)
    assert "trade_secrets_outnumbered" not in checks.FINDING_KINDS  # no single asset to filter the list by
    assert set(checks.KIND_SEVERITY.values()) <= set(checks.SEVERITIES)


def test_an_organisation_without_tiers_has_no_findings(cast):
    assert checks.run_checks(cast.home) == []


def test_the_checks_read_the_ledger_in_a_fixed_number_of_queries(ledger, django_assert_max_num_queries):
    for i in range(30):
        make(ledger, f"A-{i}", owner=None if i % 2 else ledger.cast.owner)
    with django_assert_max_num_queries(4):
        findings = checks.run_checks(ledger.cast.home)
    assert len(findings) == 15


# --- the name similarity itself ---------------------------------------------------------------

def test_names_are_normalised_without_digits_versions_brackets_and_spaces():
    assert similarity.normalise_name("金型図面（第2版）") == "金型図面"
    assert similarity.normalise_name("Spec v3 [draft]") == similarity.normalise_name("spec draft")
    assert similarity.normalise_name("１２３") == "１２３".lower()


def test_similar_names_by_ratio_containment_and_decoys():
    assert similarity.names_similar("減速機 3D設計データ", "減速機設計データ v2")
    assert similarity.names_similar("設計データ", "減速機 設計データ 最新")
    assert not similarity.names_similar("会社案内パンフレット", "熱処理条件表")
    assert not similarity.names_similar("価格表", "人事評価表")


def test_the_lcs_length_matches_the_textbook_definition():
    assert similarity.lcs_length("ABCBDAB", "BDCABA") == 4
    assert similarity.lcs_length("", "abc") == 0
    assert similarity.lcs_length("設計図面", "設計図") == 3


def test_a_large_group_is_blocked_yet_still_finds_neighbouring_names():
    rows = [SimpleNamespace(code=f"X-{i:04d}", name=f"{chr(0x4E00 + 7 * i)}{chr(0x4E01 + 7 * i)}{chr(0x4E02 + 7 * i)}",
                            tier_id=1) for i in range(similarity.ALL_PAIRS_LIMIT * 3)]
    rows.append(SimpleNamespace(code="Y-1", name=rows[10].name + "案", tier_id=2))
    flagged = {row.code for row, _others, _more in similarity.similar_groups(rows)}
    assert flagged == {"X-0010", "Y-1"}


def test_the_one_query_filters_select_exactly_what_the_checks_flag(ledger):
    cast = ledger.cast
    top_rule = ClassificationRule.objects.filter(organisation=cast.home, tier_if_yes__key="top_secret").first()
    yesterday = timezone.localdate() - timedelta(days=1)
    make(ledger, "A-1", "設計図", tier="top_secret", locations=[ledger.folders["public"], ledger.folders["top_secret"]])
    make(ledger, "A-2", "価格表", tier="public", is_trade_secret=True, owner=None, review_date=yesterday)
    make(ledger, "A-3", "議事録", tier="confidential", label_status="not_needed", locations=[],
         rule_answers={str(top_rule.pk): True})
    make(ledger, "A-4", "手順書", tier="confidential", label_status="not_applied", retention="unset",
         retention_years=None, department=cast.sales)
    make(ledger, "A-5", "案内", tier="public", label_status="not_applied", review_date=None)
    sql_kinds = checks._sql_conditions(0, timezone.localdate())
    for assets in (None, InformationAsset.objects.visible_to(cast.owner)):
        for kind in sql_kinds:
            flagged = {f.asset_id for f in checks.run_checks(cast.home, assets=assets, kinds={kind})}
            assert checks.asset_ids_with(kind, cast.home, assets=assets) == flagged, kind
            assert flagged or assets is not None, f"the ledger should exercise {kind}"
