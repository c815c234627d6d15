"""REST for reports (handlers only) and incidents, and the `shuhi incidents` command."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from shuhi.incidents import services
from shuhi.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_only_the_reports_handlers_read_it_through_the_api(cast, channel, api_client_for):
    report, _code = services.report_file(actor=cast.employee, anonymous=False, subject="件名", body="本文",
                                         concerned=cast.security)
    hr = api_client_for(cast.hr).get(f"/api/v1/reports/{report.pk}/")
    assert hr.status_code == 200 and hr.json()["reporter"] == cast.employee.pk
    for outsider in (cast.security, cast.admin, cast.auditor, cast.employee, cast.rep_a):
        client = api_client_for(outsider)
        assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404, outsider
        assert client.get("/api/v1/reports/").json()["results"] == [], outsider
        assert client.post(f"/api/v1/reports/{report.pk}/ask/", {"body": "?"}, format="json").status_code == 404


def test_a_handler_asks_and_closes_through_the_api_and_an_anonymous_reporter_stays_hidden(cast, channel,
                                                                                          api_client_for):
    report, _code = services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文")
    client = api_client_for(cast.security)
    asked = client.post(f"/api/v1/reports/{report.pk}/ask/", {"body": "いつですか。"}, format="json")
    assert asked.status_code == 200 and asked.json()["reporter"] is None
    assert asked.json()["messages"][0]["body"] == "いつですか。" and "author" not in asked.json()["messages"][0]
    closed = client.post(f"/api/v1/reports/{report.pk}/close/", {"outcome": "対応済み"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_incidents_are_created_changed_and_listed_by_cause_through_the_api(cast, api_client_for):
    client = api_client_for(cast.security)
    made = client.post("/api/v1/incidents/", {"title": "誤送信", "cause": "internal_mistake",
                                              "data_kind": "personal_data", "suppliers": [cast.supplier_a.pk]},
                       format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["detected_on"] == timezone.localdate().isoformat()
    changed = client.patch(f"/api/v1/incidents/{pk}/", {"severity": "high"}, format="json")
    assert changed.status_code == 200 and changed.json()["severity"] == "high"
    added = client.post(f"/api/v1/incidents/{pk}/actions/", {"title": "周知", "owner": cast.employee.pk,
                                                             "due_on": timezone.localdate().isoformat()},
                        format="json")
    assert added.status_code == 200 and len(added.json()["actions"]) == 1
    listed = client.get("/api/v1/incidents/", {"group": "internal-mistake"}).json()["results"]
    assert [row["id"] for row in listed] == [pk]
    assert client.get("/api/v1/incidents/", {"group": "external"}).json()["results"] == []
    assert api_client_for(cast.employee).post("/api/v1/incidents/", {"title": "x"}, format="json").status_code == 403
    assert api_client_for(cast.auditor).patch(f"/api/v1/incidents/{pk}/", {"title": "x"},
                                              format="json").status_code == 403
    assert Incident.objects.get(pk=pk).severity == "high"
    refused = client.patch(f"/api/v1/incidents/{pk}/", {"status": "closed"}, format="json")
    assert refused.status_code == 400 and Incident.objects.get(pk=pk).status == "open"
    closed = client.patch(f"/api/v1/incidents/{pk}/", {"status": "closed", "lessons": "宛先を確認する。"},
                          format="json")
    assert closed.status_code == 200 and closed.json()["closed_on"] == timezone.localdate().isoformat()


def test_the_command_prints_statistics_and_purges(cast, channel, capsys, monkeypatch):
    from shuhi.cli import main

    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文")
    from shuhi.incidents.services_incidents import incident_create

    incident_create(actor=cast.security, organisation=cast.home, title="攻撃", cause="external_cyber",
                    data_kind="other")
    assert main(["incidents", "stats"]) in (0, None)
    out = capsys.readouterr().out
    stats = json.loads(out[out.index("{"):])
    assert stats["by_group"]["external"] == 1
    assert main(["incidents", "purge"]) in (0, None)


def test_a_timeline_entry_dated_before_1900_or_ahead_is_refused_and_the_timeline_reads_as_iso_8601(
        cast, api_client_for):
    # Schemathesis on PostgreSQL wrote an entry in the year 0029, which Asia/Tokyo then printed
    # with a local mean time offset of +09:18:59: not a date-time any reader accepts.
    client = api_client_for(cast.security)
    pk = client.post("/api/v1/incidents/", {"title": "持ち出し", "cause": "internal_malicious",
                                            "data_kind": "trade_secret"}, format="json").json()["id"]
    for when in ("0029-11-23T04:41:31+09:00", "2999-01-01T00:00:00+09:00"):
        refused = client.post(f"/api/v1/incidents/{pk}/entries/", {"text": "x", "happened_at": when}, format="json")
        assert refused.status_code == 400, refused.content
        assert "happened_at" in json.dumps(refused.json())
    assert Incident.objects.get(pk=pk).entries.count() == 1  # "Incident recorded." only
    added = client.post(f"/api/v1/incidents/{pk}/entries/", {"text": "USBの返却を確認",
                                                             "happened_at": "1999-12-31T23:59:00+09:00"},
                        format="json")
    assert added.status_code == 200, added.content
    stamps = [e["happened_at"] for e in added.json()["entries"]]
    assert "1999-12-31T23:59:00+09:00" in stamps
