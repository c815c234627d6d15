"""The supplier risk view: exposure by tier, maturity from the latest score, heat map and ranking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.ledger.services import ledger_setup_defaults
from shuhi.suppliers.models import SupplierExposure
from shuhi.suppliers.risk import band, risk_level, tier_weights
from shuhi.suppliers.services import assessment_review, exposure_set
from shuhi.suppliers.tests.test_plans import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


@pytest.fixture
def risky(cast, setup, tiers):
    """A: strong and holding a few top secrets; B: weak and holding many confidential ones; sub: nothing."""
    submitted(cast.rep_a, setup["a"])
    assessment_review(actor=cast.security, assessment=setup["a"], accept=True)
    weak = {q.id: "no" for q in setup["framework"].doc.questions() if q.type == "yes_no"}
    submitted(cast.rep_b, setup["b"], **weak)
    exposure_set(actor=cast.admin, organisation=cast.home, supplier=cast.supplier_a, tier=tiers["top_secret"],
                 count=5)
    exposure_set(actor=cast.admin, organisation=cast.home, supplier=cast.supplier_a, tier=tiers["confidential"],
                 count=2)
    exposure_set(actor=cast.admin, organisation=cast.home, supplier=cast.supplier_b, tier=tiers["confidential"],
                 count=40, note="図面一式")
    exposure_set(actor=cast.admin, organisation=cast.home, supplier=cast.supplier_b, tier=tiers["public"],
                 count=500)


def test_tiers_weigh_by_their_place_in_the_ranking(tiers):
    weights = tier_weights(list(tiers.values()))
    assert [weights[tiers[k].pk] for k in ("public", "confidential", "top_secret")] == [0, 1, 3]
    assert band(None, [("low", 0)]) == "unknown" and band(45, [("low", 0), ("medium", 40)]) == "medium"
    assert risk_level("high", "none") == 0 and risk_level("low", "high") == 4 and risk_level("unknown", "low") == 2


def test_suppliers_are_ranked_by_risk_maturity_and_exposure(client, cast, setup, risky, login):
    login(cast.security)
    response = client.get(reverse("suppliers:risk"))
    rows = {r.org.name: r for r in response.context["rows"]}
    assert rows["アルファ工業"].exposure == 5 * 3 + 2 and rows["ベータ精密"].exposure == 40
    assert rows["アルファ工業"].maturity >= 70 and rows["ベータ精密"].maturity < 40
    assert rows["ガンマ金型"].maturity is None and rows["ガンマ金型"].exposure == 0
    assert [r.org.name for r in response.context["rows"]] == ["ベータ精密", "アルファ工業", "ガンマ金型"]
    order = {}
    for sort in ("-exposure", "exposure", "maturity", "-maturity", "name", "nonsense"):
        order[sort] = [r.org.name for r in client.get(reverse("suppliers:risk"), {"sort": sort}).context["rows"]]
    assert order["-exposure"] == ["ベータ精密", "アルファ工業", "ガンマ金型"]
    assert order["exposure"] == ["ガンマ金型", "アルファ工業", "ベータ精密"]
    assert order["maturity"] == ["ガンマ金型", "ベータ精密", "アルファ工業"]
    assert order["-maturity"] == ["アルファ工業", "ベータ精密", "ガンマ金型"]
    assert order["nonsense"] == order["-exposure"]


def test_the_heat_map_places_each_supplier_by_maturity_and_exposure_band(client, cast, setup, risky, login):
    login(cast.auditor)
    response = client.get(reverse("suppliers:risk"))
    placed = {r.org.name: (row["maturity"], cell["exposure"], cell["level"])
              for row in response.context["grid"] for cell in row["cells"] for r in cell["suppliers"]}
    assert placed == {"アルファ工業": ("high", "medium", 1), "ベータ精密": ("low", "high", 4),
                      "ガンマ金型": ("unknown", "none", 0)}
    body = response.content.decode()
    assert 'class="heat heat-4" data-maturity="low" data-exposure="high"' in body
    assert "style=" not in body.split('data-testid="heatmap"')[1].split("</table>")[0]


def test_the_risk_view_is_for_full_view_roles_only(client, cast, setup, risky, login, api_client_for):
    for user in (cast.rep_a, cast.rep_b, cast.employee, cast.owner, cast.hr):
        login(user)
        assert client.get(reverse("suppliers:risk")).status_code == 404
    login(cast.auditor)
    assert client.get(reverse("suppliers:risk")).context["form"] is None
    assert client.post(reverse("suppliers:risk"), {"count": 1}).status_code == 404
    for rep in (cast.rep_a, cast.rep_b):
        response = api_client_for(rep).get("/api/v1/supplier-exposures/")
        assert response.status_code == 404 or response.json()["results"] == []


def test_recording_an_exposure_again_replaces_the_count_and_is_audited(client, cast, setup, tiers, login):
    login(cast.admin)
    form = {"supplier": cast.supplier_a.pk, "tier": tiers["top_secret"].pk, "count": 4, "note": "金型図面"}
    assert client.post(reverse("suppliers:risk"), form).status_code == 302
    assert client.post(reverse("suppliers:risk"), {**form, "count": 6}).status_code == 302
    row = SupplierExposure.objects.get()
    assert (row.count, row.note, row.organisation) == (6, "金型図面", cast.home)
    assert list(AuditEntry.objects.filter(action__startswith="exposure.").order_by("id")
                .values_list("action", flat=True)) == ["exposure.create", "exposure.update"]
    response = client.post(reverse("suppliers:risk"), {**form, "supplier": cast.home.pk})
    assert response.status_code == 200 and SupplierExposure.objects.count() == 1
