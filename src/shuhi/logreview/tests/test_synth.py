"""The synthetic CERT r4.2/r5.2 data: format, determinism, answer key and realism of the background."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from shuhi.logreview.synth import generate, main

USERS, DAYS, SEED = 60, 63, 5
# The module's dataset keeps the scenarios' classic shapes; the variants have their own tests.
CLASSIC = {"variants": {1: {"nights": 1.0}, 2: {"burst": 1.0}, 6: {"standard": 1.0}}}

R42_HEADERS = {
    "logon.csv": "id,date,user,pc,activity",
    "device.csv": "id,date,user,pc,activity",
    "file.csv": "id,date,user,pc,filename,content",
    "http.csv": "id,date,user,pc,url,content",
    "email.csv": "id,date,user,pc,to,cc,bcc,from,size,attachments,content",
    "psychometric.csv": "employee_name,user_id,O,C,E,A,N",
}
LDAP_HEADER = "employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor"
ID = re.compile(r"^\{[0-9A-Z]{4}-[0-9A-Z]{8}-[0-9A-Z]{8}\}$")
DATE = re.compile(r"^(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/20\d\d ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(out, users=USERS, days=DAYS, seed=SEED, params=CLASSIC)


@pytest.fixture(scope="module")
def events(dataset: tuple[Path, dict[str, Any]]) -> dict[str, pd.DataFrame]:
    out, _ = dataset
    frames = {}
    for name in ("logon", "device", "file", "http", "email"):
        frame = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        frame["when"] = pd.to_datetime(frame["date"], format="%m/%d/%Y %H:%M:%S")
        frames[name] = frame
    return frames


def _digest(directory: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(directory)).encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def _insider(key: dict[str, Any], scenario: int) -> dict[str, Any]:
    return next(e for e in key["insiders"] if e["scenario"] == scenario)


def _malicious(events: dict[str, pd.DataFrame], entry: dict[str, Any], name: str) -> pd.DataFrame:
    ids = {e["id"] for e in entry["events"] if e["file"] == name}
    return events[name][events[name]["id"].isin(ids)]


def test_each_file_starts_with_the_r42_header_of_the_reference(dataset: tuple[Path, dict[str, Any]]) -> None:
    out, _ = dataset
    for name, header in R42_HEADERS.items():
        assert (out / name).read_text(encoding="utf-8").split("\n", 1)[0] == header
    snapshots = sorted((out / "LDAP").glob("*.csv"))
    assert [p.name for p in snapshots] == ["2010-01.csv", "2010-02.csv", "2010-03.csv"]
    for path in snapshots:
        assert path.read_text(encoding="utf-8").split("\n", 1)[0] == LDAP_HEADER


def test_ids_dates_users_and_pcs_follow_the_cert_formats(events: dict[str, pd.DataFrame]) -> None:
    for frame in events.values():
        assert frame["id"].str.match(ID.pattern).all()
        assert frame["date"].str.match(DATE.pattern).all()
        assert frame["user"].str.match(r"^[A-Z]{3}\d{4}$").all()
        assert frame["pc"].str.match(r"^PC-\d{4}$").all()
    assert not events["http"]["id"].duplicated().any()
    assert set(events["logon"]["activity"]) == {"Logon", "Logoff"}
    assert set(events["device"]["activity"]) == {"Connect", "Disconnect"}
    assert events["email"]["from"].str.endswith("@dtaa.com").mean() > 0.99


def test_rows_of_every_event_file_are_in_time_order(events: dict[str, pd.DataFrame]) -> None:
    for frame in events.values():
        assert frame["when"].is_monotonic_increasing


def test_the_same_seed_writes_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", users=40, days=45, seed=11)
    second = generate(tmp_path / "b", users=40, days=45, seed=11)
    third = generate(tmp_path / "c", users=40, days=45, seed=12)
    assert first == second
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    assert first["insiders"] != third["insiders"]


def test_every_scenario_is_in_the_answer_key_with_dates(dataset: tuple[Path, dict[str, Any]]) -> None:
    _, key = dataset
    assert sorted(e["scenario"] for e in key["insiders"]) == [1, 2, 3, 4, 5, 6]
    for entry in key["insiders"]:
        assert entry["start"] <= entry["end"]
        assert entry["malicious_dates"][0] == entry["start"]
        assert entry["malicious_dates"][-1] == entry["end"]
        assert entry["events"]
    leaving = {e["scenario"] for e in key["insiders"] if e["departure"]}
    assert leaving == {1, 2, 3, 6}


def test_every_malicious_event_of_the_answer_key_is_in_the_csv_files(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    _, key = dataset
    for entry in key["insiders"]:
        for name in ("logon", "device", "file", "http", "email"):
            wanted = [e for e in entry["events"] if e["file"] == name]
            found = _malicious(events, entry, name)
            assert len(found) == len(wanted)
            assert sorted(found["date"]) == sorted(e["date"] for e in wanted)


def test_scenario_one_logs_on_after_hours_uses_a_first_drive_and_visits_a_leak_site(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    _, key = dataset
    entry = _insider(key, 1)
    logons = _malicious(events, entry, "logon")
    assert ((logons["when"].dt.hour >= 20) | (logons["when"].dt.hour < 6)).all()
    assert _malicious(events, entry, "http")["url"].str.contains("wikileaks.org").all()
    first_drive = _malicious(events, entry, "device")["when"].min()
    own = events["device"][events["device"]["user"] == entry["user"]]
    assert (own["when"] >= first_drive).all()  # never used a removable drive before


def test_scenarios_two_to_six_leave_their_signal_in_the_logs(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    _, key = dataset
    two = _insider(key, 2)
    urls = _malicious(events, two, "http")["url"]
    assert urls.str.contains("monster|careerbuilder|indeed|simplyhired|jobhunters|job-hunt|hotjobs").any()
    assert _malicious(events, two, "email")["to"].str.contains(two["competitor"]).all()
    assert len(_malicious(events, two, "file")) >= 8
    three = _insider(key, 3)
    assert _malicious(events, three, "http")["url"].str.contains("keylogger").all()
    mass = _malicious(events, three, "email")
    assert mass["to"].str.count(";").min() >= 20 and (mass["user"] == three["supervisor"]).all()
    four = _insider(key, 4)
    mails = _malicious(events, four, "email")
    assert (mails["attachments"].astype(int) > 0).all() and mails["to"].nunique() == 1
    assert not mails["to"].iloc[0].endswith("@dtaa.com")
    assert _malicious(events, _insider(key, 5), "http")["url"].str.contains("dropbox|box.com").all()
    copied = _malicious(events, _insider(key, 6), "file")["filename"]
    assert copied.str.startswith(("\\\\fileserver\\secret\\", "R:\\極秘\\")).all() and len(copied) >= 6


def test_cert_style_answer_files_list_each_insiders_malicious_rows(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    out, key = dataset
    listed = pd.read_csv(out / "answers" / "insiders.csv", dtype=str)
    assert list(listed.columns) == ["dataset", "scenario", "details", "user", "start", "end"]
    for entry in key["insiders"]:
        path = out / "answers" / f"synth-{entry['scenario']}" / f"synth-{entry['scenario']}-{entry['user']}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(entry["events"])
        for line in lines[:5]:
            kind, event_id = line.split(",")[:2]
            row = events[kind][events[kind]["id"] == event_id]
            assert line == ",".join([kind, *row.drop(columns="when").iloc[0].tolist()])


def test_context_yaml_classifies_the_paths_and_lists_the_domains_the_data_uses(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    out, key = dataset
    context = yaml.safe_load((out / "context.yaml").read_text(encoding="utf-8"))
    secret = next(loc for loc in context["locations"] if loc["tier"] == "top_secret")
    copied = _malicious(events, _insider(key, 6), "file")["filename"]
    assert all(any(fnmatch.fnmatchcase(p, pat) for pat in secret["patterns"]) for p in copied)
    hosts = events["http"]["url"].str.extract(r"^http://([^/]+)/")[0]
    for group in ("job_sites", "cloud_storage", "leak_sites", "competitors"):
        assert hosts.isin(context["domains"][group]).any(), group
    assert "keylogger" in context["keywords"]["suspicious_downloads"]


def test_leavers_vanish_from_later_ldap_snapshots_and_from_the_logs(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    out, key = dataset
    snapshots = {p.stem: set(pd.read_csv(p, dtype=str)["user_id"]) for p in (out / "LDAP").glob("*.csv")}
    departures = {e["user"]: e["departure"] for e in key["leavers"]}
    departures |= {e["user"]: e["departure"] for e in key["insiders"] if e["departure"]}
    assert any(e["reason"] == "ordinary" for e in key["leavers"])
    for user, departure in departures.items():
        for month, users in snapshots.items():
            assert (user in users) == (month <= departure[:7]), (user, departure, month)
        last = max(frame.loc[frame["user"] == user, "when"].max() for frame in events.values())
        assert str(last.date()) <= departure


def test_background_volume_per_user_and_workday_is_plausible(events: dict[str, pd.DataFrame]) -> None:
    # CERT r4.2 averages per user and calendar day: 1.7 logon rows, 0.8 device, 0.9 file,
    # 5.3 e-mails and 57 web visits; a workday carries most of that.
    weekday = {name: frame[frame["when"].dt.day_of_week < 5] for name, frame in events.items()}
    logons = weekday["logon"]
    user_days = logons.groupby([logons["user"], logons["when"].dt.date]).ngroups
    per_day = {name: len(frame) / user_days for name, frame in weekday.items()}
    assert 1.8 <= per_day["logon"] <= 4.0
    assert 30 <= per_day["http"] <= 120
    assert 2 <= per_day["email"] <= 12
    assert 0.2 <= per_day["device"] <= 2.5
    drive_users = events["device"]["user"].nunique() / events["logon"]["user"].nunique()
    assert 0.1 <= drive_users <= 0.5


def test_background_has_after_hours_workers_shared_pcs_and_administrators(
        events: dict[str, pd.DataFrame]) -> None:
    logons = events["logon"][events["logon"]["activity"] == "Logon"]
    hour = logons["when"].dt.hour
    after = logons[(hour < 7) | (hour >= 19)]["user"].value_counts()
    assert (after >= 5).sum() >= 2  # habitual after-hours workers, not one-off nights
    pcs_per_user = logons.groupby("user")["pc"].nunique()
    assert pcs_per_user.max() >= 10  # administrators visit many PCs
    users_per_pc = logons.groupby("pc")["user"].nunique()
    assert (users_per_pc >= 3).sum() >= 3  # shared PCs


def test_the_command_writes_a_dataset_and_documents_its_options(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "--users" in capsys.readouterr().out
    assert main(["--users", "40", "--days", "45", "--seed", "2", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "answers.json").exists() and (tmp_path / "context.yaml").exists()
    assert main(["--users", "40", "--days", "10", "--out", str(tmp_path / "x")]) == 2


@pytest.mark.parametrize("days", [42, 60, 90])
def test_the_smallest_company_the_command_allows_gets_a_dataset_with_every_scenario(tmp_path: Path, days: int) -> None:
    # 30 people: fewer than the 25-60 recipients of scenario 3's mass mail, and quiet days with
    # no background event of some kind at all; both once made the generator fail.
    key = generate(tmp_path / "small", users=30, days=days, seed=0)
    assert {entry["scenario"] for entry in key["insiders"]} == {1, 2, 3, 4, 5, 6}
    assert all(key["counts"][kind] > 0 for kind in ("logon", "device", "file", "http", "email"))


# --- real-shaped distributions (issue 17) ---------------------------------------------------


def test_urls_repeat_about_as_often_as_in_real_proxy_logs(events: dict[str, pd.DataFrame]) -> None:
    # CERT r4.2's public sample: a median of 52% of a user's day's URLs distinct; over a whole
    # period about half of all URLs distinct, over thousands of domains (not a hundred).
    http = events["http"]
    per_day = http.groupby([http["user"], http["when"].dt.date])["url"].agg(lambda u: u.nunique() / len(u))
    assert 0.4 <= per_day.median() <= 0.65
    assert 0.35 <= http["url"].nunique() / len(http) <= 0.65
    domains = http["url"].str.extract(r"^http://([^/?]+)")[0]
    assert domains.nunique() >= 1000
    assert http["url"].str.contains("?", regex=False).mean() >= 0.5  # query strings and session ids


def test_page_mail_and_file_contents_draw_on_a_large_vocabulary(events: dict[str, pd.DataFrame]) -> None:
    words = events["http"]["content"].str.split()
    assert len({w for row in words.head(50000) for w in row}) >= 2000
    assert 8 <= words.str.len().median() <= 30
    assert events["email"]["content"].str.split().explode().nunique() >= 1500


def test_mail_mostly_has_one_recipient_and_no_attachment_and_size_ignores_attachments(
        events: dict[str, pd.DataFrame]) -> None:
    mail = events["email"]
    recipients = mail["to"].str.count(";") + 1
    assert 0.4 <= (recipients == 1).mean() <= 0.85
    assert recipients.quantile(0.99) >= 4
    attachments = mail["attachments"].astype(int)
    assert 0.65 <= (attachments == 0).mean() <= 0.9
    assert attachments.max() >= 3
    # CERT r4.2: "email size and attachment count are not correlated".
    assert abs(mail["size"].astype(float).corr(attachments.astype(float))) < 0.2


def test_most_people_log_on_once_or_twice_on_a_workday(events: dict[str, pd.DataFrame]) -> None:
    logons = events["logon"][(events["logon"]["activity"] == "Logon") & (events["logon"]["when"].dt.day_of_week < 5)]
    per_day = logons.groupby([logons["user"], logons["when"].dt.date]).size()
    assert per_day.median() == 1
    assert 1.0 <= per_day.mean() <= 1.8


def test_hard_negatives_change_habits_without_appearing_as_insiders(
        dataset: tuple[Path, dict[str, Any]], events: dict[str, pd.DataFrame]) -> None:
    _, key = dataset
    kinds = {n["kind"] for n in key["hard_negatives"]}
    assert kinds == {"job_hunter", "thumb_surge", "night_worker", "leaver_copies"}
    assert not {n["user"] for n in key["hard_negatives"]} & {e["user"] for e in key["insiders"]}
    night = next(n for n in key["hard_negatives"] if n["kind"] == "night_worker")
    logons = events["logon"]
    mine = logons[(logons["user"] == night["user"]) & (logons["activity"] == "Logon")
                  & (logons["when"].dt.date >= pd.Timestamp(night["start"]).date())
                  & (logons["when"].dt.day_of_week < 5)]
    assert len(mine) and (mine["when"].dt.hour >= 14).mean() > 0.9
    hunter = next(n for n in key["hard_negatives"] if n["kind"] == "job_hunter")
    http = events["http"]
    window = http[(http["user"] == hunter["user"]) & (http["when"] >= hunter["start"])
                  & (http["when"] <= pd.Timestamp(hunter["end"]) + pd.Timedelta(days=1))]
    assert window["url"].str.contains("monster|careerbuilder|indeed|simplyhired|dice|glassdoor|job").sum() >= 5
    leaver = next(n for n in key["hard_negatives"] if n["kind"] == "leaver_copies")
    assert any(e["user"] == leaver["user"] for e in key["leavers"])


@pytest.fixture(scope="module")
def r52(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth-r52")
    return out, generate(out, users=40, days=63, seed=9, fmt="r5.2")


R52_HEADERS = {
    "logon.csv": "id,date,user,pc,activity",
    "device.csv": "id,date,user,pc,file_tree,activity",
    "file.csv": "id,date,user,pc,filename,activity,to_removable_media,from_removable_media,content",
    "http.csv": "id,date,user,pc,url,content",
    "email.csv": "id,date,user,pc,to,cc,bcc,from,activity,size,attachments,content",
}


def test_r52_output_has_certs_r52_columns_and_values(r52: tuple[Path, dict[str, Any]]) -> None:
    out, key = r52
    assert key["format"] == "r5.2"
    for name, header in R52_HEADERS.items():
        assert (out / name).read_text(encoding="utf-8").split("\n", 1)[0] == header
    files = pd.read_csv(out / "file.csv", dtype=str, keep_default_na=False)
    assert set(files["activity"]) <= {"File Open", "File Write", "File Copy", "File Delete"}
    assert set(files["to_removable_media"]) == {"True", "False"}
    assert (files["from_removable_media"] == "True").any()
    device = pd.read_csv(out / "device.csv", dtype=str, keep_default_na=False)
    assert device.loc[device["activity"] == "Connect", "file_tree"].str.startswith("E:\\").all()
    assert (device.loc[device["activity"] == "Disconnect", "file_tree"] == "").all()
    mail = pd.read_csv(out / "email.csv", dtype=str, keep_default_na=False)
    assert set(mail["activity"]) == {"Send", "Receive"}


def test_scenario_four_in_r52_opens_the_victims_files_on_the_victims_pc_and_mails_them_home(
        r52: tuple[Path, dict[str, Any]]) -> None:
    out, key = r52
    four = _insider(key, 4)
    ids = {e["id"] for e in four["events"]}
    ldap = pd.read_csv(sorted((out / "LDAP").glob("*.csv"))[0], dtype=str)
    files = pd.read_csv(out / "file.csv", dtype=str, keep_default_na=False)
    opened = files[files["id"].isin(ids)]
    assert len(opened) >= 3 and (opened["activity"] == "File Open").all()
    assert (opened["to_removable_media"] == "False").all() and (opened["user"] == four["user"]).all()
    assert opened["filename"].str.contains(four["victim"], regex=False).any()  # the victim's own documents
    logons = pd.read_csv(out / "logon.csv", dtype=str)
    own_pc = logons[(logons["user"] == four["user"]) & ~logons["id"].isin(ids)]["pc"].mode()[0]
    assert (opened["pc"] != own_pc).all()
    mail = pd.read_csv(out / "email.csv", dtype=str, keep_default_na=False)
    sent = mail[mail["id"].isin(ids)]
    assert (sent["activity"] == "Send").all() and (sent["attachments"].astype(int) > 0).all()
    assert not sent["to"].str.endswith("@dtaa.com").any()
    assert four["user"] in set(ldap["user_id"])
    answer = out / "answers" / "synth-4" / f"synth-4-{four['user']}.csv"
    line = next(x for x in answer.read_text(encoding="utf-8").splitlines() if x.startswith("file,"))
    assert len(line.split(",")) == 1 + len(R52_HEADERS["file.csv"].split(","))


def test_the_engine_reads_both_formats_by_their_headers(
        dataset: tuple[Path, dict[str, Any]], r52: tuple[Path, dict[str, Any]]) -> None:
    from shuhi.logreview.formats import cert_source_files

    sets = {f.kind: f.column_set for f in cert_source_files(dataset[0])}
    assert set(sets.values()) == {"r4.2"}
    sets = {f.kind: f.column_set for f in cert_source_files(r52[0])}
    assert sets["logon"] == sets["http"] == "r4.2"
    assert all(sets[kind] != "r4.2" for kind in ("file", "device", "email"))


def test_the_same_seed_writes_identical_r52_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", users=30, days=42, seed=4, fmt="r5.2")
    generate(tmp_path / "b", users=30, days=42, seed=4, fmt="r5.2")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    with pytest.raises(ValueError):
        generate(tmp_path / "c", users=30, days=42, seed=4, fmt="r9")


def test_insider_variants_act_in_one_night_drift_over_weeks_or_had_the_habit_already(tmp_path: Path) -> None:
    one_night = {"variants": {1: {"one_night": 1.0}, 2: {"drift": 1.0}, 6: {"one_day": 1.0}}, "scenarios": [1, 2, 6]}
    key = generate(tmp_path / "v", users=60, days=120, seed=3, params=one_night, insiders_per_scenario=2)
    for entry in key["insiders"]:
        assert entry["variant"] == {1: "one_night", 2: "drift", 6: "one_day"}[entry["scenario"]]
        if entry["scenario"] in (1, 6):
            assert len(entry["malicious_dates"]) == 1
        else:
            span = pd.Timestamp(entry["end"]) - pd.Timestamp(entry["start"])
            assert span >= pd.Timedelta(days=35)
    habitual = generate(tmp_path / "h", users=60, days=90, seed=3, params={
        "variants": {1: {"habitual": 1.0}}, "scenarios": [1]})
    entry = habitual["insiders"][0]
    before = pd.Timestamp(entry["start"])
    device = pd.read_csv(tmp_path / "h" / "device.csv", dtype=str)
    logons = pd.read_csv(tmp_path / "h" / "logon.csv", dtype=str)
    mine = [frame[(frame["user"] == entry["user"])
                  & (pd.to_datetime(frame["date"], format="%m/%d/%Y %H:%M:%S") < before)]
            for frame in (device, logons)]
    hours = pd.to_datetime(mine[1]["date"], format="%m/%d/%Y %H:%M:%S")
    weekend = hours.dt.day_of_week >= 5
    assert len(mine[0]) > 0 or ((hours.dt.hour < 7) | (hours.dt.hour >= 19) | weekend).any()


def test_held_out_seeds_and_parameters_are_never_the_tuning_ones() -> None:
    path = Path(__file__).resolve().parents[4] / "benchmarks" / "logreview_quality_sets.yaml"
    sets = yaml.safe_load(path.read_text(encoding="utf-8"))
    tuning, held_out = sets["tuning"], sets["held_out"]
    assert tuning["seeds"] and held_out["seeds"]
    assert not set(tuning["seeds"]) & set(held_out["seeds"])
    assert tuning["params"] != held_out["params"] and tuning["start"] != held_out["start"]


def test_the_command_writes_r52_with_scenario_parameters_from_a_yaml_file(tmp_path: Path) -> None:
    params = tmp_path / "params.yaml"
    params.write_text("variants:\n  1: {one_night: 1.0}\nscenarios: [1, 4]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--users", "30", "--days", "42", "--format", "r5.2", "--params", str(params),
                 "--out", str(out), "--quiet"]) == 0
    key = yaml.safe_load((out / "answers.json").read_text(encoding="utf-8"))
    assert key["format"] == "r5.2"
    assert {(e["scenario"], e["variant"]) for e in key["insiders"]} == {(1, "one_night"), (4, "weeks")}
    assert (out / "file.csv").read_text(encoding="utf-8").startswith(R52_HEADERS["file.csv"] + "\n")
    assert main(["--users", "30", "--days", "42", "--params", str(tmp_path / "absent.yaml"),
                 "--out", str(tmp_path / "x"), "--quiet"]) == 2
