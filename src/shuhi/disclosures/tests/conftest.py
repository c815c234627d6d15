"""Fixtures shared by the disclosure register's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Register:
    """A small register for the page tests: tiers, three assets, an NDA with supplier A, and
    disclosures to A in each state the pages act on."""

    tiers: dict
    top_secret: object  # W-1 極秘, development, technical
    drawing: object  # W-3 社外秘, development, technical
    sales_memo: object  # S-1 社外秘, sales
    nda: object
    requested: object
    approved: object
    held: object


@pytest.fixture
def register(cast):
    from shuhi.disclosures.services import (
        disclosed_file_add,
        disclosure_decide,
        disclosure_hand_over,
        disclosure_request,
    )
    from shuhi.disclosures.testing import nda_for, pdf_upload
    from shuhi.ledger.services import asset_create, ledger_setup_defaults

    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}

    def asset(code, name, tier, department, category="technical"):
        return asset_create(actor=cast.admin, organisation=cast.home, code=code, name=name, tier=tiers[tier],
                            department=department, category=category)

    top = asset("W-1", "設計秘伝書", "top_secret", cast.dev)
    drawing = asset("W-3", "金型図面", "confidential", cast.dev)
    memo = asset("S-1", "販売戦略メモ", "confidential", cast.sales, category="sales")
    nda = nda_for(cast, cast.supplier_a, reference="NDA-A", categories=["technical"])
    due = timezone.localdate() + dt.timedelta(days=60)

    def request(purpose):
        return disclosure_request(actor=cast.owner, organisation=cast.home, supplier=cast.supplier_a,
                                  assets=[drawing], purpose=purpose, justification="加工に必要", due_date=due)

    requested = request("見積")
    approved = request("試作")
    disclosure_decide(actor=cast.security, disclosure=approved, approve=True)
    held = request("量産")
    disclosure_decide(actor=cast.security, disclosure=held, approve=True)
    disclosed_file_add(actor=cast.security, disclosure=held, upload=pdf_upload("金型図面.pdf"), asset=drawing)
    disclosure_hand_over(actor=cast.security, disclosure=held)
    return Register(tiers=tiers, top_secret=top, drawing=drawing, sales_memo=memo, nda=nda, requested=requested,
                    approved=approved, held=held)
