from __future__ import annotations

import pytest

from shuhi.core.audit.models import AuditEntry
from shuhi.reviews.models import FollowUpCase, Reidentification, ReviewCycle, SignOff
from shuhi.reviews.tests.conftest import top_pseudonym

pytestmark = pytest.mark.django_db


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_full_view_roles_and_the_assigned_reviewer_see_the_cycle(cast, login, ready_cycle):
    for user in (cast.admin, cast.security, cast.auditor, cast.owner):
        client = login(user)
        assert client.get(f"/reviews/{ready_cycle.pk}/").status_code == 200, user
        assert ready_cycle.period_start.strftime("%Y-%m-%d") in client.get("/reviews/").content.decode()


def test_an_employee_who_is_not_the_reviewer_and_supplier_users_get_404(cast, login, ready_cycle):
    for user in (cast.employee, cast.sales_employee, cast.hr):
        client = login(user)
        assert client.get(f"/reviews/{ready_cycle.pk}/").status_code == 404, user
        assert client.get(f"/reviews/{ready_cycle.pk}/report.html").status_code == 404, user
        assert str(ready_cycle.period_start) not in client.get("/reviews/").content.decode()
    for user in (cast.rep_a, cast.rep_b):
        client = login(user)
        for path in ("/reviews/", f"/reviews/{ready_cycle.pk}/", "/reviews/notice/", "/reviews/new/"):
            assert client.get(path).status_code == 404, (user, path)


def test_the_cycle_page_shows_the_ranking_with_pseudonyms_and_reasons(cast, login, ready_cycle):
    client = login(_english(cast.owner))
    page = client.get(f"/reviews/{ready_cycle.pk}/").content.decode()
    assert top_pseudonym(ready_cycle) in page
    first = ready_cycle.report["windows"][0]["ranking"][0]["reasons"][0]
    assert first["name_en"].replace("'", "&#x27;") in page
    assert "Sign off this review" in page and "Re-identify" not in page


def test_the_cycle_page_words_each_reason_in_japanese_with_labelled_numbers(cast, login, ready_cycle):
    page = login(cast.owner).get(f"/reviews/{ready_cycle.pk}/").content.decode()
    ranking = ready_cycle.report["windows"][0]["ranking"]
    # The first reason scored on the window itself (others are worded by their worst day or the
    # frozen baseline, see logreview/tests/test_wording.py).
    first = next(r for entry in ranking for r in entry["reasons"] if r.get("basis") in (None, "window"))
    assert first["name_ja"] in page
    assert f"{first['count']}件（異常度：" in page
    assert "z against" not in page and first["name_en"].replace("'", "&#x27;") not in page


def test_the_reviewer_signs_off_from_the_page_and_notes_are_required(cast, login, ready_cycle):
    client = login(cast.owner)
    assert client.post(f"/reviews/{ready_cycle.pk}/sign-off/", {"notes": ""}).status_code == 400
    response = client.post(f"/reviews/{ready_cycle.pk}/sign-off/", {"notes": "全件確認しました"})
    assert response.status_code == 302
    signoff = SignOff.objects.get(cycle=ready_cycle)
    assert signoff.reviewer == cast.owner and signoff.notes == "全件確認しました"
    assert ReviewCycle.objects.get(pk=ready_cycle.pk).status == ReviewCycle.Status.SIGNED_OFF


def test_the_security_manager_cannot_sign_off_someone_elses_cycle(cast, login, ready_cycle):
    client = login(cast.security)
    assert client.post(f"/reviews/{ready_cycle.pk}/sign-off/", {"notes": "代理"}).status_code == 403
    assert not SignOff.objects.exists()


def test_a_follow_up_case_is_opened_from_a_ranked_row_and_closed(cast, login, ready_cycle):
    client = login(cast.owner)
    alias = top_pseudonym(ready_cycle)
    client.post(f"/reviews/{ready_cycle.pk}/cases/new/", {"pseudonym": alias, "window_start": "2010-02-01",
                                                          "reason_summary": "USBへの大量コピー"})
    case = FollowUpCase.objects.get(cycle=ready_cycle)
    assert case.pseudonym == alias and case.opened_by == cast.owner
    client.post(f"/reviews/cases/{case.pk}/close/", {"notes": "業務上の持ち出し申請あり"})
    assert FollowUpCase.objects.get(pk=case.pk).status == FollowUpCase.Status.CLOSED


def test_an_auditor_reads_but_cannot_open_cases_or_sign_off(cast, login, ready_cycle):
    client = login(cast.auditor)
    page = client.get(f"/reviews/{ready_cycle.pk}/")
    assert not any(page.context[flag] for flag in ("can_run", "can_sign", "can_follow", "can_reidentify",
                                                   "can_manage"))
    assert client.post(f"/reviews/{ready_cycle.pk}/cases/new/", {"pseudonym": top_pseudonym(ready_cycle),
                                                                 "reason_summary": "x"}).status_code == 403
    assert client.post(f"/reviews/{ready_cycle.pk}/sign-off/", {"notes": "x"}).status_code == 403
    assert client.post(f"/reviews/{ready_cycle.pk}/run/").status_code == 403
    assert client.post(f"/reviews/{ready_cycle.pk}/next/").status_code == 403
    assert not FollowUpCase.objects.exists() and not SignOff.objects.exists()
    assert ReviewCycle.objects.count() == 1


def test_only_the_security_manager_sees_the_real_id_and_only_in_that_response(cast, login, ready_cycle, one_step):
    alias = top_pseudonym(ready_cycle)
    for user in (cast.admin, cast.auditor, cast.owner):
        response = login(user).post(f"/reviews/{ready_cycle.pk}/reidentify/", {"pseudonym": alias,
                                                                               "reason": "確認"})
        assert response.status_code == 403, user
    assert not Reidentification.objects.exists()
    client = login(cast.security)
    assert client.post(f"/reviews/{ready_cycle.pk}/reidentify/", {"pseudonym": alias}).status_code == 400
    response = client.post(f"/reviews/{ready_cycle.pk}/reidentify/", {"pseudonym": alias, "reason": "案件 #3"})
    assert response.status_code == 200
    row = Reidentification.objects.get()
    assert row.actor == cast.security and row.reason == "案件 #3" and row.found
    assert "no-cache" in response.get("Cache-Control", "")
    from shuhi.reviews.pseudonyms import pseudonym

    real = [u for u in _ldap_ids(ready_cycle) if pseudonym(u) == alias]
    assert real and real[0] in response.content.decode()
    assert real[0] not in client.get(f"/reviews/{ready_cycle.pk}/").content.decode()
    auditor_view = login(cast.auditor).get(f"/reviews/{ready_cycle.pk}/").content.decode()
    assert "案件 #3" in auditor_view and real[0] not in auditor_view
    assert AuditEntry.objects.filter(action="pseudonym.reidentify", actor=cast.security).count() == 1


def _ldap_ids(cycle) -> set[str]:
    import csv
    from pathlib import Path

    ids = set()
    for path in (Path(cycle.source.path) / "LDAP").glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            ids |= {row["user_id"] for row in csv.DictReader(handle)}
    return ids


def test_the_html_report_downloads_as_an_attachment(cast, login, ready_cycle):
    response = login(cast.owner).get(f"/reviews/{ready_cycle.pk}/report.html")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert top_pseudonym(ready_cycle).encode() in response.content


def test_a_security_manager_schedules_sources_and_cycles_from_the_pages(cast, login, dataset, settings):
    settings.SHUHI_LOG_ROOTS = [str(dataset.parent)]
    client = login(cast.security)
    client.post("/reviews/sources/new/", {"name": "CERT", "kind": "cert", "path": str(dataset)})
    source = cast.home.log_sources.get()
    response = client.post("/reviews/new/", {"source": source.pk, "reviewer": cast.owner.pk,
                                             "period_start": "2010-02-01", "period_end": "2010-02-07",
                                             "cadence": "weekly", "window": "week"})
    cycle = ReviewCycle.objects.get()
    assert response.status_code == 302 and cycle.reviewer == cast.owner
    client.post(f"/reviews/{cycle.pk}/next/")
    assert ReviewCycle.objects.filter(period_start="2010-02-08", reviewer=cast.owner).exists()
    assert login(cast.owner).get("/reviews/new/").status_code == 404


def test_overdue_cycles_are_listed_with_a_badge(cast, login, source):
    import datetime as dt

    from shuhi.reviews.services import cycle_create

    cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 1, 1),
                 period_end=dt.date(2010, 1, 7), reviewer=cast.owner, due_date=dt.date.today() - dt.timedelta(1))
    page = login(_english(cast.owner)).get("/reviews/?status=overdue").content.decode()
    assert "2010-01-01" in page and "badge-bad" in page


def test_running_a_cycle_from_the_page_stores_the_report(cast, login, cycle, settings,
                                                         django_capture_on_commit_callbacks):
    settings.SHUHI_SYNC_JOBS = True
    client = login(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/reviews/{cycle.pk}/run/").status_code == 302
    assert ReviewCycle.objects.get(pk=cycle.pk).status == ReviewCycle.Status.READY


def test_a_source_outside_the_log_roots_is_refused_with_the_reason_and_nothing_saved(cast, login, dataset, settings):
    settings.SHUHI_LOG_ROOTS = [str(dataset)]
    client = login(_english(cast.security))
    for field, values in {
        "path": {"path": "/etc"},
        "context_path": {"path": str(dataset), "context_path": str(dataset.parent / "elsewhere.yaml")},
        "mapping": {"kind": "generic", "path": str(dataset / "*.csv"), "mapping": "/var/lib/shuhi/shuhi.sqlite3"},
    }.items():
        data = {"name": f"bad {field}", "kind": "cert", **values}
        page = client.post("/reviews/sources/new/", data).content.decode()
        assert "outside the folders this server may read logs from" in page, field
    relative = client.post("/reviews/sources/new/", {"name": "rel", "kind": "cert", "path": "logs/x"})
    assert "is not an absolute path" in relative.content.decode()
    assert not cast.home.log_sources.exists()
    client.post("/reviews/sources/new/", {"name": "ok", "kind": "generic", "path": str(dataset / "*.csv"),
                                          "mapping": str(dataset / "mapping.yaml")})
    assert cast.home.log_sources.filter(name="ok").exists(), "a glob inside a root is accepted"
