"""Injected insiders: the five public CERT scenarios plus a top-secret copy before exit.

Insiders are chosen and their events planned before any background is generated, so that
their departures (and the layoff of scenario 5) shape the background and LDAP snapshots, and
so that each malicious row's id is known for the answer key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from . import synth_vocab as vocab
from .synth_background import is_workday
from .synth_people import Population
from .synth_pools import SECRET_FILES, Pools, words
from .synth_write import HEADERS_R52, format_date_one, format_dates, headers, random_ids

SCENARIOS = {
    1: "after-hours logons, removable drive and uploads to a leak site, then leaves",
    2: "job-site surfing and competitor contact, then thumb-drive theft before leaving",
    3: "administrator plants a keylogger on the supervisor's PC and mass-mails as the supervisor",
    4: "logs on to a colleague's PC and e-mails files to a personal address, increasingly often",
    5: "member of a group hit by layoffs uploads documents to cloud storage",
    6: "departing employee copies top-secret folders to removable media before exit",
}
INT_COLUMNS = {"size", "attachments"}
# Values of the r5.2-only columns when a scenario does not say otherwise; r4.2 output drops them.
R52_DEFAULTS = {
    "device": {"file_tree": ""},
    "file": {"activity": "File Copy", "to_removable_media": "True", "from_removable_media": "False"},
    "email": {"activity": "Send"},
}


@dataclass
class Injector:
    rng: np.random.Generator
    pop: Population
    pools: Pools
    start: np.datetime64
    day0: int  # seconds since 1970 at 00:00 of day 0
    days: int
    rows: dict[int, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    current: list[dict[str, str]] = field(default_factory=list)
    # Full malicious rows per insider, for CERT's per-insider answer files.
    rows_of: dict[str, list[str]] = field(default_factory=dict)
    current_user: str = ""
    protected: set[int] = field(default_factory=set)  # insiders and victims: never laid off
    fmt: str = "r4.2"
    params: dict[str, Any] = field(default_factory=dict)  # scenario parameters (variant shares)

    def workdays(self, lo: int, hi: int) -> list[int]:
        return [d for d in range(max(0, lo), min(self.days - 1, hi) + 1)
                if is_workday(self.start + d)]

    def last_workday(self, day: int) -> int:
        while day > 0 and not is_workday(self.start + day):
            day -= 1
        return day

    def at(self, day: int, hour: float) -> int:
        return self.day0 + day * 86400 + int(hour * 3600)

    def work_time(self, day: int, user: int) -> int:
        """A moment inside the user's habitual working hours that day."""
        hour = self.pop.start_h[user] + self.rng.uniform(0.8, max(1.0, self.pop.dur_h[user] - 0.8))
        return self.at(day, min(hour, 23.0))

    def emit(self, file: str, t: int, user: int, pc: int, **cols: Any) -> None:
        day = (t - self.day0) // 86400
        self.pop.absent[day, user] = False  # a person acting on a day is at work that day
        event_id = str(random_ids(self.rng, 1)[0])
        row = {"_t": t, "id": event_id, "user": self.pop.ids[user], "pc": self.pop.pcs[pc],
               **R52_DEFAULTS.get(file, {}), **cols}
        self.rows.setdefault(day, {}).setdefault(file, []).append(row)
        date = format_date_one(t)
        self.current.append({"file": file, "id": event_id, "date": date})
        cells = [file, event_id, date] + [str(row[c]) for c in headers(self.fmt)[file][2:]]
        self.rows_of.setdefault(self.current_user, []).append(",".join(cells))

    def session(self, day: int, user: int, pc: int, hour: float, minutes: float) -> tuple[int, int]:
        t_on = self.at(day, hour)
        t_off = t_on + int(minutes * 60)
        self.emit("logon", t_on, user, pc, activity="Logon")
        self.emit("logon", t_off, user, pc, activity="Logoff")
        return t_on, t_off

    def thumb_copy(self, t: int, user: int, pc: int, paths: list[str]) -> int:
        self.emit("device", t, user, pc, activity="Connect", file_tree="E:\\;E:\\backup")
        for path in paths:
            t += int(self.rng.integers(5, 60))
            self.emit("file", t, user, pc, filename=path, content=self.file_content(path))
        t += int(self.rng.integers(30, 300))
        self.emit("device", t, user, pc, activity="Disconnect")
        return t

    def file_content(self, path: str) -> str:
        ext = path.rsplit(".", 1)[-1]
        magic = dict(vocab.FILE_EXTENSIONS).get(ext, "50-4B-03-04")
        return f"{magic} {words(self.rng, vocab.TOPIC_WORDS, 4, 10)}"

    def open_files(self, t: int, user: int, pc: int, paths: list[str]) -> int:
        """Files opened on a PC (r5.2 only: in r4.2 every file.csv row is a copy to a drive)."""
        if self.fmt == "r4.2":
            return t
        for path in paths:
            t += int(self.rng.integers(10, 90))
            self.emit("file", t, user, pc, filename=path, content=self.file_content(path),
                      activity="File Open", to_removable_media="False")
        return t

    def visit(self, t: int, user: int, pc: int, url: str, content: str) -> None:
        self.emit("http", t, user, pc, url=url, content=content)

    def mail(self, t: int, user: int, pc: int, to: str, attachments: int, content: str,
             sender: str | None = None) -> None:
        size = int(self.rng.lognormal(10.0, 0.8))  # CERT: the size leaves attachments out
        self.emit("email", t, user, pc, to=to, cc="", bcc="", **{"from": sender or self.pop.emails[user]},
                  size=size, attachments=attachments, content=content)

    def files_of(self, user: int, n: int) -> list[str]:
        """Documents an employee can reach: own, department share and confidential share."""
        p = self.pools
        choices = np.concatenate([p.personal_base[user] + np.arange(12), p.share_base[user] + np.arange(40),
                                  p.confidential_base[user] + np.arange(20)])
        return [p.files[int(i)].as_py() for i in self.rng.choice(choices, n)]

    def secret_files(self, n: int) -> list[str]:
        """Whole top-secret folders: one or two projects, copied file by file."""
        projects = self.rng.choice(len(vocab.SECRET_PROJECTS), int(self.rng.integers(1, 3)), replace=False)
        choices = np.concatenate([self.pools.secret_base + k * SECRET_FILES + np.arange(SECRET_FILES)
                                  for k in projects])
        return [self.pools.files[int(i)].as_py() for i in self.rng.choice(choices, n)]

    def url(self, domain: str, section: str, name: str) -> str:
        token = "".join(self.rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 8))
        return f"http://{domain}/{section}/{name}{token}.php"

    def depart(self, user: int, day: int, reason: str) -> int:
        day = min(day, self.days - 2)
        self.pop.departure[user] = day
        self.pop.leave_reason[user] = reason
        return day

    def tables(self, day: int) -> dict[str, pa.Table]:
        return {name: injected_table(name, rows) for name, rows in self.rows.get(day, {}).items()}


def injected_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    cols: dict[str, Any] = {"_t": pa.array([r["_t"] for r in rows], pa.int64())}
    cols["date"] = format_dates(np.array([r["_t"] for r in rows], dtype=np.int64))
    for column in HEADERS_R52[name]:
        if column == "date":
            continue
        kind = pa.int64() if column in INT_COLUMNS else pa.string()
        cols[column] = pa.array([r[column] for r in rows], kind)
    return pa.table(cols)
