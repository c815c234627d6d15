from __future__ import annotations

import pytest
from django.utils.translation import override

from shuhi.ledger import indicators
from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create, tier_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


@pytest.fixture
def small_ledger(cast, tiers):
    """Four assets whose indicators are easy to count by hand."""
    vault = location_create(actor=cast.admin, organisation=cast.home, name="金庫", tier=tiers["top_secret"])
    shared = location_create(actor=cast.admin, organisation=cast.home, name="共有", tier=tiers["public"])

    def add(code, tier, **fields):
        defaults = {"owner": cast.owner, "retention": "permanent", "disposal_method": "溶解処理"}
        return asset_create(actor=cast.admin, organisation=cast.home, code=code, name=code, tier=tiers[tier],
                            department=cast.dev, **{**defaults, **fields})

    # A trade secret meeting all three requirements.
    add("A-1", "top_secret", is_trade_secret=True, label_status="applied", locations=[vault],
        usefulness_reason="製法の核心", non_public_reason="社外に出していない")
    # A trade secret without a label, kept in a public folder, with no reasons given.
    add("A-2", "confidential", is_trade_secret=True, label_status="not_applied", locations=[shared])
    # Personal data, labelled, without an owner.
    add("A-3", "confidential", is_personal_data=True, category="personal", label_status="applied", owner=None)
    # A public asset without retention or disposal.
    add("A-4", "public", label_status="not_needed", retention="unset", disposal_method="")
    return cast.home


def by_key(organisation) -> dict[str, indicators.Indicator]:
    return {i.key: i for i in indicators.indicators(organisation)}


def test_it_computes_the_shares_of_a_small_hand_built_ledger(small_ledger):
    got = by_key(small_ledger)
    assert got["classified"].value == pytest.approx(75.0)
    assert got["label_coverage"].value == pytest.approx(200 / 3)
    assert got["trade_secret_balance"].value == pytest.approx(200 / 3)
    assert got["requirements_met"].value == pytest.approx(50.0)
    assert got["with_owner"].value == pytest.approx(75.0)
    assert got["with_retention"].value == pytest.approx(75.0)
    assert got["with_disposal"].value == pytest.approx(75.0)


def test_details_say_what_was_counted(small_ledger):
    with override("en"):
        got = by_key(small_ledger)
    assert got["classified"].detail == "3 of 4"
    assert got["requirements_met"].detail == "1 of 2"
    assert got["trade_secret_balance"].detail == "Trade secrets: 2; personal data: 1"
    assert got["classified"].display == "75%"


def test_label_coverage_is_shown_next_to_the_surveys_recognisable_by_label(small_ledger):
    coverage = by_key(small_ledger)["label_coverage"]
    assert coverage.survey_key == "recognisable_by_label"
    assert coverage.overall == 30.3
    assert coverage.small == (21.5, 22.2)
    assert coverage.large == (35.1, 50.7)
    assert coverage.small_display == "21.5–22.2%"


def test_the_balance_of_trade_secrets_is_shown_next_to_the_surveys_first_viewpoint(small_ledger):
    balance = by_key(small_ledger)["trade_secret_balance"]
    assert balance.survey_key == "trade_secrets_valued_beyond_personal_data"
    assert balance.small == (50.5, 52.1) and balance.large == (75.1, 85.9)
    assert balance.overall is None and balance.overall_display == "—"


def test_indicators_without_a_survey_figure_carry_none(small_ledger):
    owners = by_key(small_ledger)["with_owner"]
    assert owners.small is None and owners.large is None and owners.large_display == "—"


def test_the_default_rules_count_as_written_criteria_and_label_rules(tiers, cast):
    got = by_key(cast.home)
    for key in ("identification_criteria", "classification_criteria", "label_rules", "rules_communicated"):
        assert got[key].yes_no and got[key].value == 100.0, key
    assert got["identification_criteria"].large == (63.9, 75.6)
    assert got["classification_criteria"].overall == 33.3
    assert got["label_rules"].overall == 18.0
    with override("en"):
        assert got["label_rules"].display == "Yes"


def test_a_secret_tier_without_a_label_text_means_the_label_rules_are_not_written(tiers, cast):
    tier_update(actor=cast.admin, tier=tiers["confidential"], label_text="")
    label_rules = by_key(cast.home)["label_rules"]
    assert label_rules.value == 0.0
    assert label_rules.status == "bad"


def test_an_empty_ledger_has_nothing_to_measure(tiers, cast):
    got = by_key(cast.home)
    assert got["classified"].value is None
    assert got["classified"].display == "—"
    assert got["classified"].status == ""


def test_status_compares_a_share_with_the_large_firms(small_ledger):
    got = by_key(small_ledger)
    assert got["label_coverage"].status == "ok"  # 67% against large firms' 35.1–50.7%
    assert got["trade_secret_balance"].status == "warn"  # 67% against 75.1–85.9%


def test_the_survey_source_is_shipped_with_its_citation():
    source = indicators.survey_source()
    assert source["url"] == "https://www.ipa.go.jp/security/reports/economics/ts-kanri/20240530.html"
    assert "IPA" in source["publisher"]
    assert source["title_ja"].startswith("内部不正防止対策")


def test_records_every_asset_should_have_are_ok_only_when_complete(small_ledger):
    got = by_key(small_ledger)
    assert got["with_owner"].status == "warn"  # 75%
    assert got["requirements_met"].status == "warn"  # 50%
    assert got["classified"].status == ""  # more is not simply better: no judgement
