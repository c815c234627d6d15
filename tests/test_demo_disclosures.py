"""`shuhi demo` fills the disclosure register: NDAs, disclosures in every state, a re-disclosure down
the chain, a certified destruction and a leak response in progress, and the risk view's exposure."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from shuhi.core.demo import load_demo
from shuhi.core.models import Organisation, User
from shuhi.core.roles import Role
from shuhi.disclosures import selectors
from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakResponse, Nda, NdaReminder

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_disclosure_register_and_the_risk_view(settings, tmp_path, client, login):
    # One run of the whole demo (about ten seconds) checked from every side.
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(employees=10)
    home = Organisation.objects.get(kind=Organisation.Kind.HOME)
    _ndas_in_every_state_including_one_ending_within_30_days()
    _disclosures_in_every_state()
    _the_re_disclosed_asset_is_held_by_the_supplier_and_its_sub_supplier()
    _a_leak_response_is_in_progress_with_one_holder_acknowledged()
    _the_exposure_of_the_risk_view_is_spread_over_several_suppliers(home, client, login)
    assert not load_demo(), "a second run changes nothing"
    assert Nda.objects.count() == 6


def _ndas_in_every_state_including_one_ending_within_30_days():
    today = timezone.localdate()
    states = {nda.reference: nda.state(today) for nda in Nda.objects.all()}
    assert {"active", "expiring", "draft"} <= set(states.values())
    expiring = [ref for ref, state in states.items() if state == "expiring"]
    assert NdaReminder.objects.filter(nda__reference__in=expiring, kind="expiring").exists()
    assert Nda.objects.filter(allows_redisclosure=True, status=Nda.Status.ACTIVE).exists()
    assert Nda.objects.filter(sub_supplier__isnull=False).exists()


def _disclosures_in_every_state():
    statuses = set(Disclosure.objects.values_list("status", flat=True))
    assert {"requested", "rejected", "handed_over", "received", "destroyed"} <= statuses
    assert Disclosure.objects.filter(status__in=Disclosure.HELD, assets__tier__key="top_secret").exclude(
        exception_executive="").exists()
    destroyed = Disclosure.objects.get(status=Disclosure.Status.DESTROYED)
    assert destroyed.end_statement and destroyed.ended_on and destroyed.ended_by.role == Role.SUPPLIER_REP
    files = DisclosedFile.objects.all()
    assert 1 <= files.count() <= 4 and all(f.stamped and f.fingerprint for f in files)


def _the_re_disclosed_asset_is_held_by_the_supplier_and_its_sub_supplier():
    redisclosure = Disclosure.objects.get(parent__isnull=False)
    assert redisclosure.is_held and redisclosure.recipient.parent_id == redisclosure.supplier_id
    for asset in redisclosure.assets.all():
        holders = {h.organisation: h.tier_in_chain for h in selectors.holders(asset)}
        assert holders[redisclosure.supplier] == 1
        assert holders[redisclosure.recipient] == 2


def _a_leak_response_is_in_progress_with_one_holder_acknowledged():
    response = LeakResponse.objects.get(status=LeakResponse.Status.OPEN)
    notices = list(response.notices.all())
    assert len(notices) >= 2
    assert [n.holder.name for n in notices if n.acknowledged_at] == ["山田精工株式会社"]
    assert response.traced_disclosure is not None and response.traced_disclosure.is_redisclosure
    assert response.events.count() >= len(notices) + 2


def _the_exposure_of_the_risk_view_is_spread_over_several_suppliers(home, client, login):
    held = selectors.exposure()
    assert len(held) >= 4
    assert max(sum(by_tier.values()) for by_tier in held.values()) >= 5
    login(User.objects.get(organisation=home, role=Role.SECURITY_MANAGER))
    page = client.get(reverse("suppliers:risk")).content.decode()
    assert "山田精工株式会社" in page and "鈴木金型工業" in page
