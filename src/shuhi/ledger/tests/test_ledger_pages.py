from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.ledger.models import ClassificationRule, InformationAsset, Tier
from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    vault = location_create(actor=cast.admin, organisation=cast.home, name="金庫", tier=tiers["top_secret"])
    dev_asset = asset_create(actor=cast.admin, organisation=cast.home, code="D-1", name="設計図", department=cast.dev,
                             tier=tiers["top_secret"], projects=[cast.project], locations=[vault])
    sales_asset = asset_create(actor=cast.admin, organisation=cast.home, code="S-1", name="価格表",
                               department=cast.sales, tier=tiers["confidential"])
    return {"tiers": tiers, "vault": vault, "dev": dev_asset, "sales": sales_asset}


def listed(client) -> set[str]:
    return {a.code for a in client.get(reverse("ledger:list")).context["page_obj"].object_list}


def test_full_view_roles_see_the_whole_ledger(client, cast, ledger, login):
    for user in (cast.admin, cast.security, cast.auditor):
        login(user)
        assert listed(client) == {"D-1", "S-1"}


def test_a_department_manager_sees_their_department_and_an_employee_their_projects(client, cast, ledger, login):
    login(cast.owner)
    assert listed(client) == {"D-1"}
    login(cast.employee)
    assert listed(client) == {"D-1"}
    login(cast.sales_employee)
    assert listed(client) == set()


def test_supplier_users_see_none_of_the_ledger(client, cast, ledger, login):
    login(cast.rep_a)
    assert client.get(reverse("ledger:list")).status_code == 404
    assert client.get(reverse("ledger:detail", args=[ledger["dev"].pk])).status_code == 404
    assert client.get(reverse("ledger:locations")).status_code == 404


def test_the_list_filters_by_tier_and_searches_by_name(client, cast, ledger, login):
    login(cast.admin)
    page = client.get(reverse("ledger:list"), {"tier": "confidential"})
    assert {a.code for a in page.context["page_obj"].object_list} == {"S-1"}
    page = client.get(reverse("ledger:list"), {"q": "設計"})
    assert {a.code for a in page.context["page_obj"].object_list} == {"D-1"}


def test_adding_an_asset_records_the_suggested_tier_and_the_decision(client, cast, ledger, login):
    login(cast.security)
    top_rule = ClassificationRule.objects.filter(tier_if_yes__key="top_secret").first()
    response = client.post(reverse("ledger:create"), {
        "code": "N-1", "name": "新製法", "category": "technical", "tier": ledger["tiers"]["confidential"].pk,
        "department": cast.dev.pk, "retention": "permanent", "label_status": "applied",
        f"rule_{top_rule.pk}": "on",
    })
    assert response.status_code == 302, response.context["form"].errors
    asset = InformationAsset.objects.get(code="N-1")
    assert asset.suggested_tier.key == "top_secret"
    assert asset.tier.key == "confidential"
    assert asset.rule_answers[str(top_rule.pk)] is True
    entry = AuditEntry.objects.get(action="asset.create", object_id=str(asset.pk))
    assert entry.after["suggested_tier"] == asset.suggested_tier_id


def test_an_edit_with_a_reason_shows_in_the_assets_history(client, cast, ledger, login):
    login(cast.admin)
    asset = ledger["sales"]
    response = client.post(reverse("ledger:edit", args=[asset.pk]), {
        "code": asset.code, "name": asset.name, "category": asset.category, "tier": ledger["tiers"]["top_secret"].pk,
        "department": cast.sales.pk, "retention": "unset", "label_status": "applied", "reason": "顧客から格上げ要請",
    })
    assert response.status_code == 302
    page = client.get(reverse("ledger:detail", args=[asset.pk])).content.decode()
    assert "顧客から格上げ要請" in page
    entry = AuditEntry.objects.filter(action="asset.update", object_id=str(asset.pk)).latest("id")
    assert entry.before["tier"] == ledger["tiers"]["confidential"].pk
    assert entry.after["tier"] == ledger["tiers"]["top_secret"].pk


def test_a_department_manager_cannot_edit_another_departments_asset(client, cast, ledger, login):
    login(cast.owner)
    assert client.get(reverse("ledger:edit", args=[ledger["sales"].pk])).status_code == 404
    assert client.get(reverse("ledger:edit", args=[ledger["dev"].pk])).status_code == 200


def test_an_auditor_reads_but_cannot_edit(client, cast, ledger, login):
    login(cast.auditor)
    assert client.get(reverse("ledger:detail", args=[ledger["dev"].pk])).status_code == 200
    assert client.get(reverse("ledger:edit", args=[ledger["dev"].pk])).status_code == 403


def test_bulk_re_tiering_needs_a_reason_and_records_it_on_every_asset(client, cast, ledger, login):
    login(cast.security)
    public = ledger["tiers"]["public"]
    ids = [ledger["dev"].pk, ledger["sales"].pk]
    client.post(reverse("ledger:retier"), {"asset": ids, "tier": public.pk, "reason": ""})
    assert not InformationAsset.objects.filter(tier=public).exists()
    client.post(reverse("ledger:retier"), {"asset": ids, "tier": public.pk, "reason": "公開済みのため"})
    assert InformationAsset.objects.filter(tier=public).count() == 2
    reasons = AuditEntry.objects.filter(action="asset.update").values_list("after__reason", flat=True)
    assert list(reasons).count("公開済みのため") == 2


def test_the_detail_page_explains_the_three_requirements(client, cast, ledger, login):
    login(cast.admin)
    response = client.get(reverse("ledger:detail", args=[ledger["dev"].pk]))
    requirements = {r.key: r for r in response.context["requirements"]}
    assert set(requirements) == {"secrecy", "usefulness", "non_public"}
    assert not requirements["secrecy"].met  # no label applied yet
    assert not requirements["usefulness"].met


def test_a_security_manager_adds_a_storage_location(client, cast, ledger, login):
    login(cast.security)
    response = client.post(reverse("ledger:locations"), {
        "name": "設計NAS", "kind": "shared_folder", "tier": ledger["tiers"]["top_secret"].pk,
        "path_patterns": "\\\\nas\\design\\**", "access_groups": "設計G",
    })
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="location.create", object_repr="設計NAS").exists()
    login(cast.employee)
    assert client.post(reverse("ledger:locations"), {"name": "x"}).status_code == 404


def test_tiers_can_be_renamed_and_custom_tiers_added(cast, ledger):
    from shuhi.ledger.services import tier_create, tier_update

    tier_update(actor=cast.admin, tier=ledger["tiers"]["confidential"], name="社外秘（取引先限定）")
    custom = tier_create(actor=cast.admin, organisation=cast.home, key="internal", name="部外秘", rank=15)
    ranked = list(Tier.objects.filter(organisation=cast.home).values_list("name", flat=True))
    assert ranked == ["極秘", "社外秘（取引先限定）", "部外秘", "一般"]
    assert custom.rank == 15


def test_re_tiering_never_redirects_off_site(client, cast, ledger, login):
    login(cast.security)
    response = client.post(reverse("ledger:retier"), {
        "asset": [ledger["dev"].pk], "tier": ledger["tiers"]["top_secret"].pk, "reason": "x",
        "next": "https://evil.example/",
    })
    assert response.status_code == 302
    assert response.url == reverse("ledger:list")
