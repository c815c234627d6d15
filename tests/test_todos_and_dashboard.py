"""The dashboard's to-do list agrees with the pages it links to; each role sees its own figures only."""

from __future__ import annotations

import pytest
from django.test import Client

from shuhi.core.registry import todos_for
from shuhi.testing.cast import sign_in
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks, settings):
    settings.SHUHI_SYNC_JOBS = True
    with django_capture_on_commit_callbacks(execute=True):
        return build_world()


def _everyone(cast):
    return [cast.admin, cast.security, cast.owner, cast.hr, cast.auditor, cast.employee, cast.sales_employee,
            cast.rep_a, cast.rep_b, cast.rep_sub_a]


def _rows_shown(response, key):
    value = response.context[key]
    return value.paginator.count if hasattr(value, "paginator") else len(value)


def test_each_to_do_counts_the_rows_its_page_shows_to_that_user(world):
    checked = 0
    for user in _everyone(world.cast):
        client = Client()
        sign_in(client, user)
        for todo in todos_for(user):
            response = client.get(todo.url)
            assert response.status_code == 200, (user.email, todo.url)
            if todo.rows is None:
                assert todo.count == 1
            else:
                assert _rows_shown(response, todo.rows) == todo.count, (user.email, str(todo.label), todo.url)
            checked += 1
    assert checked >= 5


def test_the_dashboard_lists_the_to_dos_with_links(world):
    client = Client()
    sign_in(client, world.cast.rep_a)
    page = client.get("/").content.decode()
    for todo in todos_for(world.cast.rep_a):
        assert todo.url.replace("&", "&amp;") in page


def test_an_employee_sees_no_company_wide_figures_on_the_dashboard(world):
    client = Client()
    sign_in(client, world.cast.employee)
    response = client.get("/")
    keys = {card["key"] for card in response.context["cards"]}
    assert not keys & {"assessments", "reviews", "people", "suppliers_count"}
    for user in (world.cast.admin, world.cast.security):
        sign_in(client, user)
        assert {"assessments", "reviews", "suppliers_count"} <= {c["key"] for c in client.get("/").context["cards"]}


def test_the_dashboard_and_the_ledger_count_the_same_assets(world):
    from shuhi.ledger.selectors import asset_list, ledger_summary

    for user in _everyone(world.cast):
        if user.is_supplier:
            continue
        client = Client()
        sign_in(client, user)
        shown = client.get("/ledger/").context["page_obj"].paginator.count
        assert ledger_summary(user=user)["total"] == shown == asset_list(user=user).count(), user.email


def test_unfinished_areas_are_not_in_the_menu(world):
    client = Client()
    sign_in(client, world.cast.admin)
    page = client.get("/").content.decode()
    assert "/area/" not in page and "Coming capabilities" not in page


def test_the_employees_dashboard_counts_every_asset_of_one_tier_the_ledger_lists(world):
    from shuhi.ledger.models import InformationAsset
    from shuhi.ledger.selectors import asset_list, ledger_summary

    employee = world.cast.employee
    visible = list(asset_list(user=employee))
    assert visible
    first = visible[0]
    for code in ("T-X1", "T-X2"):
        InformationAsset.objects.create(organisation=first.organisation, code=code, name=code, tier=first.tier,
                                        department=first.department, owner=first.owner)
    summary = ledger_summary(user=employee)
    assert summary["total"] == asset_list(user=employee).count()
    assert sum(n for _tier, n in summary["tiers"]) == summary["total"]
