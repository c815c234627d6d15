from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.ledger.models import ClassificationRule, Tier
from shuhi.ledger.services import ledger_setup_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(cast):
    return {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}


def test_a_security_manager_adds_a_tier_with_a_rank(client, cast, tiers, login):
    login(cast.security)
    response = client.post(reverse("ledger:settings"), {
        "form": "tier", "key": "internal", "name": "部外秘", "rank": 15, "label_text": "【部外秘】",
        "handling": "部内限り",
    })
    assert response.status_code == 302
    names = list(Tier.objects.filter(organisation=cast.home).values_list("name", flat=True))
    assert names == ["極秘", "社外秘", "部外秘", "一般"]


def test_renaming_a_tier_keeps_its_key_and_is_audited(client, cast, tiers, login):
    login(cast.admin)
    tier = tiers["confidential"]
    client.post(reverse("ledger:tier_edit", args=[tier.pk]), {
        "key": "hacked", "name": "社外秘（取引先可）", "rank": tier.rank, "label_text": "【社外秘】",
        "may_disclose": "on",
    })
    tier.refresh_from_db()
    assert (tier.key, tier.name) == ("confidential", "社外秘（取引先可）")
    entry = AuditEntry.objects.filter(action="tier.update").latest("id")
    assert entry.before["name"] == "社外秘" and entry.after["name"] == "社外秘（取引先可）"


def test_a_duplicate_tier_name_is_refused_next_to_the_field(client, cast, tiers, login):
    login(cast.admin)
    response = client.post(reverse("ledger:settings"), {"form": "tier", "key": "x", "name": "極秘", "rank": 5})
    assert response.status_code == 200
    assert response.context["tier_form"].errors


def test_criteria_are_added_changed_and_removed_with_an_audit_trail(client, cast, tiers, login):
    login(cast.security)
    client.post(reverse("ledger:settings"), {"form": "rule", "question": "試作品の図面か。",
                                             "tier_if_yes": tiers["top_secret"].pk, "order": 9})
    rule = ClassificationRule.objects.get(question="試作品の図面か。")
    client.post(reverse("ledger:rule_edit", args=[rule.pk]), {"question": "試作品・金型の図面か。",
                                                               "tier_if_yes": tiers["top_secret"].pk, "order": 9})
    rule.refresh_from_db()
    assert rule.question == "試作品・金型の図面か。"
    client.post(reverse("ledger:rule_delete", args=[rule.pk]))
    assert not ClassificationRule.objects.filter(pk=rule.pk).exists()
    actions = set(AuditEntry.objects.filter(object_type="ledger.classificationrule",
                                            object_id=str(rule.pk)).values_list("action", flat=True))
    assert actions == {"rule.create", "rule.update", "rule.delete"}


def test_only_editors_reach_the_settings(client, cast, tiers, login):
    for user in (cast.owner, cast.employee, cast.auditor, cast.rep_a):
        login(user)
        assert client.get(reverse("ledger:settings")).status_code == 404
        assert client.get(reverse("ledger:tier_edit", args=[tiers["public"].pk])).status_code == 404
