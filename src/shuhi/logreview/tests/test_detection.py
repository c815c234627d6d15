"""Detection that neither dilutes nor absorbs, and the chain of CERT r5.2 scenario 4.

Each dataset is the hand-made office with its ordinary variation (`CertLog.ordinary`): evenings
of work, mail to partners and home, job and cloud sites, Dave's thumb drive. A busy colleague
(Bob sharing files on Dropbox all week) is the ordinary user who outranked the insider before:
the tests assert that the insider now ranks first, and why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shuhi.logreview.engine import run_review
from shuhi.logreview.tests.handmade import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    ERIN,
    FIRST_DAY,
    FRANK,
    PEOPLE,
    REVIEW_START,
    CertLog,
    at,
    email_of,
    pc_of,
    review_day,
)

MONTHS = [f"2010-{m:02d}" for m in range(1, 8)]


def last_week(log: CertLog, directory: Path, weeks: int) -> dict[str, dict[str, Any]]:
    """The ranking of the last of `weeks` weeks as user → entry (reasons by indicator, rank)."""
    data = log.write(directory, MONTHS)
    end = FIRST_DAY + dt.timedelta(days=7 * weeks - 1)
    report = run_review(f"cert:{data}", start=FIRST_DAY, end=end, window="week")
    ranking = report["windows"][-1]["ranking"]
    return {
        e["user"]: {**e, "reasons": {r["indicator"]: r for r in e["reasons"]}, "rank": i}
        for i, e in enumerate(ranking)
    }


def office(weeks: int, version: str = "r4.2") -> CertLog:
    log = CertLog(version)
    log.routine(7 * weeks)
    log.ordinary(7 * weeks)
    return log


def busy_bob(log: CertLog, monday: dt.date, per_day: int, *, days: int = 5, jobs: int = 0) -> None:
    """Bob shares files with a partner on Dropbox all week and looks at job ads: unusual for
    him, spread over the week, ordinary enough."""
    for k in range(days):
        day = monday + dt.timedelta(days=k)
        for m in range(per_day):
            log.http(BOB, at(day, 10, 15 + m), f"http://www.dropbox.com/share/{k}{m}")
        for m in range(jobs):
            log.http(BOB, at(day, 12, 15 + m), f"http://www.monster.com/job/{k}{m}")


def ranking_of(week: dict[str, dict[str, Any]]) -> list[tuple[str, float]]:
    return [(u, e["score"]) for u, e in week.items()]


def test_a_one_night_episode_is_scored_on_its_night_and_is_not_diluted_by_the_week(tmp_path: Path) -> None:
    log = office(9)
    night = review_day(2)
    # Dave copies files to his thumb drive every day; one night he copies six design drawings.
    log.logon(DAVE, at(night, 23, 0))
    log.device(DAVE, at(night, 23, 5))
    for k in range(6):
        log.file(DAVE, at(night, 23, 10 + k), f"C:\\work\\design\\part{k}.dwg")
    log.logon(DAVE, at(night, 23, 50), activity="Logoff")
    busy_bob(log, REVIEW_START, 3, jobs=3)
    week = last_week(log, tmp_path / "data", 9)
    assert week[DAVE]["rank"] == 0, ranking_of(week)
    copies = week[DAVE]["reasons"]["removable_copies"]
    assert copies["basis"] == "day" and copies["day"] == night.isoformat()
    assert 6 + 1 <= copies["day_count"] < copies["count"], "that night's drawings, the day's routine copy"
    # The z-scores shown are that day's, against the worst days of Dave's past weeks and of
    # his peers' this week.
    assert copies["z_self"] > 4 and copies["z_peer"] > 1.5
    assert all(e["time"].startswith(night.isoformat()) for e in copies["examples"]), "that day's copies"
    late = week[DAVE]["reasons"]["after_hours"]
    assert late["day"] == night.isoformat()
    assert any(e["time"].startswith(f"{night.isoformat()} 23:") for e in late["examples"]), late["examples"]


def test_a_slow_two_month_drift_is_measured_against_the_time_before_it(tmp_path: Path) -> None:
    log = office(20)
    # Twelve ordinary weeks, then Alice mails attachments home one more time each week.
    for j in range(8):
        for k in range(j + 1):
            day = FIRST_DAY + dt.timedelta(days=7 * (12 + j) + k % 5)
            log.email(ALICE, at(day, 16, k), "alice.home@gmail.com", attachments=2)
    busy_bob(log, FIRST_DAY + dt.timedelta(days=7 * 19), 1, days=3)
    week = last_week(log, tmp_path / "data", 20)
    assert week[ALICE]["rank"] == 0, ranking_of(week)
    mail = week[ALICE]["reasons"]["email_personal_attach"]
    assert mail["count"] == 8 and mail["basis"] == "drift"
    # The baseline leaves out the last eight weeks: the drift began after it.
    assert mail["baseline_before"] == (FIRST_DAY + dt.timedelta(days=7 * 12)).isoformat()
    assert mail["z_self"] > 5


def scenario_4(log: CertLog) -> None:
    """Alice logs on to Bob's and then Carol's PC at lunch, opens their files, and mails
    attachments home from her own PC (CERT r5.2 scenario 4)."""
    for offset, victim in ((1, BOB), (3, CAROL)):
        day = review_day(offset)
        log.logon(ALICE, at(day, 12, 20), pc=pc_of(victim))
        for k in range(3):
            log.file(ALICE, at(day, 12, 22 + k), f"C:\\work\\{victim}\\plans{k}.doc", activity="File Open",
                     to_removable=False, pc=pc_of(victim))
        log.logon(ALICE, at(day, 12, 40), pc=pc_of(victim), activity="Logoff")
        log.email(ALICE, at(day, 12, 50), "alice.adams.home@gmail.com", attachments=3)


def test_a_scenario_4_insider_on_r52_columns_is_flagged_with_the_pcs_and_the_mail(tmp_path: Path) -> None:
    log = office(9, "r5.2")
    scenario_4(log)
    week = last_week(log, tmp_path / "data", 9)
    assert week[ALICE]["rank"] == 0, ranking_of(week)
    chain = week[ALICE]["reasons"]["foreign_pc_mail"]
    assert chain["count"] == 2 and chain["weight"] >= 4.0
    kinds = {e["kind"] for e in chain["examples"]}
    assert kinds == {"logon", "file", "email"}, chain["examples"]
    shown = [e for e in chain["examples"] if e["kind"] in ("logon", "file")]
    assert {e["host"] for e in shown} <= {pc_of(BOB), pc_of(CAROL)} and shown
    assert all(e["destination"] in (BOB, CAROL) for e in shown), "the owner of the PC used"
    assert any(e["object"] and "plans" in e["object"] for e in shown), "the file opened there"
    # File events of r5.2 are read: Alice's own opens count as file reads, not as copies.
    assert "removable_copies" not in week[ALICE]["reasons"]


def test_attachments_mailed_home_from_a_colleagues_pc_are_the_chain_even_without_file_events(tmp_path: Path) -> None:
    # r4.2 logs no file opens: the logon and the mail sent from Bob's PC are all there is.
    log = office(9)
    for offset in (1, 3):
        day = review_day(offset)
        log.logon(ALICE, at(day, 12, 20), pc=pc_of(BOB))
        log.email(ALICE, at(day, 12, 35), "alice.adams.home@gmail.com", attachments=2, pc=pc_of(BOB))
        log.logon(ALICE, at(day, 12, 40), pc=pc_of(BOB), activity="Logoff")
    week = last_week(log, tmp_path / "data", 9)
    assert week[ALICE]["rank"] == 0, ranking_of(week)
    assert week[ALICE]["reasons"]["foreign_pc_mail"]["count"] == 2


def test_helping_at_a_colleagues_pc_and_mailing_home_from_ones_own_is_not_the_chain(tmp_path: Path) -> None:
    # Frank, who mails his own work home now and then, helps Bob at his desk this week without
    # opening any file there: the two are unrelated, as they are for many ordinary people.
    log = office(9)
    for week_no in range(9):
        log.email(FRANK, at(FIRST_DAY + dt.timedelta(days=7 * week_no + 2), 16), "frank.home@gmail.com",
                  attachments=1)
    day = review_day(1)
    log.logon(FRANK, at(day, 10), pc=pc_of(BOB))
    log.logon(FRANK, at(day, 10, 30), pc=pc_of(BOB), activity="Logoff")
    log.email(FRANK, at(day, 16), "frank.home@gmail.com", attachments=1)
    week = last_week(log, tmp_path / "data", 9)
    assert "foreign_pc_mail" not in week[FRANK]["reasons"], week[FRANK]["reasons"]


def test_mail_received_from_a_personal_address_is_not_counted_as_sent(tmp_path: Path) -> None:
    log = CertLog("r5.2")
    log.routine(7 * 9)
    scenario_4(log)
    # Bob helps Frank at his PC, then receives (and views) mail with attachments from a
    # personal address, also addressed to someone else outside.
    day = review_day(2)
    log.logon(BOB, at(day, 10), pc=pc_of(FRANK))
    log.logon(BOB, at(day, 10, 30), pc=pc_of(FRANK), activity="Logoff")
    for n, activity in enumerate(("Receive", "View", "Receive", "View")):
        log.email(BOB, at(day, 11, n), f"{email_of(BOB)};pal@yahoo.com", attachments=2, activity=activity,
                  sender="old.friend@gmail.com")
    week = last_week(log, tmp_path / "data", 9)
    assert "foreign_pc_mail" in week[ALICE]["reasons"], "the sender of the same kind of mail is flagged"
    for indicator in ("foreign_pc_mail", "email_personal_attach", "email_out_attach"):
        assert indicator not in week[BOB]["reasons"], indicator
    assert week[BOB]["score"] < week[ALICE]["score"]


def test_ordinary_users_are_not_raised(tmp_path: Path) -> None:
    log = CertLog("r5.2")
    log.routine(7 * 9)
    for offset in range(7 * 9):
        day = FIRST_DAY + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        # Erin, the administrator, works on other people's PCs every day and mails nothing out;
        # Frank mails his work home with attachments now and then, from his own PC.
        victim = list(PEOPLE)[offset % 4]
        log.logon(ERIN, at(day, 14), pc=pc_of(victim))
        log.file(ERIN, at(day, 14, 5), "C:\\Program Files\\agent\\setup.log", activity="File Write",
                 to_removable=False, pc=pc_of(victim))
        if offset % 3 == 0:
            log.email(FRANK, at(day, 16), "frank.home@gmail.com", attachments=1)
    # Dave cleans up his thumb drive: deleting files on it is not copying them there.
    for k in range(20):
        log.file(DAVE, at(review_day(1), 13, 40 + k % 20), f"R:\\old\\file{k}.doc", activity="File Delete")
    week = last_week(log, tmp_path / "data", 9)
    for user in PEOPLE:
        assert "foreign_pc_mail" not in week[user]["reasons"], user
    assert "removable_copies" not in week[DAVE]["reasons"], week[DAVE]["reasons"]
    assert week[DAVE]["score"] == 0 and week[ALICE]["score"] == 0 and week[CAROL]["score"] == 0


def test_without_a_history_of_their_own_a_capped_basis_takes_the_peers_alone() -> None:
    import numpy as np

    from shuhi.logreview.zscores import _anomaly

    values = _anomaly(np.array([np.nan, 3.0, 50.0]), np.array([2.25, 12.0, 4.0]), cap=10.0).tolist()
    # No own history: the peers' z alone (the cap once stood in for the missing own z: 4.74).
    assert values[0] == pytest.approx(2.25)
    assert values[1] == pytest.approx((3.0 * 10.0) ** 0.5)
    assert values[2] == pytest.approx((10.0 * 4.0) ** 0.5)


def _team_losses_office(tmp_path: Path, *, layoff: bool) -> dict[str, dict[str, Any]]:
    """Frank, who never used cloud storage, puts files on Dropbox all week; with `layoff`, Bob
    and Carol of his team (all six share a supervisor) left ten days before."""
    log = office(9)
    if layoff:
        last = REVIEW_START - dt.timedelta(days=11)
        for kind, rows in log.rows.items():
            log.rows[kind] = [r for r in rows if r["user"] not in (BOB, CAROL)
                              or dt.datetime.strptime(r["date"], "%m/%d/%Y %H:%M:%S").date() <= last]
        log.leavers[BOB] = log.leavers[CAROL] = dt.date(2010, 3, 1)
    for k in range(5):
        for m in range(4):
            log.http(FRANK, at(review_day(k), 11, 10 + m), f"http://www.dropbox.com/upload/plans{k}{m}.doc")
    return last_week(log, tmp_path / "data", 9)


def test_data_moved_just_after_several_teammates_left_scores_on_top_of_the_move(tmp_path: Path) -> None:
    after = _team_losses_office(tmp_path / "layoff", layoff=True)
    reason = after[FRANK]["reasons"]["after_team_losses"]
    assert reason["count"] >= 20 and reason["weight"] > 3.0  # the uploads and his usual mail
    assert any("dropbox" in (e["destination"] or "") or "dropbox" in (e["object"] or "") for e in reason["examples"])
    usual = _team_losses_office(tmp_path / "usual", layoff=False)
    assert "after_team_losses" not in usual[FRANK]["reasons"]
    assert after[FRANK]["score"] > usual[FRANK]["score"]
    assert after[FRANK]["rank"] == 0, ranking_of(after)
    # Without a floor: the rest of the team, moving data about as usual, get little or nothing.
    others = [after[u]["reasons"].get("after_team_losses", {}).get("weight", 0.0) for u in (ALICE, DAVE, ERIN)]
    assert max(others) < reason["weight"] / 2, others
