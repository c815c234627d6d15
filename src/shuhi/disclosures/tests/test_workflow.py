"""A disclosure's life through the services: each step by whom it belongs to, audited, and the chain's holders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.disclosures import selectors
from shuhi.disclosures.models import Disclosure, LeakNotice
from shuhi.disclosures.services import (
    disclosed_file_add,
    disclosure_certify_end,
    disclosure_confirm_receipt,
    disclosure_decide,
    disclosure_hand_over,
    disclosure_request,
    disclosure_request_redisclosure,
)
from shuhi.disclosures.services_leak import leak_notice_answer, leak_response_open
from shuhi.disclosures.testing import nda_for, pdf_upload
from shuhi.ledger.services import asset_create, ledger_setup_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def drawing(cast):
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    nda_for(cast, cast.supplier_a, reference="NDA-A", categories=["technical"], redisclose=True)
    nda_for(cast, cast.supplier_a, sub_supplier=cast.sub_supplier_a, reference="NDA-A1", categories=["technical"])
    return asset_create(actor=cast.admin, organisation=cast.home, code="T-1", name="金型図面", category="technical",
                        tier=tiers["confidential"], department=cast.dev)


def _held_by_a(cast, asset) -> Disclosure:
    due = timezone.localdate() + dt.timedelta(days=90)
    disclosure = disclosure_request(actor=cast.owner, organisation=cast.home, supplier=cast.supplier_a,
                                    assets=[asset], purpose="金型製作", justification="加工に必要", due_date=due)
    disclosure_decide(actor=cast.security, disclosure=disclosure, approve=True)
    disclosed_file_add(actor=cast.security, disclosure=disclosure, upload=pdf_upload(), asset=asset)
    disclosure_hand_over(actor=cast.security, disclosure=disclosure)
    return disclosure


def test_a_disclosure_goes_from_request_to_destruction_and_every_step_is_audited(cast, drawing):
    disclosure = _held_by_a(cast, drawing)
    assert disclosure.nda.reference == "NDA-A" and disclosure.files.get().fingerprint == f"{disclosure.number}.1"
    disclosure_confirm_receipt(actor=cast.rep_a, disclosure=disclosure)
    disclosure_certify_end(actor=cast.rep_a, disclosure=disclosure, method="destroyed", statement="溶解処理しました")
    disclosure.refresh_from_db()
    assert disclosure.status == "destroyed" and disclosure.ended_by == cast.rep_a
    actions = list(AuditEntry.objects.filter(object_id=str(disclosure.pk), action__startswith="disclosure.")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["disclosure.request", "disclosure.approve", "disclosure.hand_over", "disclosure.receive",
                       "disclosure.end"]


def test_a_department_manager_may_request_only_his_own_departments_assets(cast, drawing):
    other = asset_create(actor=cast.admin, organisation=cast.home, code="S-1", name="販売計画", category="technical",
                         tier=drawing.tier, department=cast.sales)
    with pytest.raises(PermissionDenied):
        disclosure_request(actor=cast.owner, organisation=cast.home, supplier=cast.supplier_a, assets=[other],
                           purpose="p", justification="j", due_date=timezone.localdate() + dt.timedelta(days=9))
    for refused in (cast.employee, cast.auditor, cast.hr, cast.rep_a):
        with pytest.raises(PermissionDenied):
            disclosure_request(actor=refused, organisation=cast.home, supplier=cast.supplier_a, assets=[drawing],
                               purpose="p", justification="j", due_date=timezone.localdate() + dt.timedelta(days=9))


def test_another_supplier_cannot_confirm_or_certify_what_supplier_a_holds(cast, drawing):
    disclosure = _held_by_a(cast, drawing)
    for outsider in (cast.rep_b, cast.employee):
        with pytest.raises(PermissionDenied):
            disclosure_confirm_receipt(actor=outsider, disclosure=disclosure)
        with pytest.raises(PermissionDenied):
            disclosure_certify_end(actor=outsider, disclosure=disclosure, method="destroyed", statement="x")


def test_supplier_a_cannot_certify_while_its_sub_supplier_still_holds_the_secret(cast, drawing):
    parent = _held_by_a(cast, drawing)
    sub = disclosure_request_redisclosure(actor=cast.rep_a, parent=parent, sub_supplier=cast.sub_supplier_a,
                                          assets=[drawing], purpose="仕上げ", justification="研磨工程に必要",
                                          due_date=parent.due_date, channel="paper")
    with pytest.raises(PermissionDenied):  # the outsourcer decides, not the supplier
        disclosure_decide(actor=cast.rep_a, disclosure=sub, approve=True)
    disclosure_decide(actor=cast.security, disclosure=sub, approve=True)
    with pytest.raises(PermissionDenied):  # the supplier hands over its own re-disclosure, not the outsourcer
        disclosure_hand_over(actor=cast.security, disclosure=sub)
    disclosure_hand_over(actor=cast.rep_a, disclosure=sub)
    with pytest.raises(ValidationError, match=sub.number):
        disclosure_certify_end(actor=cast.rep_a, disclosure=parent, method="destroyed", statement="裁断")
    disclosure_confirm_receipt(actor=cast.rep_sub_a, disclosure=sub)  # the holder itself confirms
    disclosure_certify_end(actor=cast.rep_sub_a, disclosure=sub, method="destroyed", statement="裁断")
    disclosure_certify_end(actor=cast.rep_a, disclosure=parent, method="destroyed", statement="裁断")


def test_the_holders_of_a_secret_are_listed_across_every_tier_of_the_chain(cast, drawing):
    parent = _held_by_a(cast, drawing)
    sub = disclosure_request_redisclosure(actor=cast.rep_a, parent=parent, sub_supplier=cast.sub_supplier_a,
                                          assets=[drawing], purpose="仕上げ", justification="研磨工程に必要",
                                          due_date=parent.due_date, channel="paper")
    disclosure_decide(actor=cast.security, disclosure=sub, approve=True)
    disclosure_hand_over(actor=cast.rep_a, disclosure=sub)
    holders = selectors.holders(drawing)
    assert [(h.organisation, h.tier_in_chain, h.through) for h in holders] == [
        (cast.supplier_a, 1, None), (cast.sub_supplier_a, 2, cast.supplier_a)]
    assert holders[0].since == timezone.localdate()


def test_a_leak_response_notifies_every_holder_with_its_ndas_deadline(cast, drawing):
    parent = _held_by_a(cast, drawing)
    sub = disclosure_request_redisclosure(actor=cast.rep_a, parent=parent, sub_supplier=cast.sub_supplier_a,
                                          assets=[drawing], purpose="仕上げ", justification="研磨工程に必要",
                                          due_date=parent.due_date, channel="paper")
    disclosure_decide(actor=cast.security, disclosure=sub, approve=True)
    disclosure_hand_over(actor=cast.rep_a, disclosure=sub)
    response = leak_response_open(actor=cast.security, organisation=cast.home, asset=drawing, title="流出",
                                  steps="複製を確認")
    notices = {n.holder: n for n in LeakNotice.objects.filter(response=response)}
    assert set(notices) == {cast.supplier_a, cast.sub_supplier_a}
    hours = (notices[cast.supplier_a].deadline - response.opened_at).total_seconds() / 3600
    assert 23.9 < hours <= 24.01
    with pytest.raises(PermissionDenied):
        leak_notice_answer(actor=cast.rep_b, notice=notices[cast.supplier_a], report="見ていない")
    leak_notice_answer(actor=cast.rep_sub_a, notice=notices[cast.sub_supplier_a], report="2部を回収")
    texts = list(response.events.values_list("text", flat=True))
    assert any("2部を回収" in t for t in texts) and any(cast.sub_supplier_a.name in t for t in texts)


def test_a_decision_on_an_already_decided_request_is_refused(cast, drawing):
    disclosure = disclosure_request(actor=cast.security, organisation=cast.home, supplier=cast.supplier_a,
                                    assets=[drawing], purpose="p", justification="j",
                                    due_date=timezone.localdate() + dt.timedelta(days=9))
    stale = Disclosure.objects.get(pk=disclosure.pk)
    disclosure_decide(actor=cast.security, disclosure=disclosure, approve=False, reason="不要")
    with pytest.raises(PermissionDenied):
        disclosure_decide(actor=cast.admin, disclosure=stale, approve=True)
    assert Disclosure.objects.get(pk=disclosure.pk).status == "rejected"


def test_changing_only_the_end_of_an_nda_is_checked_against_its_stored_start(cast):
    import datetime as dt

    from django.core.exceptions import ValidationError as _ValidationError

    from shuhi.disclosures.services import nda_update
    from shuhi.disclosures.testing import nda_for

    nda = nda_for(cast, cast.supplier_a, reference="NDA-DATES")
    with pytest.raises(_ValidationError):
        nda_update(actor=cast.security, nda=nda, ends_on=nda.starts_on - dt.timedelta(days=1))
    assert nda_update(actor=cast.security, nda=nda, ends_on=nda.starts_on + dt.timedelta(days=10)).ends_on
