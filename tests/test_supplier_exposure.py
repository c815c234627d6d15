"""The supplier risk view counts exposure from the disclosure register, not from figures typed in by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shuhi.disclosures.models import CarriedOverHolding
from shuhi.disclosures.services import disclosure_decide, disclosure_hand_over, disclosure_request
from shuhi.disclosures.testing import nda_for
from shuhi.ledger.services import asset_create, ledger_setup_defaults
from shuhi.suppliers.services import (
    assessment_review,
    assessment_save,
    assessment_submit,
    campaign_create,
    framework_install_builtin,
)
from shuhi.suppliers.testing import _answer_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


def _assets(cast, tier, prefix: str, n: int):
    return [asset_create(actor=cast.admin, organisation=cast.home, code=f"{prefix}-{i}", name=f"{prefix}資料{i}",
                         tier=tier, category="technical") for i in range(n)]


def _hand_over(cast, supplier, assets, **decision):
    disclosure = disclosure_request(actor=cast.security, organisation=cast.home, supplier=supplier, assets=assets,
                                    purpose="製造委託", justification="図面どおりに加工するため",
                                    due_date=timezone.localdate() + dt.timedelta(days=60), channel="paper")
    disclosure_decide(actor=cast.security, disclosure=disclosure, approve=True, **decision)
    return disclosure_hand_over(actor=cast.security, disclosure=disclosure)


def _submitted(rep, assessment, **overrides):
    values = {**_answer_everything(assessment), **overrides}
    values.pop("VP-3", None)
    assessment_save(actor=rep, assessment=assessment, values=values)
    return assessment_submit(actor=rep, assessment=assessment)


@pytest.fixture
def risky(cast, tiers):
    """A: strong, holding 5 top-secret and 2 confidential assets; B: weak, holding 12 confidential ones
    and 2 more carried over from the old hand-entered figures; the sub-supplier: nothing."""
    questionnaire, _interview, _quick = framework_install_builtin(actor=cast.admin, organisation=cast.home)
    campaign = campaign_create(actor=cast.admin, framework=questionnaire, title="点検",
                               due_date=dt.date.today() + dt.timedelta(days=14),
                               suppliers=[cast.supplier_a, cast.supplier_b])
    by_supplier = {a.supplier_id: a for a in campaign.assessments.all()}
    _submitted(cast.rep_a, by_supplier[cast.supplier_a.pk])
    assessment_review(actor=cast.security, assessment=by_supplier[cast.supplier_a.pk], accept=True)
    _submitted(cast.rep_b, by_supplier[cast.supplier_b.pk],
               **{q.id: "no" for q in questionnaire.doc.questions() if q.type == "yes_no"})
    for supplier in (cast.supplier_a, cast.supplier_b):
        nda_for(cast, supplier, reference=f"NDA-{supplier.pk}", categories=["technical"])
    _hand_over(cast, cast.supplier_a, _assets(cast, tiers["top_secret"], "TS", 5),
               exception_executive="専務", exception_reason="量産に必要")
    _hand_over(cast, cast.supplier_a, _assets(cast, tiers["confidential"], "CA", 2))
    twelve = _assets(cast, tiers["confidential"], "CB", 12)
    _hand_over(cast, cast.supplier_b, twelve[:6])
    _hand_over(cast, cast.supplier_b, twelve[6:])
    _hand_over(cast, cast.supplier_b, twelve[:3])  # the same assets again count once
    CarriedOverHolding.objects.create(organisation=cast.home, supplier=cast.supplier_b, tier=tiers["confidential"],
                                      count=2, entered_at=timezone.now())


def test_exposure_is_counted_from_what_each_supplier_holds_by_tier(client, cast, risky, login):
    login(cast.security)
    response = client.get(reverse("suppliers:risk"))
    rows = {r.org.name: r for r in response.context["rows"]}
    assert rows["アルファ工業"].exposure == 5 * 3 + 2
    assert rows["ベータ精密"].exposure == 12 + 2
    assert [(t.key, n) for t, n in rows["アルファ工業"].counts] == [("top_secret", 5), ("confidential", 2)]
    assert rows["ガンマ金型"].exposure == 0 and rows["ガンマ金型"].maturity is None
    assert [r.org.name for r in response.context["rows"]] == ["ベータ精密", "アルファ工業", "ガンマ金型"]
    assert "ベータ精密: 社外秘 × 2" in response.content.decode()


def test_the_heat_map_places_each_supplier_by_maturity_and_held_secrets(client, cast, risky, login):
    login(cast.auditor)
    response = client.get(reverse("suppliers:risk"))
    placed = {r.org.name: (row["maturity"], cell["exposure"])
              for row in response.context["grid"] for cell in row["cells"] for r in cell["suppliers"]}
    assert placed == {"アルファ工業": ("high", "medium"), "ベータ精密": ("low", "medium"),
                      "ガンマ金型": ("unknown", "none")}


def test_returned_secrets_no_longer_count(client, cast, risky, login):
    from shuhi.disclosures.models import Disclosure
    from shuhi.disclosures.services import disclosure_certify_end

    for disclosure in Disclosure.objects.filter(recipient=cast.supplier_a):
        disclosure_certify_end(actor=cast.rep_a, disclosure=disclosure, method="destroyed",
                               statement="シュレッダーで裁断しました")
    login(cast.security)
    rows = {r.org.name: r for r in client.get(reverse("suppliers:risk")).context["rows"]}
    assert rows["アルファ工業"].exposure == 0


def test_the_hand_entry_of_exposure_is_gone(client, cast, tiers, login):
    login(cast.admin)
    response = client.post(reverse("suppliers:risk"), {"supplier": cast.supplier_a.pk, "tier": tiers["public"].pk,
                                                       "count": 4})
    assert response.status_code == 405
