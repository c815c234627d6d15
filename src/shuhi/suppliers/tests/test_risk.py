"""The supplier risk view: tier weights, bands and who may see it (exposure counts: tests/test_supplier_exposure.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.ledger.services import ledger_setup_defaults
from shuhi.suppliers.risk import band, risk_level, tier_weights

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


def test_tiers_weigh_by_their_place_in_the_ranking(tiers):
    weights = tier_weights(list(tiers.values()))
    assert [weights[tiers[k].pk] for k in ("public", "confidential", "top_secret")] == [0, 1, 3]
    assert band(None, [("low", 0)]) == "unknown" and band(45, [("low", 0), ("medium", 40)]) == "medium"
    assert risk_level("high", "none") == 0 and risk_level("low", "high") == 4 and risk_level("unknown", "low") == 2


def test_the_risk_view_is_for_full_view_roles_only(client, cast, setup, login):
    for user in (cast.rep_a, cast.rep_b, cast.employee, cast.owner, cast.hr):
        login(user)
        assert client.get(reverse("suppliers:risk")).status_code == 404
    login(cast.auditor)
    assert client.get(reverse("suppliers:risk")).status_code == 200
