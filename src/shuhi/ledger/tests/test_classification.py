from __future__ import annotations

import pytest

from shuhi.ledger.classification import suggest_tier
from shuhi.ledger.models import ClassificationRule, Tier
from shuhi.ledger.services import ledger_setup_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    rules = list(ClassificationRule.objects.filter(organisation=cast.home).select_related("tier_if_yes"))
    tiers = list(Tier.objects.filter(organisation=cast.home))
    return rules, tiers


def test_no_yes_answer_suggests_the_weakest_tier(setup):
    rules, tiers = setup
    assert suggest_tier(rules, {}, tiers).tier.key == "public"


def test_the_strongest_tier_called_for_by_any_yes_wins(setup):
    rules, tiers = setup
    answers = {str(r.pk): True for r in rules if r.tier_if_yes.key in {"confidential", "top_secret"}}
    suggestion = suggest_tier(rules, answers, tiers)
    assert suggestion.tier.key == "top_secret"
    assert len(suggestion.reasons) == len(answers)


def test_a_yes_to_a_trade_secret_criterion_marks_it_a_trade_secret(setup):
    rules, tiers = setup
    identifying = next(r for r in rules if r.identifies_trade_secret)
    plain = next(r for r in rules if not r.identifies_trade_secret and r.tier_if_yes.key == "confidential")
    assert suggest_tier(rules, {str(identifying.pk): True}, tiers).trade_secret
    assert not suggest_tier(rules, {str(plain.pk): True}, tiers).trade_secret
