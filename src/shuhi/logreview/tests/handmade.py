"""Tiny hand-made CERT datasets: a quiet office routine plus whatever a test injects.

Six people work weekdays 8:00–17:00 on their own PCs from Monday 2010-01-04 for eight weeks
(the baseline); the ninth week, Monday 2010-03-01 to Sunday 2010-03-07, is the week under review.
DAVE uses a thumb drive every day; ERIN is the system administrator. A test injects events for
the review week and asserts on that week's ranking.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from shuhi.logreview.formats import CERT_BASE_COLUMNS, CERT_R62_EXTRA

FIRST_DAY = dt.date(2010, 1, 4)
REVIEW_START = dt.date(2010, 3, 1)
REVIEW_END = dt.date(2010, 3, 7)
BASELINE_WEEKS = 8

PEOPLE = {
    "ALI0001": ("Alice Adams", "Engineer", "Design", "PC-0001"),
    "BOB0002": ("Bob Brown", "Engineer", "Design", "PC-0002"),
    "CAR0003": ("Carol Clark", "Engineer", "Design", "PC-0003"),
    "DAV0004": ("Dave Davis", "Engineer", "Design", "PC-0004"),
    "ERI0005": ("Erin Evans", "ITAdmin", "IT", "PC-0005"),
    "FRA0006": ("Frank Ford", "Engineer", "Design", "PC-0006"),
}
ALICE, BOB, CAROL, DAVE, ERIN, FRANK = PEOPLE


# CERT r5.2 orders its columns its own way, and its http.csv has no activity column.
R52_COLUMNS = {
    "logon": ["id", "date", "user", "pc", "activity"],
    "device": ["id", "date", "user", "pc", "file_tree", "activity"],
    "file": ["id", "date", "user", "pc", "filename", "activity", "to_removable_media", "from_removable_media",
             "content"],
    "http": ["id", "date", "user", "pc", "url", "content"],
    "email": ["id", "date", "user", "pc", "to", "cc", "bcc", "from", "activity", "size", "attachments", "content"],
}


def pc_of(user: str) -> str:
    return PEOPLE[user][3]


def email_of(user: str) -> str:
    return PEOPLE[user][0].replace(" ", ".") + "@dtaa.com"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def review_day(offset: int) -> dt.date:
    """Monday of the review week plus `offset` days."""
    return REVIEW_START + dt.timedelta(days=offset)


class CertLog:
    """Rows of a CERT dataset (r4.2 or r6.2 column set), written with headers like the original."""

    def __init__(self, version: str = "r4.2") -> None:
        self.version = version
        self.rows: dict[str, list[dict[str, str]]] = {k: [] for k in CERT_BASE_COLUMNS}
        self._ids = itertools.count(1)
        self.leavers: dict[str, dt.date] = {}  # user → first month they are missing from LDAP

    def _add(self, kind: str, user: str, pc: str, when: dt.datetime, **values: str) -> None:
        ident = f"{{H{next(self._ids):03d}-TEST{kind[:2].upper()}-{user}}}"
        row = {"id": ident, "date": when.strftime("%m/%d/%Y %H:%M:%S"), "user": user, "pc": pc, **values}
        self.rows[kind].append(row)

    def logon(self, user: str, when: dt.datetime, pc: str | None = None, activity: str = "Logon") -> None:
        self._add("logon", user, pc or pc_of(user), when, activity=activity)

    def device(self, user: str, when: dt.datetime, activity: str = "Connect", pc: str | None = None) -> None:
        self._add("device", user, pc or pc_of(user), when, activity=activity, file_tree="R:\\;R:\\docs")

    def file(
        self,
        user: str,
        when: dt.datetime,
        filename: str,
        *,
        activity: str = "File Copy",
        to_removable: bool = True,
        pc: str | None = None,
    ) -> None:
        self._add(
            "file",
            user,
            pc or pc_of(user),
            when,
            filename=filename,
            activity=activity,
            to_removable_media=str(to_removable),
            from_removable_media="False",
            content="words here",
        )

    def http(
        self, user: str, when: dt.datetime, url: str, activity: str = "WWW Visit", pc: str | None = None
    ) -> None:
        self._add("http", user, pc or pc_of(user), when, url=url, activity=activity, content="page words")

    def email(
        self,
        user: str,
        when: dt.datetime,
        to: str,
        *,
        cc: str = "",
        bcc: str = "",
        attachments: int = 0,
        activity: str = "Send",
        pc: str | None = None,
        sender: str | None = None,
    ) -> None:
        if self.version == "r4.2":
            attach = str(attachments)
        else:
            attach = ";".join(f"C:\\docs\\file{i}.doc({1000 + i})" for i in range(attachments))
        self._add(
            "email",
            user,
            pc or pc_of(user),
            when,
            to=to,
            cc=cc,
            bcc=bcc,
            **{"from": sender or email_of(user)},
            size=str(20000 + 1000 * attachments),
            attachments=attach,
            activity=activity,
            content="hello",
        )

    def routine(self, days: int) -> None:
        """The quiet office: logon, a little browsing, an internal mail, logoff, every weekday."""
        for offset in range(days):
            day = FIRST_DAY + dt.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for n, user in enumerate(PEOPLE):
                self.logon(user, at(day, 8, n))
                self.http(user, at(day, 9, n), f"http://news.example.com/{offset}/{n}")
                self.http(user, at(day, 11, n), "http://www.intranet.dtaa.com/wiki")
                self.email(user, at(day, 10, n), email_of(list(PEOPLE)[(n + 1) % len(PEOPLE)]))
                if user == DAVE:
                    self.device(user, at(day, 13))
                    self.file(user, at(day, 13, 5), "C:\\work\\public\\brochure.pdf")
                    self.device(user, at(day, 13, 30), activity="Disconnect")
                self.logon(user, at(day, 17, n), activity="Logoff")

    def ordinary(self, days: int, seed: int = 7) -> None:
        """Ordinary variation on top of `routine`, the same every run: some evenings of work,
        now and then mail with attachments to a partner or home, a job or cloud site, and in
        r5.2/r6.2 the files each person opens on their own PC. Dave's thumb-drive copies vary."""
        rng = random.Random(seed)
        for offset in range(days):
            day = FIRST_DAY + dt.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for n, user in enumerate(PEOPLE):
                for k in range(rng.choice((0, 0, 1, 1, 2, 3))):
                    self.http(user, at(day, 19, 10 * k + n), f"http://news.example.com/evening/{offset}/{k}")
                if rng.random() < 0.15:
                    self.email(user, at(day, 14, n), "buyer@partner-firm.example", attachments=1)
                if rng.random() < 0.05:
                    home = PEOPLE[user][0].split()[0].lower() + ".home@gmail.com"
                    self.email(user, at(day, 12, n), home, attachments=1)
                if rng.random() < 0.08:
                    self.http(user, at(day, 12, 30 + n), "http://www.monster.com/jobs/browse")
                if rng.random() < 0.08:
                    self.http(user, at(day, 15, 30 + n), "http://www.dropbox.com/home")
                if self.version != "r4.2":
                    for k in range(rng.randint(1, 4)):
                        self.file(user, at(day, 9, 10 + 5 * k + n), f"C:\\work\\{user}\\notes{k}.doc",
                                  activity="File Open", to_removable=False)
                if user == DAVE:
                    for k in range(rng.randint(0, 2)):
                        self.file(user, at(day, 13, 10 + k), f"C:\\work\\public\\sheet{k}.pdf")

    def columns(self, kind: str) -> list[str]:
        if self.version == "r5.2":
            return list(R52_COLUMNS[kind])
        base = list(CERT_BASE_COLUMNS[kind])
        if self.version == "r4.2":
            return base
        extra = CERT_R62_EXTRA[kind]
        # r6.2 puts `activity` before `to`/`url`-side columns; header order is detected anyway.
        return [*base[:-1], *extra, base[-1]] if base[-1] == "content" else base + extra

    def write(
        self, directory: Path, months: list[str] | None = None, *, before: dt.date | None = None
    ) -> Path:
        """Write every file with its header; with `before`, only the rows before that day."""
        directory.mkdir(parents=True, exist_ok=True)
        for kind in self.rows:
            with (directory / f"{kind}.csv").open("w", newline="", encoding="utf-8") as handle:
                self._writer(handle, kind).writeheader()
                self._writer(handle, kind).writerows(self._rows(kind, None, before))
        self.write_ldap(directory / "LDAP", months or ["2010-01", "2010-02", "2010-03", "2010-04"])
        return directory

    def append(self, directory: Path, since: dt.date) -> int:
        """Append the rows from `since` on to files written with `write(before=since)`."""
        added = 0
        for kind in self.rows:
            rows = self._rows(kind, since, None)
            with (directory / f"{kind}.csv").open("a", newline="", encoding="utf-8") as handle:
                self._writer(handle, kind).writerows(rows)
            added += len(rows)
        return added

    def _writer(self, handle: TextIO, kind: str) -> csv.DictWriter:
        return csv.DictWriter(
            handle, fieldnames=self.columns(kind), extrasaction="ignore", lineterminator="\n"
        )

    def _rows(self, kind: str, since: dt.date | None, before: dt.date | None) -> list[dict[str, str]]:
        rows = sorted(self.rows[kind], key=lambda r: _sort_key(r["date"]))
        return [
            r
            for r in rows
            if (since is None or _sort_key(r["date"]).date() >= since)
            and (before is None or _sort_key(r["date"]).date() < before)
        ]

    def write_ldap(self, directory: Path, months: list[str]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        columns = [
            "employee_name",
            "user_id",
            "email",
            "role",
            "business_unit",
            "functional_unit",
            "department",
            "team",
            "supervisor",
        ]
        if self.version != "r4.2":
            columns.append("projects")
        for month in months:
            first = dt.date.fromisoformat(month + "-01")
            with (directory / f"{month}.csv").open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for user, (name, role, dept, _pc) in PEOPLE.items():
                    if user in self.leavers and first >= self.leavers[user]:
                        continue
                    row = [name, user, email_of(user), role, "1", "Research", dept, "T1", "Erin Evans"]
                    writer.writerow(row + (["Apollo"] if self.version != "r4.2" else []))


def _sort_key(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%m/%d/%Y %H:%M:%S")


def make_dataset(
    directory: Path,
    inject: Callable[[CertLog], None] | None = None,
    *,
    version: str = "r4.2",
    weeks: int = BASELINE_WEEKS + 1,
    ordinary: bool = False,
) -> Path:
    """A dataset with the routine for `weeks` weeks (and with `ordinary`, its everyday
    variation) and the injected events."""
    log = CertLog(version)
    log.routine(7 * weeks)
    if ordinary:
        log.ordinary(7 * weeks)
    if inject is not None:
        inject(log)
    return log.write(directory)
