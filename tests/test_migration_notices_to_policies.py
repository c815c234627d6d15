"""Migration people.0003 carries the log review's notices and their acknowledgements over to the
people app's policies (one acknowledgement model), before reviews.0005 drops the old tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("people", "0002_policies_exit_messages"), ("reviews", "0002_logsource_auto_schedule")]
AFTER = [("people", "0003_log_notices_from_reviews"), ("reviews", "0005_notices_moved_to_people")]


@pytest.mark.django_db(transaction=True)
def test_notices_become_versions_and_keep_their_acknowledgements():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation, User = old.get_model("core", "Organisation"), old.get_model("core", "User")
    LogNotice, Ack = old.get_model("reviews", "LogNotice"), old.get_model("reviews", "NoticeAcknowledgement")
    home = Organisation.objects.create(name="港精機", kind="home")
    staff = User.objects.create(email="staff@example.jp", organisation=home, role="employee")
    first_at = timezone.now() - dt.timedelta(days=30)
    first = LogNotice.objects.create(organisation=home, title="旧告知", body="旧本文", published_at=first_at)
    second = LogNotice.objects.create(organisation=home, title="新告知", body="新本文", published_at=timezone.now())
    ack = Ack.objects.create(notice=first, user=staff)
    Ack.objects.create(notice=second, user=staff)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Policy, PolicyAck = new.get_model("people", "Policy"), new.get_model("people", "PolicyAcknowledgement")
    versions = list(Policy.objects.filter(organisation_id=home.pk, kind="log_monitoring").order_by("version"))
    assert [(p.version, p.title, p.is_current) for p in versions] == [(1, "旧告知", False), (2, "新告知", True)]
    carried = PolicyAck.objects.get(policy=versions[0], user_id=staff.pk)
    assert carried.acknowledged_at == ack.acknowledged_at and len(carried.sha256) == 64
    assert PolicyAck.objects.filter(policy=versions[1]).count() == 1
    assert "reviews_lognotice" not in connection.introspection.table_names()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
