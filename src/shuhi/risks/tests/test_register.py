"""The register's services: versions with a diff, the starter set, delete and restore, measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_DEMO, PermissionDenied
from shuhi.risks import selectors, services
from shuhi.risks.models import BAND_LABELS, InsiderRisk, RiskMeasure
from shuhi.risks.starter import STARTER_RISKS
from shuhi.risks.testing import make_risk
from shuhi.risks.versions import state_diff

pytestmark = pytest.mark.django_db


def test_a_change_keeps_the_previous_state_as_a_version_with_who_when_and_why(cast):
    risk = make_risk(cast, measures=[{"principle": "difficult", "description": "権限を外す"}])
    services.risk_update(actor=cast.admin, risk=risk, likelihood=2, reason="ログ確認を始めたため")
    versions = list(risk.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].state["likelihood"] == 4 and versions[0].state["score"] == 20
    assert versions[0].state["measures"][0]["description"] == "権限を外す"
    assert versions[1].state["likelihood"] == 2 and versions[1].state["band"] == "high"
    assert versions[1].changed_by == cast.admin and versions[1].reason == "ログ確認を始めたため"
    assert versions[1].changed_at >= versions[0].changed_at
    risk.refresh_from_db()
    assert risk.version == 2


def test_the_diff_names_each_changed_field_and_measure(cast):
    risk = make_risk(cast)
    services.risk_update(actor=cast.admin, risk=risk, impact=2, title="退職者による持ち出し", reason="見直し")
    measure = services.measure_add(actor=cast.admin, risk=risk, principle="caught", description="ログを確認する")
    services.measure_update(actor=cast.admin, measure=measure, status="in_place", reason="導入した")
    v1, v2, v3, v4 = (v.state for v in risk.versions.order_by("number"))
    fields = {d["field"]: d for d in state_diff(v1, v2)}
    assert set(fields) == {"title", "impact", "score", "band"}
    assert (fields["impact"]["before"], fields["impact"]["after"]) == ("5", "2")
    assert fields["band"]["after"] == str(BAND_LABELS["medium"])
    added = state_diff(v2, v3)
    assert len(added) == 1 and added[0]["before"] == "" and "ログを確認する" in added[0]["after"]
    changed = state_diff(v3, v4)
    assert len(changed) == 1 and changed[0]["principle"] == "caught"
    assert "ログを確認する" in changed[0]["before"] and changed[0]["after"] != changed[0]["before"]


def test_saving_without_a_change_adds_no_version(cast):
    risk = make_risk(cast)
    services.risk_update(actor=cast.admin, risk=risk, likelihood=4, reason="同じ")
    assert risk.versions.count() == 1


def test_a_removed_measure_stays_readable_in_the_previous_version(cast):
    risk = make_risk(cast, measures=[{"principle": "excuse", "description": "誓約書で説明する"}])
    services.measure_remove(actor=cast.admin, measure=risk.measures.get(), reason="重複")
    before, after = (v.state for v in risk.versions.order_by("number"))
    assert before["measures"][0]["description"] == "誓約書で説明する" and after["measures"] == []


def test_loading_the_starter_set_twice_adds_each_risk_once_even_after_a_delete(cast):
    made = services.risk_load_starter_set(actor=cast.security, organisation=cast.home)
    assert len(made) == len(STARTER_RISKS) >= 12
    assert all(r.measures.count() >= 3 for r in made)
    principles = set(RiskMeasure.objects.values_list("principle", flat=True))
    assert principles == {"difficult", "caught", "reward", "provocation", "excuse"}
    services.risk_delete(actor=cast.security, risk=made[0], reason="当社には該当しない")
    again = services.risk_load_starter_set(actor=cast.security, organisation=cast.home)
    assert again == []
    assert InsiderRisk.objects.filter(organisation=cast.home).count() == len(STARTER_RISKS)


def test_the_starter_set_is_for_the_home_organisation_only(cast):
    with pytest.raises(PermissionDenied):
        services.risk_load_starter_set(actor=SYSTEM_DEMO, organisation=cast.supplier_a)


def test_a_deleted_risk_leaves_the_register_and_can_be_restored(cast):
    risk = make_risk(cast)
    services.risk_delete(actor=cast.security, risk=risk, reason="対象外")
    assert risk not in selectors.risks(cast.security)
    assert risk in selectors.risks(cast.security, deleted=True)
    assert selectors.heat_counts(cast.security) == {}
    with pytest.raises(PermissionDenied):
        services.risk_update(actor=cast.security, risk=risk, likelihood=1, reason="x")
    services.risk_restore(actor=cast.security, risk=risk, reason="誤って削除")
    assert risk in selectors.risks(cast.security)
    assert [v.change for v in risk.versions.order_by("number")] == ["create", "delete", "restore"]
    actions = set(AuditEntry.objects.filter(object_id=str(risk.pk)).values_list("action", flat=True))
    assert {"insider_risk.create", "insider_risk.delete", "insider_risk.restore"} <= actions


def test_only_managers_change_the_register_and_an_auditor_only_reads(cast):
    risk = make_risk(cast)
    for user in (cast.auditor, cast.owner, cast.hr, cast.employee, cast.rep_a):
        with pytest.raises(PermissionDenied):
            services.risk_update(actor=user, risk=risk, likelihood=1, reason="x")
    assert list(selectors.risks(cast.auditor)) == [risk]
    for user in (cast.owner, cast.hr, cast.employee, cast.rep_a):
        assert not selectors.risks(user).exists()


def test_it_refuses_values_outside_one_to_five_and_an_owner_of_another_organisation(cast):
    with pytest.raises(ValidationError) as error:
        make_risk(cast, likelihood=6, owner=cast.rep_a)
    assert {"likelihood", "owner"} <= set(error.value.message_dict)


def test_overdue_reviews_notify_the_owner_once_per_review_date(cast, django_capture_on_commit_callbacks):
    from shuhi.notifications.models import Notification

    today = timezone.localdate()
    risk = make_risk(cast, owner=cast.security, review_date=today - dt.timedelta(days=1))
    make_risk(cast, title="将来の見直し", review_date=today + dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=False):
        first = services.risk_review_reminders_record(actor=SYSTEM_DEMO, today=today)
        again = services.risk_review_reminders_record(actor=SYSTEM_DEMO, today=today)
    assert [r.risk_id for r in first] == [risk.pk] and again == []
    sent = Notification.objects.filter(event="risks.review_overdue")
    assert [n.recipient for n in sent] == [cast.security]
    assert list(selectors.overdue_reviews(cast.security)) == [risk]


def test_the_heat_map_counts_live_risks_per_cell_and_bands_follow_the_score(cast):
    make_risk(cast, likelihood=4, impact=5)
    make_risk(cast, title="b", likelihood=4, impact=5)
    make_risk(cast, title="c", likelihood=1, impact=2)
    make_risk(cast, title="d", likelihood=3, impact=3, status="closed")
    assert selectors.heat_counts(cast.security) == {(4, 5): 2, (1, 2): 1}
    assert [r.band for r in selectors.risks(cast.security, band="high")] == ["high", "high"]
    assert [r.title for r in selectors.risks(cast.security, band="low")] == ["c"]
    assert [r.title for r in selectors.risks(cast.security, band="medium")] == ["d"]
