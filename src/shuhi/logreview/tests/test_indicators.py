"""Each indicator on a tiny hand-made office: the injected behaviour is flagged, the routine is not."""

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
    FIRST_DAY,
    FRANK,
    PEOPLE,
    REVIEW_END,
    CertLog,
    at,
    email_of,
    make_dataset,
    pc_of,
    review_day,
)


def review_week(
    tmp_path: Path, inject: Any = None, *, version: str = "r4.2", context: Path | None = None
) -> dict[str, dict[str, Any]]:
    """The review week's ranking as user → entry (with `reasons` as indicator → reason)."""
    data = make_dataset(tmp_path / "data", inject, version=version)
    report = run_review(f"cert:{data}", context=context, start=FIRST_DAY, end=REVIEW_END, window="week")
    ranking = report["windows"][-1]["ranking"]
    return {
        e["user"]: {**e, "reasons": {r["indicator"]: r for r in e["reasons"]}, "rank": i}
        for i, e in enumerate(ranking)
    }


def assert_flagged(week: dict[str, dict[str, Any]], user: str, indicator: str) -> dict[str, Any]:
    entry = week[user]
    assert entry["rank"] == 0, (
        f"{user} should rank first, ranking: {[(u, e['score']) for u, e in week.items()]}"
    )
    assert indicator in entry["reasons"], f"{indicator} missing from {list(entry['reasons'])}"
    reason = entry["reasons"][indicator]
    assert reason["count"] > 0 and reason["weight"] > 0
    return reason


def test_it_gives_a_quiet_office_nothing_to_look_at(tmp_path: Path) -> None:
    week = review_week(tmp_path)
    assert set(week) == set(PEOPLE)
    assert all(entry["score"] == 0 for entry in week.values())
    assert list(week) == sorted(PEOPLE), "ties are broken by user id"


def test_it_flags_after_hours_logons_of_a_nine_to_five_worker(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        for day in (1, 2, 3):
            log.logon(ALICE, at(review_day(day), 23))

    reason = assert_flagged(review_week(tmp_path, inject), ALICE, "after_hours")
    assert reason["count"] == 3
    assert reason["examples"][0]["time"].startswith("2010-03-02 23:00")


def test_it_flags_a_logon_to_another_users_dedicated_pc(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.logon(ALICE, at(review_day(2), 12), pc=pc_of(BOB))

    week = review_week(tmp_path, inject)
    reason = assert_flagged(week, ALICE, "foreign_pc")
    assert reason["examples"][0]["host"] == pc_of(BOB)
    assert "foreign_pc" not in week[BOB]["reasons"]


def test_it_flags_a_first_ever_thumb_drive_use(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.device(ALICE, at(review_day(1), 14))

    reason = assert_flagged(review_week(tmp_path, inject), ALICE, "removable_first")
    assert reason["examples"][0]["kind"] == "device"


def test_it_flags_a_surge_in_thumb_drive_use_against_the_users_own_habit(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        for day in range(5):
            for n in range(8):
                log.device(DAVE, at(review_day(day), 14, n))

    week = review_week(tmp_path, inject)
    assert_flagged(week, DAVE, "removable_surge")
    assert "removable_first" not in week[DAVE]["reasons"], "Dave has used drives every day"


def test_it_weights_copies_to_removable_media_by_the_tier_of_the_copied_file(tmp_path: Path) -> None:
    context = tmp_path / "context.yaml"
    context.write_text(
        "locations:\n"
        "  - {name: 設計図面, tier: 極秘, paths: '\\\\fileserver\\design\\*'}\n"
        "  - {name: brochures, tier: public, paths: 'C:\\work\\public'}\n",
        encoding="utf-8",
    )

    def inject(log: CertLog) -> None:
        for n in range(4):
            log.file(CAROL, at(review_day(1), 15, n), f"\\\\fileserver\\design\\engine{n}.dwg")
            log.file(FRANK, at(review_day(1), 15, n), f"C:\\work\\public\\brochure{n}.pdf")

    week = review_week(tmp_path, inject, context=context)
    carol = assert_flagged(week, CAROL, "removable_copies")
    frank = week[FRANK]["reasons"].get("removable_copies", {"weight": 0.0})
    assert carol["count"] == 4
    assert carol["weight"] > frank["weight"], "four public brochures weigh less than four design drawings"
    assert carol["tier_points"] == 32


def test_it_flags_visits_to_cloud_storage(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        for n in range(3):
            log.http(ALICE, at(review_day(2), 15, n), f"http://www.dropbox.com/home/{n}")

    assert_flagged(review_week(tmp_path, inject), ALICE, "cloud_storage")


def test_it_flags_uploads_to_cloud_storage_in_r62_logs(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.http(
            ALICE, at(review_day(2), 15), "https://dl.dropbox.com/upload/plans.zip", activity="WWW Upload"
        )

    assert_flagged(review_week(tmp_path, inject, version="r6.2"), ALICE, "cloud_upload")


def test_it_flags_a_visit_to_a_leak_site(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.http(ALICE, at(review_day(3), 16), "http://wikileaks.org/submit")

    reason = assert_flagged(review_week(tmp_path, inject), ALICE, "leak_site")
    assert reason["examples"][0]["destination"] == "wikileaks.org"


def test_it_flags_job_site_browsing(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        for n in range(6):
            log.http(ALICE, at(review_day(n % 5), 12, n), f"http://www.monster.com/jobs/{n}")

    assert_flagged(review_week(tmp_path, inject), ALICE, "job_site")


def test_it_flags_contact_with_a_competitor_by_mail_and_web(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.email(ALICE, at(review_day(1), 11), "recruiter@lockheedmartin.com")
        log.http(ALICE, at(review_day(2), 11), "http://www.lockheedmartin.com/careers")

    reason = assert_flagged(review_week(tmp_path, inject), ALICE, "competitor")
    assert reason["count"] == 2


def test_it_flags_mail_with_attachments_to_outside(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.email(ALICE, at(review_day(1), 11), "buyer@partner-firm.example", attachments=3)

    week = review_week(tmp_path, inject)
    assert_flagged(week, ALICE, "email_out_attach")
    assert "email_personal_attach" not in week[ALICE]["reasons"]


def test_it_flags_mail_with_attachments_to_a_personal_address(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.email(ALICE, at(review_day(1), 11), "alice.adams.home@gmail.com", attachments=2)

    week = review_week(tmp_path, inject, version="r6.2")
    reason = assert_flagged(week, ALICE, "email_personal_attach")
    assert "gmail.com" in reason["examples"][0]["destination"]
    assert "email_out_attach" not in week[ALICE]["reasons"], "personal mail is its own indicator"


def test_it_flags_mass_mail(tmp_path: Path) -> None:
    everyone = ";".join(f"person{n}@dtaa.com" for n in range(25))

    def inject(log: CertLog) -> None:
        log.email(ALICE, at(review_day(1), 11), everyone)

    assert_flagged(review_week(tmp_path, inject), ALICE, "mass_email")


def test_it_flags_data_movement_in_the_weeks_before_a_known_exit(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.leavers[ALICE] = dt.date(2010, 4, 1)  # absent from the April LDAP snapshot
        for user in (ALICE, BOB):
            for n in range(3):
                log.file(user, at(review_day(2), 15, n), f"C:\\work\\report{n}.doc")

    week = review_week(tmp_path, inject)
    assert_flagged(week, ALICE, "pre_exit")
    assert "pre_exit" not in week[BOB]["reasons"], "Bob is not leaving"
    assert week[ALICE]["score"] > week[BOB]["score"]


def test_it_flags_a_suspicious_download(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.http(ALICE, at(review_day(1), 10), "http://www.best-tools.example/download/KeyLogger.exe")

    assert_flagged(review_week(tmp_path, inject), ALICE, "suspicious_download")


def test_it_flags_collection_followed_by_exfiltration(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.logon(ALICE, at(review_day(1), 12), pc=pc_of(BOB))
        log.email(ALICE, at(review_day(3), 12), "alice.adams.home@gmail.com", attachments=2)

    reason = assert_flagged(review_week(tmp_path, inject), ALICE, "sequence")
    kinds = {e["kind"] for e in reason["examples"]}
    assert kinds == {"logon", "email"}


def test_it_does_not_flag_exfiltration_without_collection_as_a_sequence(tmp_path: Path) -> None:
    def inject(log: CertLog) -> None:
        log.email(ALICE, at(review_day(3), 12), "alice.adams.home@gmail.com", attachments=2)

    week = review_week(tmp_path, inject)
    assert "sequence" not in week[ALICE]["reasons"]


@pytest.mark.parametrize("version", ["r4.2", "r6.2"])
def test_it_explains_every_reason_with_counts_weights_and_examples(tmp_path: Path, version: str) -> None:
    def inject(log: CertLog) -> None:
        log.http(ALICE, at(review_day(3), 16), "http://wikileaks.org/submit")
        log.email(ALICE, at(review_day(3), 17), email_of(BOB), attachments=1)

    week = review_week(tmp_path, inject, version=version)
    entry = week[ALICE]
    assert entry["score"] == pytest.approx(sum(r["weight"] for r in entry["reasons"].values()), abs=1e-3)
    for reason in entry["reasons"].values():
        assert {"indicator", "count", "weight", "z_self", "z_peer", "tier_points", "examples"} <= set(reason)
        assert reason["name_ja"] and reason["name_en"]
