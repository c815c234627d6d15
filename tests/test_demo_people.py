"""`shuhi demo` fills the people register: people of every kind, a hire with its acknowledged pledge,
and a notice of leaving whose exit pledge names the ledger's secrets and waits (`pledges pending`)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from shuhi.core.demo import load_demo
from shuhi.people import pledging
from shuhi.people.models import Person, Pledge

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_people_register_with_a_signed_and_a_pending_pledge(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(employees=10)
    kinds = set(Person.objects.values_list("kind", flat=True))
    assert {"regular", "contract", "dispatched", "supplier_onsite"} <= kinds
    signed = Pledge.objects.get(kind="hire", status=Pledge.Status.ACKNOWLEDGED)
    assert pledging.pledge_verify(signed).intact
    out = io.StringIO()
    call_command("pledges", "pending", "--json", stdout=out)
    pending = json.loads(out.getvalue())["pending"]
    sent = [p for p in pending if p["status"] == "sent"]
    assert len(sent) == 1 and sent[0]["kind"] == "exit" and sent[0]["scope"], pending
    # The contract member who left has an exit pledge still in draft, and a checklist partly done.
    from shuhi.people import exits
    from shuhi.people.models import ExitChecklist, ManagementMessage, Policy

    assert {p["kind"] for p in pending} == {"exit"} and len(pending) == 2
    checklist = ExitChecklist.objects.get()
    open_keys = {item.key for item in exits.open_items(checklist)}
    assert "assets" not in open_keys and {"pledge", "review", "account:VPN"} <= open_keys
    assert Policy.objects.filter(is_current=True).count() == 3
    assert all(p.acknowledgements.exists() for p in Policy.objects.filter(is_current=True))
    assert ManagementMessage.objects.count() == 2
