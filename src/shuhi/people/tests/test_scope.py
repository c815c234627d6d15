"""A pledge names the concrete secrets of the person's projects and department, from the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuhi.people import pledging, services
from shuhi.people.models import Pledge

pytestmark = pytest.mark.django_db


def _codes(pledge: Pledge) -> list[str]:
    return [item["code"] for item in pledge.items]


def test_an_exit_pledge_names_the_assets_of_the_projects_and_department_at_or_above_the_tier(cast, register):
    event = services.lifecycle_event_record(actor=cast.hr, person=register.employee, kind="exit",
                                            occurred_on=timezone.localdate())
    pledge = event.pledges.get()
    # 極秘 W-1 (project and department) and 社外秘 W-3 (department); not 一般 W-9, not sales' S-1.
    assert _codes(pledge) == ["W-1", "W-3"]
    assert pledge.items[0]["locations"] == ["金庫サーバ"]
    assert pledge.items[0]["tier"] == register.tiers["top_secret"].name
    assert "W-1 設計秘伝書" in pledge.text and "金庫サーバ" in pledge.text and "社内報" not in pledge.text
    assert "{対象資産一覧}" not in pledge.text and "社員 健一" in pledge.text


def test_a_lower_template_tier_brings_the_lower_assets_in(cast, register):
    template = services.current_template(cast.home, "exit", "ja")
    services.pledge_template_revise(actor=cast.hr, template=template, title=template.title, body=template.body,
                                    min_tier=register.tiers["public"])
    pledge = services.pledge_draft(actor=cast.hr, person=register.employee, kind="exit")
    assert _codes(pledge) == ["W-1", "W-3", "W-9"]


def test_a_project_pledge_names_only_that_projects_assets(cast, register):
    event = services.lifecycle_event_record(actor=cast.hr, person=register.contractor, kind="project_join",
                                            occurred_on=timezone.localdate(), project=cast.project)
    assert _codes(event.pledges.get()) == ["W-1"]
    assert register.contractor.projects.filter(pk=cast.project.pk).exists()


def test_a_transfer_moves_the_person_and_names_the_new_departments_secrets(cast, register):
    event = services.lifecycle_event_record(actor=cast.hr, person=register.contractor, kind="transfer",
                                            occurred_on=timezone.localdate(), department=cast.sales)
    register.contractor.refresh_from_db()
    assert register.contractor.department == cast.sales
    assert _codes(event.pledges.get()) == ["S-1"]


def test_hr_removes_an_item_with_a_reason_and_the_text_follows(cast, register):
    pledge = services.pledge_draft(actor=cast.hr, person=register.employee, kind="exit")
    pledge = services.pledge_remove_item(actor=cast.hr, pledge=pledge, code="W-3", reason="担当外（誤登録）")
    assert _codes(pledge) == ["W-1"]
    assert pledge.removed[0]["code"] == "W-3" and pledge.removed[0]["reason"] == "担当外（誤登録）"
    assert "金型図面" not in pledge.text and "設計秘伝書" in pledge.text


def test_removing_an_item_needs_a_reason_and_a_draft(cast, register):
    pledge = services.pledge_draft(actor=cast.hr, person=register.employee, kind="exit")
    with pytest.raises(ValidationError):
        services.pledge_remove_item(actor=cast.hr, pledge=pledge, code="W-3", reason=" ")
    services.pledge_send(actor=cast.hr, pledge=pledge)
    from shuhi.core.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.pledge_remove_item(actor=cast.hr, pledge=pledge, code="W-3", reason="遅すぎる")


def test_the_log_review_hook_adds_nothing_yet(register):
    assert pledging.log_review_exit_scope(register.employee) == []


def test_a_notice_of_leaving_drafts_the_exit_pledge_and_the_exit_does_not_draft_another(cast, register):
    today = timezone.localdate()
    services.lifecycle_event_record(actor=cast.hr, person=register.employee, kind="leave_notice",
                                    occurred_on=today + dt.timedelta(days=30))
    services.lifecycle_event_record(actor=cast.hr, person=register.employee, kind="exit",
                                    occurred_on=today + dt.timedelta(days=30))
    register.employee.refresh_from_db()
    assert register.employee.status == "left"
    assert register.employee.pledges.filter(kind="exit").count() == 1


def test_a_new_template_version_keeps_the_old_one_for_pledges_made_from_it(cast, register):
    first = services.pledge_draft(actor=cast.hr, person=register.employee, kind="hire")
    old = first.template
    revised = services.pledge_template_revise(actor=cast.hr, template=old, title="入社誓約書（改訂）",
                                              body="{氏名} は誓約します。\n{対象資産一覧}", min_tier=old.min_tier)
    old.refresh_from_db()
    assert (revised.version, old.version, old.is_current, revised.is_current) == (2, 1, False, True)
    second = services.pledge_draft(actor=cast.hr, person=register.employee, kind="hire")
    first.refresh_from_db()
    assert first.template == old and second.template == revised and second.text.startswith("社員 健一 は誓約します。")


def test_the_default_templates_are_installed_once_in_japanese_and_english(cast, register):
    assert services.pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home) == []
    hire = services.current_template(cast.home, "hire", "ja")
    assert "退職時の秘密保持誓約書を提出" in hire.body
    assert services.current_template(cast.home, "exit", "en").body.count("{assets}") == 1


def test_the_ledger_scope_costs_the_same_queries_for_forty_assets_as_for_two(cast, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shuhi.ledger.models import InformationAsset

    def queries() -> tuple[int, int]:
        person = type(register.employee).objects.get(pk=register.employee.pk)
        with CaptureQueriesContext(connection) as captured:
            items = pledging.ledger_scope(person, minimum_tier=register.tiers["confidential"])
        return len(captured), len(items)

    few = queries()
    confidential = register.tiers["confidential"]
    made = InformationAsset.objects.bulk_create(
        [InformationAsset(organisation=cast.home, code=f"B-{i:02d}", name=f"図面{i:02d}", tier=confidential,
                          department=cast.dev) for i in range(38)])
    for asset in made:
        asset.locations.set([register.vault, register.share])
    many = queries()
    assert (few[1], many[1]) == (2, 40)
    assert many[0] == few[0]
    item = next(item for item in pledging.ledger_scope(register.employee) if item["code"] == "B-07")
    assert item["locations"] == ["金庫サーバ", "開発共有"] and item["source"] == "ledger"
