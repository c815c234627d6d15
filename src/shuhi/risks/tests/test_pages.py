"""The pages: the register with its SVG heat map, a risk's history and diff, delete with
confirmation and restore, the case library for all staff, nothing at all for suppliers."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from shuhi.risks import services
from shuhi.risks.models import InsiderRisk, LeakCase
from shuhi.risks.testing import make_risk
from shuhi.testing.cast import sign_in

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_the_register_draws_the_heat_map_as_svg_with_the_count_of_each_cell(cast):
    make_risk(cast, likelihood=4, impact=5)
    make_risk(cast, title="二件目", likelihood=4, impact=5)
    make_risk(cast, title="低い", likelihood=1, impact=1)
    body = client_for(cast.security).get(reverse("risks:list")).content.decode()
    svg = body[body.index("<svg"):body.index("</svg>")]
    counts = {(int(li), int(im)): int(n) for li, im, n in
              re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', svg)}
    assert len(counts) == 25
    assert counts[(4, 5)] == 2 and counts[(1, 1)] == 1 and sum(counts.values()) == 3
    assert "<script" not in body.split("<svg")[1].split("</svg>")[0]
    assert 'data-testid="basic-policy-link"' in body


def test_the_register_links_the_published_basic_policy_or_offers_to_publish_it(cast):
    from shuhi.people.models import Policy
    from shuhi.people.services_policies import policy_publish

    link = re.compile(r'data-testid="basic-policy-link">(.*?)</span>\n', re.S)
    before = link.search(client_for(cast.admin).get(reverse("risks:list")).content.decode()).group(1)
    assert reverse("people:policy_publish") + "?kind=insider_fraud" in before
    policy = policy_publish(actor=cast.admin, organisation=cast.home, kind=Policy.Kind.INSIDER_FRAUD,
                            title="内部不正防止基本方針", body="当社は営業秘密を守ります。")
    after = link.search(client_for(cast.security).get(reverse("risks:list")).content.decode()).group(1)
    assert reverse("people:policy", args=[policy.pk]) in after
    assert reverse("people:policy_publish") not in after


def test_a_heat_map_cell_lists_its_risks(cast):
    make_risk(cast, likelihood=4, impact=5)
    make_risk(cast, title="低い", likelihood=1, impact=1)
    body = client_for(cast.security).get(reverse("risks:list"), {"likelihood": 1, "impact": 1}).content.decode()
    assert "低い" in body and "退職予定者による技術情報の持ち出し" not in body


def test_an_empty_register_offers_the_starter_set_and_loading_it_fills_the_register(cast):
    client = client_for(cast.security)
    assert 'data-testid="risks-empty"' in client.get(reverse("risks:list")).content.decode()
    response = client.post(reverse("risks:starter_load"))
    assert response.status_code == 302
    assert InsiderRisk.objects.count() >= 12
    client.post(reverse("risks:starter_load"))
    assert InsiderRisk.objects.count() == 12


def test_editing_through_the_page_keeps_the_history_and_shows_the_diff(cast):
    risk = make_risk(cast)
    client = client_for(cast.security)
    form = {"title": risk.title, "likelihood": "2", "impact": "5", "status": "open", "reason": "対策導入"}
    assert client.post(reverse("risks:edit", args=[risk.pk]), {**form, "reason": ""}).status_code == 400
    response = client.post(reverse("risks:edit", args=[risk.pk]), form)
    assert response.status_code == 302
    body = client.get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert 'data-version="2"' in body and 'data-version="1"' in body and "対策導入" in body
    assert 'data-field="likelihood"' in body and 'data-field="title"' not in body


def test_delete_asks_for_confirmation_then_the_risk_can_be_restored(cast):
    risk = make_risk(cast)
    client = client_for(cast.security)
    confirm = client.get(reverse("risks:delete", args=[risk.pk]))
    assert confirm.status_code == 200 and 'data-testid="confirm-delete"' in confirm.content.decode()
    risk.refresh_from_db()
    assert risk.deleted_at is None
    client.post(reverse("risks:delete", args=[risk.pk]), {"reason": "重複"})
    risk.refresh_from_db()
    assert risk.deleted_at is not None
    listing = client.get(reverse("risks:list"), {"deleted": "1"}).content.decode()
    assert risk.title in listing
    assert client.post(reverse("risks:restore", args=[risk.pk])).status_code == 302
    risk.refresh_from_db()
    assert risk.deleted_at is None


def test_measures_are_added_edited_and_removed_through_the_pages(cast):
    risk = make_risk(cast)
    client = client_for(cast.security)
    client.post(reverse("risks:measure_new", args=[risk.pk]),
                {"principle": "reward", "description": "重要情報を暗号化する", "status": "planned"})
    measure = risk.measures.get()
    client.post(reverse("risks:measure_edit", args=[measure.pk]),
                {"principle": "reward", "description": "重要情報を暗号化する", "status": "in_place"})
    measure.refresh_from_db()
    assert measure.status == "in_place"
    assert client.get(reverse("risks:measure_remove", args=[measure.pk])).status_code == 200
    client.post(reverse("risks:measure_remove", args=[measure.pk]), {"reason": ""})
    assert not risk.measures.exists() and risk.versions.count() == 4


def test_readers_read_and_do_not_see_edit_buttons_and_other_staff_go_to_the_case_library(cast):
    risk = make_risk(cast)
    auditor = client_for(cast.auditor)
    body = auditor.get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert risk.title in body and reverse("risks:edit", args=[risk.pk]) not in body
    assert auditor.get(reverse("risks:edit", args=[risk.pk])).status_code == 403
    employee = client_for(cast.employee)
    assert employee.get(reverse("risks:index")).url == reverse("risks:cases")
    assert employee.get(reverse("risks:list")).status_code == 404
    assert employee.get(reverse("risks:detail", args=[risk.pk])).status_code == 404


def test_every_home_user_reads_the_case_library_and_only_managers_change_it(cast):
    services.cases_load_starter_set(actor=cast.security, organisation=cast.home)
    assert LeakCase.objects.count() == 10
    assert all(case.source_name for case in LeakCase.objects.all())
    case = LeakCase.objects.first()
    employee = client_for(cast.employee)
    assert case.title in employee.get(reverse("risks:cases")).content.decode()
    assert case.source_name in employee.get(reverse("risks:case", args=[case.pk])).content.decode()
    assert employee.get(reverse("risks:case_edit", args=[case.pk])).status_code == 403
    manager = client_for(cast.security)
    manager.post(reverse("risks:case_new"), {"title": "新しい事例", "occurred_on": "2024-01-31", "summary": "要約",
                                             "source_name": "地方裁判所 判決", "principles": ["caught"]})
    assert LeakCase.objects.filter(title="新しい事例", principles=["caught"]).exists()
    assert manager.get(reverse("risks:case_delete", args=[case.pk])).status_code == 200
    manager.post(reverse("risks:case_delete", args=[case.pk]))
    assert not LeakCase.objects.filter(pk=case.pk).exists()


def test_loading_the_shipped_cases_twice_adds_them_once(cast):
    services.cases_load_starter_set(actor=cast.security, organisation=cast.home)
    assert services.cases_load_starter_set(actor=cast.security, organisation=cast.home) == []


def test_a_supplier_sees_nothing_of_the_app(cast):
    risk = make_risk(cast)
    case = services.case_create(actor=cast.security, organisation=cast.home, title="事例", summary="要約",
                                occurred_on="2024-01-01", source_name="報道")
    client = client_for(cast.rep_a)
    for url in (reverse("risks:index"), reverse("risks:list"), reverse("risks:cases"),
                reverse("risks:detail", args=[risk.pk]), reverse("risks:case", args=[case.pk]),
                reverse("risks:new"), reverse("risks:case_new")):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("risks:starter_load")).status_code == 404
    nav = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("risks:index") not in nav
