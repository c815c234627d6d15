from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import override

from shuhi.ledger.models import InformationAsset
from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    shared = location_create(actor=cast.admin, organisation=cast.home, name="全社共有フォルダ", tier=tiers["public"])
    unowned = asset_create(actor=cast.admin, organisation=cast.home, code="D-1", name="減速機 設計データ",
                           tier=tiers["top_secret"], department=cast.dev, locations=[shared],
                           retention="permanent", disposal_method="溶解処理", label_status="applied")
    return {"tiers": tiers, "shared": shared, "unowned": unowned}


def test_admins_security_managers_and_auditors_see_the_self_check(client, cast, ledger, login):
    for user in (cast.admin, cast.security, cast.auditor):
        login(user)
        assert client.get(reverse("ledger:selfcheck")).status_code == 200, user.role


def test_department_managers_employees_and_suppliers_get_404_for_the_self_check(client, cast, ledger, login):
    for user in (cast.owner, cast.employee, cast.hr, cast.rep_a, cast.rep_b):
        login(user)
        assert client.get(reverse("ledger:selfcheck")).status_code == 404, user.email


def test_every_home_user_reads_the_rules_but_suppliers_get_404(client, cast, ledger, login):
    for user in (cast.admin, cast.security, cast.auditor, cast.owner, cast.employee, cast.hr):
        login(user)
        assert client.get(reverse("ledger:rules")).status_code == 200, user.email
    for user in (cast.rep_a, cast.rep_b, cast.rep_sub_a):
        login(user)
        assert client.get(reverse("ledger:rules")).status_code == 404, user.email


def test_anonymous_visitors_are_sent_to_log_in(client, ledger):
    for name in ("ledger:selfcheck", "ledger:rules"):
        assert client.get(reverse(name)).status_code == 302


def test_the_pages_answer_only_get(client, cast, ledger, login):
    login(cast.admin)
    assert client.post(reverse("ledger:selfcheck")).status_code == 405
    assert client.post(reverse("ledger:rules")).status_code == 405


def test_each_finding_links_to_its_fix(client, cast, ledger, login):
    login(cast.security)
    page = client.get(reverse("ledger:selfcheck")).content.decode()
    assert f'href="{reverse("ledger:edit", args=[ledger["unowned"].pk])}"' in page
    kinds = {f.kind for f in client.get(reverse("ledger:selfcheck")).context["page_obj"].object_list}
    assert kinds == {"no_owner", "location_below_tier"}


def test_findings_are_counted_by_kind_and_filtered_by_kind(client, cast, ledger, login):
    login(cast.admin)
    response = client.get(reverse("ledger:selfcheck"), {"kind": "no_owner"})
    assert [f.kind for f in response.context["page_obj"].object_list] == ["no_owner"]
    counts = {k["key"]: k["count"] for k in response.context["kinds"]}
    assert counts["no_owner"] == 1 and counts["location_below_tier"] == 1 and counts["no_label"] == 0
    assert response.context["total"] == 2
    unknown = client.get(reverse("ledger:selfcheck"), {"kind": "nonsense"})
    assert unknown.context["kind"] == "" and len(unknown.context["page_obj"].object_list) == 2


def test_a_long_list_of_findings_is_paginated(client, cast, ledger, login):
    InformationAsset.objects.bulk_create([
        InformationAsset(organisation=cast.home, code=f"B-{i:03d}", name=f"記録 {i}", tier=ledger["tiers"]["public"],
                         retention="permanent", disposal_method="シュレッダー", label_status="not_needed")
        for i in range(60)
    ])
    login(cast.admin)
    first = client.get(reverse("ledger:selfcheck"), {"kind": "no_owner"})
    assert first.context["page_obj"].paginator.count == 61
    assert len(first.context["page_obj"].object_list) == 50
    second = client.get(reverse("ledger:selfcheck"), {"kind": "no_owner", "page": 2})
    assert len(second.context["page_obj"].object_list) == 11
    assert "kind=no_owner&amp;page=2" in first.content.decode()


def test_the_self_check_shows_the_indicators_next_to_the_survey_and_cites_it(client, cast, ledger, login):
    login(cast.auditor)
    with override("en"):
        response = client.get(reverse("ledger:selfcheck"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "https://www.ipa.go.jp/security/reports/economics/ts-kanri/20240530.html" in page
    assert "21.5–22.2%" in page and "35.1–50.7%" in page  # label recognition: small and large firms
    keys = [i.key for i in response.context["indicators"]]
    assert "label_coverage" in keys and "trade_secret_balance" in keys


def test_an_empty_ledger_shows_an_empty_state(client, cast, login):
    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    login(cast.admin)
    response = client.get(reverse("ledger:selfcheck"))
    assert response.context["total"] == 0
    assert 'class="empty-state"' in response.content.decode()


def test_the_rules_page_shows_criteria_and_tiers_strongest_first_with_label_and_handling(client, cast, ledger, login):
    login(cast.employee)
    response = client.get(reverse("ledger:rules"))
    page = response.content.decode()
    assert "開示された場合、会社に重大な損害" in page
    assert page.index("【極秘】") < page.index("【社外秘】")
    assert page.index("tier-top_secret") < page.index("tier-confidential") < page.index("tier-public")
    assert "NDA" in page  # the confidential tier's handling
    assert "全社共有フォルダ" in page  # where public information is kept
    assert not response.context["can_self_check"]


def test_the_rules_page_explains_the_three_requirements_of_a_trade_secret(client, cast, ledger, login):
    login(cast.employee)
    page = client.get(reverse("ledger:rules")).content.decode()
    assert 'id="trade-secrets"' in page
    for word in ("秘密管理性", "有用性", "非公知性"):
        assert word in page


def test_the_pages_use_no_inline_styles_or_scripts(client, cast, ledger, login):
    login(cast.admin)
    for name in ("ledger:selfcheck", "ledger:rules"):
        page = client.get(reverse(name)).content.decode()
        assert "style=" not in page
        assert "<script>" not in page and " onclick=" not in page


def test_the_rules_page_says_to_whom_each_tier_may_be_disclosed(client, cast, ledger, login):
    cast.employee.language = "en"  # a signed-in user's own language wins over the browser's
    cast.employee.save(update_fields=["language"])
    login(cast.employee)
    page = client.get(reverse("ledger:rules")).content.decode()
    assert "Never disclosed outside the company." in page  # 極秘
    assert "signed a non-disclosure agreement" in page  # 社外秘
    assert "May be shared in ordinary business." in page  # 一般
