"""Log sources from uploaded CSV exports of the ready-made mappings (Microsoft 365, file server, proxy)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.reviews import services
from shuhi.reviews import services_upload as upload
from shuhi.reviews.models import LogSource
from shuhi.reviews.runner import execute_cycle

pytestmark = pytest.mark.django_db
DAYS = [dt.date(2026, 4, 1) + dt.timedelta(days=n) for n in range(7)]
USERS = ["tanaka", "suzuki", "sato"]


def m365_csv() -> str:
    lines = ["CreationDate,UserIds,Operations,AuditData"]
    for day in DAYS:
        for n, user in enumerate(USERS):
            data = json.dumps({"ClientIP": f"10.0.4.{n + 1}", "ObjectId": f"https://contoso.sharepoint.com/設計/{n}.docx"},
                              ensure_ascii=False).replace('"', '""')
            for op, hour in (("UserLoggedIn", 9), ("FileDownloaded", 10 + n)):
                lines.append(f'{day}T{hour:02d}:15:02.0000000Z,{user}@example.co.jp,{op},"{data}"')
    return "\r\n".join(lines) + "\r\n"


def fileserver_csv() -> str:
    lines = ["TimeCreated,SubjectUserName,Computer,ObjectName,Accesses,IpAddress"]
    for day in DAYS:
        for n, user in enumerate(USERS):
            lines.append(f"{day} {9 + n:02d}:04:11,{user},FS01,\\\\fs01\\設計\\図面{n}.dwg,ReadData (or ListDirectory),"
                         f"10.0.4.{n + 1}")
    return "\n".join(lines) + "\n"


def proxy_csv() -> str:
    lines = ["timestamp,username,client_ip,method,url,status,bytes"]
    for day in DAYS:
        for n, user in enumerate(USERS):
            lines.append(f"{day} {9 + n:02d}:15:02,{user},10.0.4.{n + 1},GET,https://www.example.com/{n},200,5120")
    return "\n".join(lines) + "\n"


def csv_file(name: str, text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.mark.parametrize(("preset", "text", "rows"), [
    ("m365", m365_csv(), 42), ("fileserver", fileserver_csv(), 21), ("proxy", proxy_csv(), 21)])
def test_a_good_export_becomes_a_source_that_a_review_cycle_runs_on(cast, preset, text, rows):
    source, checked = upload.source_create_from_upload(
        actor=cast.security, organisation=cast.home, name=f"{preset} 4月", preset=preset,
        files=[csv_file("export.csv", text)])
    assert source.kind == LogSource.Kind.GENERIC and source.uploads[0]["rows"] == rows
    assert checked[0].check.first.date() == DAYS[0] and checked[0].check.last.date() == DAYS[-1]
    cycle = services.cycle_create(actor=cast.security, source=source, period_start=DAYS[0], period_end=DAYS[-1],
                                  reviewer=cast.owner)
    report = execute_cycle(cycle)
    assert report["stats"]["events"] == rows
    assert AuditEntry.objects.filter(action="log_source.upload", object_id=str(source.pk)).exists()


def test_a_file_missing_a_column_is_refused_by_name_and_nothing_is_created(cast):
    broken = fileserver_csv().replace("SubjectUserName", "UserName")
    stored_before = len(_stored_files())
    with pytest.raises(ValidationError) as caught:
        upload.source_create_from_upload(
            actor=cast.security, organisation=cast.home, name="FS", preset="fileserver",
            files=[csv_file("good.csv", fileserver_csv()), csv_file("bad.csv", broken)])
    message = " ".join(caught.value.message_dict["files"])
    assert "bad.csv" in message and "SubjectUserName" in message
    assert not LogSource.objects.filter(name="FS").exists()
    assert len(_stored_files()) == stored_before


def _stored_files() -> list:
    from shuhi.reviews.conf import upload_root

    return list(upload_root().rglob("*.csv")) if upload_root().exists() else []


def test_a_shift_jis_export_is_accepted_and_stored_as_utf8(cast):
    source, checked = upload.source_create_from_upload(
        actor=cast.security, organisation=cast.home, name="FS cp932", preset="fileserver",
        files=[csv_file("監査.csv", fileserver_csv(), encoding="cp932")])
    assert checked[0].check.encoding.startswith("Shift_JIS")
    stored = next(p for p in _stored_files() if str(source.path) in str(p))
    assert "設計" in stored.read_text(encoding="utf-8")


def test_a_utf8_export_with_a_bom_is_accepted(cast):
    _source, checked = upload.source_create_from_upload(
        actor=cast.security, organisation=cast.home, name="Proxy BOM", preset="proxy",
        files=[SimpleUploadedFile("p.csv", b"\xef\xbb\xbf" + proxy_csv().encode())])
    assert checked[0].check.encoding == "UTF-8 (BOM)" and checked[0].check.header[0] == "timestamp"


def test_an_oversized_file_is_refused(cast, settings):
    settings.SHUHI_LOG_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        upload.source_create_from_upload(actor=cast.security, organisation=cast.home, name="Big", preset="proxy",
                                         files=[csv_file("big.csv", proxy_csv())])
    assert "big.csv" in " ".join(caught.value.message_dict["files"])
    assert not LogSource.objects.filter(name="Big").exists()


def test_an_excel_workbook_is_refused_with_a_clear_message(cast):
    with pytest.raises(ValidationError) as caught:
        upload.source_create_from_upload(actor=cast.security, organisation=cast.home, name="X", preset="proxy",
                                         files=[SimpleUploadedFile("x.csv", b"PK\x03\x04\x00\x00rest")])
    assert "x.csv" in " ".join(caught.value.message_dict["files"])


def test_only_review_managers_upload(cast):
    for actor in (cast.owner, cast.auditor, cast.employee, cast.rep_a):
        with pytest.raises(PermissionDenied):
            upload.source_create_from_upload(actor=actor, organisation=cast.home, name="P", preset="proxy",
                                             files=[csv_file("p.csv", proxy_csv())])


def test_later_exports_are_added_to_the_same_source(cast):
    source, _checked = upload.source_create_from_upload(
        actor=cast.security, organisation=cast.home, name="Proxy", preset="proxy",
        files=[csv_file("april.csv", proxy_csv())])
    later = proxy_csv().replace("2026-04-", "2026-05-")
    source, _checked = upload.source_add_uploads(actor=cast.admin, source=source, files=[csv_file("may.csv", later)])
    assert [f["name"] for f in source.uploads] == ["april.csv", "may.csv"]
    assert len([p for p in _stored_files() if str(source.path) in str(p)]) == 2


def test_the_upload_page_shows_a_preview_and_the_date_range(cast, login):
    client = login(cast.security)
    response = client.post("/reviews/sources/upload/", {
        "name": "ファイルサーバ", "preset": "fileserver", "files": [csv_file("fs.csv", fileserver_csv())]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026-04-01" in page and "2026-04-07" in page and "SubjectUserName" in page and "tanaka" in page
    source = LogSource.objects.get(name="ファイルサーバ")
    detail = client.get(f"/reviews/sources/{source.pk}/").content.decode()
    assert "fs.csv" in detail and "tanaka" not in detail


def test_the_upload_page_names_the_missing_column(cast, login):
    response = login(cast.security).post("/reviews/sources/upload/", {
        "name": "Proxy", "preset": "proxy", "files": [csv_file("p.csv", proxy_csv().replace("username", "user"))]})
    assert response.status_code == 400
    assert "username" in response.content.decode()
    assert not LogSource.objects.filter(name="Proxy").exists()


def test_the_api_creates_a_source_from_an_upload_and_refuses_a_bad_one(cast, api_client_for):
    api_client = api_client_for
    client = api_client(cast.security)
    response = client.post("/api/v1/log-sources/upload/", {
        "name": "Proxy API", "preset": "proxy", "files": [csv_file("p.csv", proxy_csv())]}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["uploads"][0]["rows"] == 21
    refused = client.post("/api/v1/log-sources/upload/", {
        "name": "Proxy bad", "preset": "proxy", "files": [csv_file("p.csv", proxy_csv().replace(",url,", ",link,"))]},
        format="multipart")
    assert refused.status_code == 400 and "url" in refused.content.decode()
    stranger = api_client(cast.owner).post("/api/v1/log-sources/upload/", {
        "name": "X", "preset": "proxy", "files": [csv_file("p.csv", proxy_csv())]}, format="multipart")
    assert stranger.status_code == 403
