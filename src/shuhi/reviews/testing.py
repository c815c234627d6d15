"""Rows of this app's models for the isolation test's world (see shuhi/testing/world.py).

Review data belongs to the home organisation only. The reviewer is the department manager
(`cast.owner`); the employee is not a reviewer and must see no cycle.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shuhi.paths import data_dir
from shuhi.people.models import Policy
from shuhi.people.services_policies import policy_acknowledge, policy_publish
from shuhi.reviews.models import Reidentification
from shuhi.reviews.pseudonyms import pseudonym
from shuhi.reviews.services import (
    cycle_create,
    cycle_store_report,
    followup_open,
    signoff_create,
    source_create,
)
from shuhi.reviews.services_reidentify import reidentification_request, review_settings_update
from shuhi.testing.cast import SYSTEM_TEST


def sample_report(user_ids: tuple[str, ...] = ("WLD0001", "WLD0002")) -> dict[str, Any]:
    """A small report as the job stores it: pseudonyms only."""
    ranking = [{"user": pseudonym(u), "score": 5.0 - i, "peer_group": "Engineer", "events": 40, "reasons": [
        {"indicator": "after_hours", "name_ja": "時間外の活動", "name_en": "After-hours activity", "count": 3,
         "weight": 1.5, "z_self": 2.5, "z_peer": 3.25, "tier_points": None, "examples": [
             {"time": "2010-02-02 22:10:00", "host": "PC-0001", "kind": "logon", "action": "logon"}]}]}
        for i, u in enumerate(user_ids)]
    return {"windows": [{"start": "2010-02-01", "end": "2010-02-07", "ranking": ranking}],
            "stats": {"events": 80, "engine": "duckdb"}}


def build_review_world(cast: Any) -> None:
    source = source_create(actor=cast.security, organisation=cast.home, name="ファイルサーバ監査ログ",
                           path=str(data_dir() / "logs" / "fileserver"))
    signed = cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 2, 1),
                          period_end=dt.date(2010, 2, 7), reviewer=cast.owner, due_date=dt.date(2010, 2, 14))
    report = sample_report()
    signed = cycle_store_report(actor=SYSTEM_TEST, cycle=signed, report=report, html="<p>report</p>")
    case = followup_open(actor=cast.owner, cycle=signed, pseudonym=report["windows"][0]["ranking"][0]["user"],
                         reason_summary="時間外の活動 (3)")
    signoff_create(actor=cast.owner, cycle=signed, notes="上位2名を確認、1件を追跡。")
    # The service would look the pseudonym up in real logs, which the world does not have.
    Reidentification.objects.create(cycle=signed, pseudonym=case.pseudonym, reason="追跡案件の本人確認",
                                    actor=cast.security, found=True, status=Reidentification.Status.REVEALED,
                                    approver=cast.admin)
    reidentification_request(actor=cast.security, cycle=signed, pseudonym=case.pseudonym,
                             reason="再発の有無を確認するため")
    review_settings_update(actor=cast.admin, organisation=cast.home, reidentify_needs_approval=True)
    ready = cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 2, 8),
                         period_end=dt.date(2010, 2, 14), reviewer=cast.owner, due_date=dt.date(2010, 2, 21))
    cycle_store_report(actor=SYSTEM_TEST, cycle=ready, report=sample_report(), html="<p>report</p>")
    # Someone else's cycle: the department manager must not see it.
    cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 2, 8),
                 period_end=dt.date(2010, 2, 14), reviewer=cast.hr, due_date=dt.date(2010, 2, 21))
    notice = policy_publish(actor=cast.security, organisation=cast.home, kind=Policy.Kind.LOG_MONITORING,
                            title="アクセスログの記録について",
                            body="PC・ファイルサーバ・メールの利用は記録され、定期的に確認されます。")
    policy_acknowledge(actor=cast.employee, policy=notice)
    policy_acknowledge(actor=cast.owner, policy=notice)
