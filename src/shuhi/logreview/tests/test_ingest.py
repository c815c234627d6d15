"""Ingest: both CERT column sets, bad rows, generic mappings, LDAP people, incremental runs."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
from pathlib import Path

import duckdb
import pytest

from shuhi.logreview import engine
from shuhi.logreview.context import glob_to_regex, load_context, read_locations_csv
from shuhi.logreview.engine import resolve_source, run_review
from shuhi.logreview.formats import cert_source_files
from shuhi.logreview.ingest import EventStore, ingest, store_lock
from shuhi.logreview.tests.handmade import (
    ALICE,
    BOB,
    FIRST_DAY,
    REVIEW_END,
    REVIEW_START,
    CertLog,
    at,
    make_dataset,
    review_day,
)

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"


def store_rows(store: EventStore, sql: str) -> list[tuple]:
    files = [str(store.root / p) for parts in store.batch_parts().values() for p in parts]
    con = duckdb.connect()
    con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet({files!r})")  # noqa: S608 - identifiers quoted by q(), values by lit()
    return con.execute(sql).fetchall()


def mail_counts(store: EventStore) -> list[str]:
    """The store's files of folded mail counts (see fold.py)."""
    return [str(store.root / p) for parts in store.batch_parts(counts=True).values() for p in parts
            if "counts-email" in p]


def folded_on(counts: list[str], user: str, day: dt.date) -> int:
    row = duckdb.connect().execute(
        "SELECT sum(events) FROM read_parquet(?) WHERE \"user\" = ? AND day = ?", [counts, user, day]
    ).fetchone()
    return row[0]


def test_it_detects_the_r42_column_set_from_the_header(tmp_path: Path) -> None:
    files = cert_source_files(make_dataset(tmp_path / "data", version="r4.2", weeks=1))
    assert {f.kind: f.column_set for f in files} == dict.fromkeys(
        ["logon", "device", "file", "http", "email"], "r4.2"
    )


def test_it_detects_the_r62_column_set_and_reads_its_activity_columns(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.file(ALICE, at(FIRST_DAY, 12), "C:\\x\\open.doc", activity="File Open", to_removable=False)
        log.http(ALICE, at(FIRST_DAY, 12), "http://www.example.com/x.zip", activity="WWW Download")
        log.email(ALICE, at(FIRST_DAY, 12), "bob.brown@dtaa.com", activity="View")

    files = cert_source_files(make_dataset(tmp_path / "data", inject, version="r6.2", weeks=1))
    assert {f.column_set for f in files if f.kind != "logon"} == {"r6.2"}, "logon.csv is the same in both"
    store = EventStore(tmp_path / "store")
    ingest(files, store)
    actions = dict(store_rows(store, "SELECT kind || ':' || action, count(*) FROM events GROUP BY 1"))
    assert actions["file:open"] == 1 and actions["http:download"] == 1 and actions["email:view"] == 1
    removable = store_rows(
        store, "SELECT count(*) FROM events WHERE kind = 'file' AND destination = 'removable'"
    )
    assert removable == [(5,)], "Dave's five routine copies; Alice's open is not a copy to removable media"


def test_it_normalises_cert_rows_into_the_event_store(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.http(ALICE, at(FIRST_DAY, 12, 30), "http://www.Dropbox.com:443/s/plans.zip?dl=1")
        log.email(ALICE, at(FIRST_DAY, 12, 31), "x@gmail.com", cc="bob.brown@dtaa.com", attachments=2)

    store = EventStore(tmp_path / "store")
    ingest(cert_source_files(make_dataset(tmp_path / "data", inject, weeks=1)), store)
    web = store_rows(store, "SELECT time, host, destination FROM events WHERE object LIKE '%plans%'")
    assert web == [(dt.datetime(2010, 1, 4, 12, 30), "PC-0001", "www.dropbox.com")]
    mail = store_rows(store, "SELECT destination, object, attrs FROM events WHERE destination LIKE 'x@%'")
    assert mail[0][0] == "x@gmail.com;bob.brown@dtaa.com" and mail[0][1] == "2"
    assert json.loads(mail[0][2]) == {"from": "Alice.Adams@dtaa.com"}


def test_it_counts_bad_rows_per_file_with_line_numbers_and_goes_on(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", weeks=1)
    with (data / "logon.csv").open("a", encoding="utf-8") as handle:
        handle.write("{BAD1},13/45/2010 07:12:00,ALI0001,PC-0001,Logon\n")
        handle.write("{BAD2},01/05/2010 07:12:00,ALI0001\n")
        handle.write("{OK},01/05/2010 07:13:00,ALI0001,PC-0001,Logon\n")
    lines = len((data / "logon.csv").read_text().splitlines())
    report = run_review(f"cert:{data}", start=FIRST_DAY, end=FIRST_DAY + dt.timedelta(days=6))
    logon = next(f for f in report["stats"]["ingest"]["files"] if f["kind"] == "logon")
    assert logon["bad_rows"] == 2
    assert logon["reasons"]["cast"] == {"count": 1, "lines": [lines - 2]}
    assert logon["reasons"]["missing_columns"] == {"count": 1, "lines": [lines - 1]}
    assert report["stats"]["bad_rows"] == 2
    assert report["windows"][0]["ranking"], "the review still ran"


def test_it_reads_people_and_exit_dates_from_ldap_snapshots(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.leavers[BOB] = dt.date(2010, 3, 1)

    data = make_dataset(tmp_path / "data", inject, weeks=1)
    ctx = load_context(None, cert_dir=data)
    assert ctx.people[BOB].exit == dt.date(2010, 3, 1)
    assert ctx.people[ALICE].exit is None
    assert ctx.people[ALICE].role == "Engineer" and ctx.people[ALICE].supervisor == "ERI0005"
    assert ctx.peer_of("ERI0005") == "ITAdmin" and ctx.peer_of("NOBODY") == "(unknown)"


def test_it_reads_classified_locations_from_the_ledger_export(tmp_path: Path) -> None:
    export = tmp_path / "locations.csv"
    export.write_text(
        "保管場所,格付け,パス\n設計図面,極秘,\\\\fs01\\design\\*;R:\\極秘\n", encoding="utf-8-sig"
    )
    (location,) = read_locations_csv(export)
    assert location.tier == "極秘" and len(location.patterns) == 2
    ctx_file = tmp_path / "ctx.yaml"
    ctx_file.write_text("locations_csv: locations.csv\njob_sites_add: [example-jobs.jp]\n", encoding="utf-8")
    ctx = load_context(ctx_file)
    assert ctx.tier_points(ctx.locations[0].tier) == ctx.tier_points("top_secret")
    assert "example-jobs.jp" in ctx.domains("job_sites") and "monster.com" in ctx.domains("job_sites")
    import re

    assert re.search(glob_to_regex("R:\\極秘"), "r:/極秘/plans/a.dwg")
    assert not re.search(glob_to_regex("R:\\極秘"), "r:/極秘2/a.dwg")


def test_it_ingests_a_proxy_log_through_a_generic_mapping(tmp_path: Path) -> None:
    log = tmp_path / "proxy.csv"
    rows = ["timestamp,username,client_ip,method,url,status,bytes"]
    for day in range(1, 29):
        rows.append(f"2024-02-{day:02d} 10:00:00,suzuki,10.0.0.2,GET,https://news.example.jp/{day},200,100")
        rows.append(f"2024-02-{day:02d} 10:00:00,tanaka,10.0.0.3,GET,https://news.example.jp/{day},200,100")
    rows.append("2024-02-27 22:10:00,tanaka,10.0.0.3,POST,https://www.dropbox.com/upload,200,99999")
    rows.append("not a time,tanaka,10.0.0.3,GET,https://x.example/,200,1")
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = run_review(f"generic:{MAPPINGS / 'proxy_log.yaml'}:{log}", start="2024-02-26", end="2024-03-03")
    (window,) = report["windows"]
    assert window["ranking"][0]["user"] == "tanaka"
    assert {r["indicator"] for r in window["ranking"][0]["reasons"]} >= {"cloud_upload", "cloud_storage"}
    assert report["stats"]["ingest"]["files"][0]["reasons"] == {"missing_time": {"count": 1, "lines": []}}


def test_it_ingests_the_microsoft_365_audit_log_with_json_details(tmp_path: Path) -> None:
    log = tmp_path / "audit.csv"
    detail = '"{""ObjectId"": ""https://contoso.sharepoint.com/sites/design/plan.dwg"", ""ClientIP"": ""10.1.1.1""}"'
    log.write_text(
        "CreationDate,UserIds,Operations,AuditData\n"
        f"2024-04-01T09:15:02.0000000Z,tanaka@example.co.jp,FileDownloaded,{detail}\n"
        f"2024-04-01T09:16:02.0000000Z,tanaka@example.co.jp,UserLoggedIn,{detail}\n"
        f"2024-04-01T09:17:02.0000000Z,tanaka@example.co.jp,MailboxLogin,{detail}\n",
        encoding="utf-8",
    )
    files, _ = resolve_source(f"generic:{MAPPINGS / 'm365_audit.yaml'}:{log}")
    store = EventStore(tmp_path / "store")
    result = ingest(files, store)
    assert result.rows == 2 and result.files[0].reasons == {"unknown_kind": {"count": 1, "lines": []}}
    rows = store_rows(
        store, "SELECT kind, action, host, object FROM events WHERE kind IS NOT NULL ORDER BY time"
    )
    assert rows[0] == ("file", "copy", "10.1.1.1", "https://contoso.sharepoint.com/sites/design/plan.dwg")
    assert rows[1][:2] == ("logon", "logon")


def test_it_ingests_a_mail_log_in_json_lines(tmp_path: Path) -> None:
    log = tmp_path / "mail.jsonl"
    log.write_text(
        '{"ts": "2024-04-01T18:22:05", "sender_user": "tanaka", "client": "PC-1", "direction": "outbound",'
        ' "recipients": "Tanaka.Home@gmail.com", "attachments": "plans.pdf;bom.xlsx", "bytes": "482133"}\n',
        encoding="utf-8",
    )
    files, _ = resolve_source(f"generic:{MAPPINGS / 'mail_log.yaml'}:{log}")
    store = EventStore(tmp_path / "store")
    ingest(files, store)
    assert store_rows(store, "SELECT kind, action, destination, size FROM events") == [
        ("email", "send", "tanaka.home@gmail.com", 482133)
    ]


def test_it_only_processes_the_appended_week_on_the_second_run(tmp_path: Path) -> None:
    log = CertLog()
    log.routine(7 * 9)
    log.http(ALICE, at(review_day(2), 16), "http://wikileaks.org/submit")
    data = log.write(tmp_path / "data", before=REVIEW_START)
    store = tmp_path / "store"
    first = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, store_dir=store)
    added = log.append(data, since=REVIEW_START)
    second = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, store_dir=store)
    stats = second["stats"]
    assert stats["ingested_rows"] == added, "only the appended rows are parsed"
    assert stats["aggregated_rows"] == added, "only the new batch is aggregated"
    assert stats["events_in_store"] == first["stats"]["events_in_store"] + added
    assert {f["mode"] for f in stats["ingest"]["files"]} == {"append"}
    assert second["windows"][-1]["ranking"][0]["user"] == ALICE
    third = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, store_dir=store)
    assert third["stats"]["ingested_rows"] == 0 and third["stats"]["aggregated_rows"] == 0
    fresh = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, store_dir=tmp_path / "fresh")
    strip = [[(e["user"], e["score"]) for e in w["ranking"]] for w in fresh["windows"]]
    assert strip == [[(e["user"], e["score"]) for e in w["ranking"]] for w in third["windows"]]


def test_it_reingests_a_file_that_was_rewritten_rather_than_appended(tmp_path: Path) -> None:
    log = CertLog()
    log.routine(14)
    data = log.write(tmp_path / "data")
    store = tmp_path / "store"
    run_review(f"cert:{data}", start=FIRST_DAY, end=FIRST_DAY + dt.timedelta(days=13), store_dir=store)
    log.rows["logon"] = log.rows["logon"][: len(log.rows["logon"]) // 2]
    log.write(data)
    again = run_review(
        f"cert:{data}", start=FIRST_DAY, end=FIRST_DAY + dt.timedelta(days=13), store_dir=store
    )
    modes = {f["kind"]: f["mode"] for f in again["stats"]["ingest"]["files"]}
    assert modes["logon"] == "full"
    assert again["stats"]["events_in_store"] == sum(len(rows) for rows in log.rows.values())


def test_it_keeps_the_optional_psychometric_scores_with_each_person(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", weeks=1)
    (data / "psychometric.csv").write_text(
        "employee_name,user_id,O,C,E,A,N\nAlice Adams,ALI0001,40,38,21,19,33\n", encoding="utf-8"
    )
    ctx = load_context(None, cert_dir=data)
    assert ctx.people[ALICE].traits == {"O": 40.0, "C": 38.0, "E": 21.0, "A": 19.0, "N": 33.0}
    assert ctx.people[BOB].traits == {}


def test_a_review_holds_its_event_store_so_a_second_review_of_it_waits(tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "store"
    seen: list[bool] = []

    def probe(*args, **kwargs):
        # Inside run_review: another open of the lock file must not get the lock now.
        with (store / ".lock").open("a") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        seen.append(True)
        return original(*args, **kwargs)

    original = engine.ingest
    monkeypatch.setattr(engine, "ingest", probe)
    data = make_dataset(tmp_path / "data", version="r4.2", weeks=1)
    run_review(f"cert:{data}", start=FIRST_DAY, end=FIRST_DAY + dt.timedelta(days=6), store_dir=store)
    assert seen == [True]
    with store_lock(store), (store / ".lock").open("a") as again, pytest.raises(BlockingIOError):
        fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)
    with (store / ".lock").open("a") as after:
        fcntl.flock(after, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released once the review is over


@pytest.mark.parametrize("version", ["r4.2", "r6.2"])
def test_ordinary_mail_is_only_counted_and_mail_an_indicator_could_flag_is_kept(tmp_path: Path, version: str) -> None:
    day = FIRST_DAY + dt.timedelta(days=1)
    many = ";".join(f"colleague{i}@dtaa.com" for i in range(10))

    def inject(log: CertLog) -> None:
        log.email(ALICE, at(day, 10), "plain1@dtaa.com")
        log.email(ALICE, at(day, 10, 5), "plain2@dtaa.com", activity="View")
        log.email(ALICE, at(day, 11), "attached@dtaa.com", attachments=1)
        log.email(ALICE, at(day, 22), "late@dtaa.com")
        log.email(ALICE, at(day, 12), many)
        log.email(ALICE, at(day, 13), "buyer@Sales.Raytheon.com")

    data = make_dataset(tmp_path / "data", inject, version=version, weeks=1)
    store = EventStore(tmp_path / "store")
    report = ingest(cert_source_files(data), store, ctx=load_context(None, cert_dir=data))
    where = f"kind = 'email' AND \"user\" = '{ALICE}' AND CAST(time AS DATE) = DATE '{day}'"
    kept = store_rows(store, f"SELECT destination FROM events WHERE {where} ORDER BY time")  # noqa: S608 - constants
    assert [d for (d,) in kept] == ["attached@dtaa.com", many, "buyer@Sales.Raytheon.com", "late@dtaa.com"]
    counts = mail_counts(store)
    assert folded_on(counts, ALICE, day) == 3, "the two plain messages and Alice's routine mail to Bob that day"
    mail = next(f for f in report.files if f.kind == "email")
    assert mail.rows == store_rows(store, "SELECT count(*) FROM events WHERE kind = 'email'")[0][0] + sum(
        duckdb.connect().execute("SELECT sum(events) FROM read_parquet(?)", [counts]).fetchone()
    ), "every message is either kept or counted"


def test_two_identical_kept_messages_stay_two_events_and_identical_plain_ones_two_counts(tmp_path: Path) -> None:
    day = FIRST_DAY + dt.timedelta(days=1)

    def inject(log: CertLog) -> None:
        for _ in range(2):
            log.email(ALICE, at(day, 11), "attached@dtaa.com", attachments=2)
            log.email(ALICE, at(day, 10), "plain@dtaa.com")

    data = make_dataset(tmp_path / "data", inject, weeks=1)
    store = EventStore(tmp_path / "store")
    ingest(cert_source_files(data), store, ctx=load_context(None, cert_dir=data))
    where = f"kind = 'email' AND \"user\" = '{ALICE}' AND CAST(time AS DATE) = DATE '{day}'"
    kept = store_rows(store, f"SELECT destination, object FROM events WHERE {where}")  # noqa: S608 - constants
    assert kept == [("attached@dtaa.com", "2"), ("attached@dtaa.com", "2")]
    folded = folded_on(mail_counts(store), ALICE, day)
    assert folded == 3, "the two plain messages and Alice's routine mail to Bob that day"
