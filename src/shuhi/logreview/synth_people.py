"""The synthetic workforce: identities, organisation, PCs, working habits and departures.

Every habit is a per-user parameter drawn once, so that each person has a stable baseline the
review engine can learn (and that an injected insider visibly departs from).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import synth_vocab as vocab
from .synth_write import LDAP_HEADER, PSYCHOMETRIC_HEADER, write_small_csv

TEAM_SIZE = 12
NEVER = 10**9  # departure day of people who stay past the end of the data


@dataclass
class Population:
    ids: list[str]
    names: list[str]
    emails: list[str]
    personal_emails: list[str]
    pcs: list[str]  # index u < n_users is user u's dedicated PC; the rest are shared PCs
    role: list[str]
    functional_unit: list[str]
    department: list[str]
    team: list[str]
    supervisor: np.ndarray  # user index, -1 for the president
    is_admin: np.ndarray
    is_manager: np.ndarray
    start_h: np.ndarray  # habitual log-on hour
    dur_h: np.ndarray  # habitual session length in hours
    early: np.ndarray  # after-hours habit: starts before 06:30
    late: np.ndarray  # after-hours habit: works into the late evening
    evening: np.ndarray  # probability of an extra evening session on a workday
    overtime: np.ndarray  # probability of a one-off late session (deadlines), for half the staff
    weekend: np.ndarray  # probability of working a weekend day
    shared_pc: np.ndarray  # probability of a session on a shared PC on a workday
    thumb_rate: np.ndarray  # removable-drive connects per hour of work (0: never uses one)
    thumb_from: np.ndarray  # first day of drive use: late adopters start mid-period, innocently
    files_mu: np.ndarray  # mean files copied per connect
    email_rate: np.ndarray  # e-mails per hour
    http_rate: np.ndarray  # page visits per hour
    job_rate: np.ndarray  # probability of a job-site browsing episode on a workday
    cloud_rate: np.ndarray  # probability of a cloud-storage visit on a workday
    competitor_rate: np.ndarray  # probability of visiting a competitor's site on a workday
    secret_access: np.ndarray  # may copy top-secret project files (rarely) as part of the job
    departure: np.ndarray  # last day index employed; NEVER for stayers
    absent: np.ndarray  # (days, n_users) sickness and vacation
    hunts_jobs_before_leaving: np.ndarray
    mates: np.ndarray  # (n_users, 3) team-mates whose PC the user sometimes sits at to help
    helps: np.ndarray  # probability of a short session on a team-mate's PC on a workday
    leave_reason: dict[int, str] = field(default_factory=dict)
    # Hard negatives (synth_negatives): innocent changes of habit, each with its first and last day.
    night_from: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    surge: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    hunt: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    hard_negatives: list[dict[str, object]] = field(default_factory=list)
    _departments: dict[tuple[str, str], list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        if len(self.night_from) != n:
            self.night_from = np.full(n, NEVER, dtype=np.int64)
            self.surge = np.full((n, 2), -1, dtype=np.int64)
            self.hunt = np.full((n, 2), -1, dtype=np.int64)

    @property
    def n_users(self) -> int:
        return len(self.ids)

    def colleagues_count(self) -> np.ndarray:
        """For each user, how many others share the department (see dept_members)."""
        self.dept_members(0)
        return np.array([len(self._departments[(self.functional_unit[u], self.department[u])]) - 1
                         for u in range(self.n_users)])

    def dept_members(self, user: int) -> list[int]:
        # Grouped once: candidate selection asks for every user, which at 10,000 users made
        # a scan per call quadratic.
        if not self._departments:
            for u in range(self.n_users):
                self._departments.setdefault((self.functional_unit[u], self.department[u]), []).append(u)
        return [u for u in self._departments[(self.functional_unit[user], self.department[user])] if u != user]


def _identities(rng: np.random.Generator, n: int) -> tuple[list[str], list[str], list[str], list[str]]:
    names, ids, emails, personal = [], [], [], []
    taken_ids: set[str] = set()
    taken_names: set[str] = set()
    while len(names) < n:
        first, middle = rng.choice(vocab.FIRST_NAMES, 2, replace=False)
        last = str(rng.choice(vocab.LAST_NAMES))
        name = f"{first} {middle} {last}"
        uid = f"{first[0]}{middle[0]}{last[0]}{int(rng.integers(0, 10000)):04d}"
        if name in taken_names or uid in taken_ids:
            continue
        taken_names.add(name)
        taken_ids.add(uid)
        names.append(name)
        ids.append(uid)
        emails.append(f"{first}.{middle}.{last}@{vocab.COMPANY_DOMAIN}")
        home = vocab.WEBMAIL_ADDRESS_DOMAINS[int(rng.integers(len(vocab.WEBMAIL_ADDRESS_DOMAINS)))]
        personal.append(f"{first}_{last}{int(rng.integers(10, 99))}@{home}".lower())
    return names, ids, emails, personal


def _team_plan(n_users: int) -> list[tuple[str, str, str, str, int]]:
    """Teams (unit, department, team, role, size) of about TEAM_SIZE, departments sized by weight."""
    weights = np.array([row[4] for row in vocab.ORG_TEMPLATE])
    quota = weights / weights.sum() * (n_users - 1)
    counts = np.floor(quota).astype(int)
    for i in np.argsort(-(quota - counts), kind="stable")[: n_users - 1 - counts.sum()]:
        counts[i] += 1
    # A company without two IT administrators under a manager would have no scenario 3.
    while counts[0] < 3:
        counts[0] += 1
        counts[int(np.argmax(counts[1:])) + 1] -= 1
    plan = []
    for (unit, dept, base, role, _), count in zip(vocab.ORG_TEMPLATE, counts, strict=True):
        if count == 0:
            continue
        sizes = [len(part) for part in np.array_split(np.arange(count), max(1, round(count / TEAM_SIZE)))]
        plan += [(unit, dept, f"{k + 1} - {base}", role, size) for k, size in enumerate(sizes)]
    return plan


def _organisation(n_users: int) -> tuple[list[str], list[str], list[str], list[str], np.ndarray]:
    """President, department directors, team managers and members, with their supervisors."""
    unit = ["1 - Administration"] + [""] * (n_users - 1)
    dept, team, role = ["1 - Executive"] + [""] * (n_users - 1), ["1 - Executive"], ["President"]
    team += [""] * (n_users - 1)
    role += [""] * (n_users - 1)
    supervisor = np.full(n_users, -1)
    directors: dict[tuple[str, str], int] = {}
    first = 1
    for t_unit, t_dept, t_team, t_role, size in _team_plan(n_users):
        people = list(range(first, first + size))
        first += size
        for rank, u in enumerate(people):
            unit[u], dept[u], team[u] = t_unit, t_dept, t_team
            role[u] = t_role if rank else "Manager"
            supervisor[u] = people[0] if rank else 0
        if (t_unit, t_dept) not in directors:
            directors[(t_unit, t_dept)] = people[0]
            role[people[0]] = "Director"
        else:
            supervisor[people[0]] = directors[(t_unit, t_dept)]
    return unit, dept, team, role, supervisor


def _habits(rng: np.random.Generator, n: int, days: int, is_admin: np.ndarray) -> dict[str, np.ndarray]:
    def some(share: float) -> np.ndarray:
        return rng.random(n) < share

    early, late = some(0.06), some(0.05)
    late &= ~early
    start_h = np.clip(rng.normal(8.3, 0.7, n), 6.7, 10.5)
    start_h[early] = rng.uniform(5.0, 6.2, early.sum())
    start_h[late] = rng.uniform(12.0, 14.0, late.sum())
    evening = np.where(some(0.05) | (is_admin & some(0.5)), rng.uniform(0.15, 0.5, n), 0.0)
    thumb = some(0.25)
    # Innocent noise for the "first-ever" indicators: some start using drives mid-period.
    adopters = ~thumb & some(0.04)
    return {
        "start_h": start_h, "dur_h": np.clip(rng.normal(8.8, 0.6, n), 7.0, 10.5),
        "early": early, "late": late, "evening": evening,
        "weekend": np.where(some(0.04) | (is_admin & some(0.3)), rng.uniform(0.2, 0.5, n), 0.0),
        "shared_pc": np.where(some(0.12), rng.uniform(0.05, 0.25, n), 0.0),
        # Gamma-distributed rates make thumb-drive use heavy for a few and rare for most.
        "thumb_rate": np.where(thumb | adopters, rng.gamma(0.8, 0.32, n), 0.0),
        "thumb_from": np.where(adopters, rng.integers(days // 5, days, n), 0),
        "overtime": np.where(some(0.5), 0.015, 0.0),
        "helps": np.where(some(0.3), rng.uniform(0.005, 0.03, n), 0.0),
        "files_mu": rng.gamma(2.0, 1.0, n) + 0.3,
        "email_rate": rng.gamma(2.0, 0.48, n),
        "http_rate": rng.gamma(3.0, 3.4, n),
        "job_rate": np.where(some(0.12), rng.uniform(0.02, 0.15, n), 0.0),
        "cloud_rate": np.where(some(0.03), rng.uniform(0.02, 0.08, n), 0.0),
        "competitor_rate": np.zeros(n),
    }


def _absences(rng: np.random.Generator, days: int, n: int) -> np.ndarray:
    absent = rng.random((days, n)) < 0.025
    for u in range(n):
        for _ in range(rng.poisson(2.0 * days / 365)):
            first = int(rng.integers(0, max(1, days - 5)))
            absent[first : first + int(rng.integers(3, 10)), u] = True
    return absent


def _ordinary_departures(rng: np.random.Generator, pop: Population, days: int) -> None:
    """About 6% a year leave for ordinary reasons; most of them job-hunt beforehand."""
    candidates = np.flatnonzero(~pop.is_manager)
    p_leave = 1 - (1 - 0.06) ** (days / 365)
    leavers = candidates[rng.random(len(candidates)) < p_leave]
    if len(leavers) == 0:
        # Small datasets still get one, so that every dataset exercises "left, did nothing wrong".
        leavers = rng.choice(candidates, 1)
    for u in leavers:
        pop.departure[u] = int(rng.integers(min(21, days - 1), days))
        pop.leave_reason[int(u)] = "ordinary"


def _mates(rng: np.random.Generator, dept: list[str], team: list[str]) -> np.ndarray:
    groups: dict[str, list[int]] = {}
    for u, key in enumerate(zip(dept, team, strict=True)):
        groups.setdefault("/".join(key), []).append(u)
    mates = np.zeros((len(dept), 3), dtype=np.int64)
    for members in groups.values():
        for u in members:
            others = [v for v in members if v != u] or [u]
            mates[u] = rng.choice(others, 3)
    return mates


def build_population(rng: np.random.Generator, n_users: int, days: int) -> Population:
    names, ids, emails, personal = _identities(rng, n_users)
    unit, dept, team, role, supervisor = _organisation(n_users)
    is_admin = np.array([r == "ITAdmin" for r in role])
    habits = _habits(rng, n_users, days, is_admin)
    sales = np.array([r in ("Salesman", "MarketingSpecialist", "PurchasingAgent") for r in role])
    habits["competitor_rate"] = np.where(sales & (rng.random(n_users) < 0.3), 0.03, 0.0)
    research = np.array([d in ("1 - Engineering", "2 - Research") for d in dept])
    total_pcs = n_users + max(5, n_users // 10)
    pc_numbers = rng.choice(np.arange(1000, 10000 if total_pcs < 8000 else 100000), total_pcs,
                            replace=False)
    pop = Population(
        ids=ids, names=names, emails=emails, personal_emails=personal,
        pcs=[f"PC-{k:04d}" for k in pc_numbers], role=role, functional_unit=unit,
        department=dept, team=team, supervisor=supervisor, is_admin=is_admin,
        is_manager=np.array([r in ("President", "Director", "Manager") for r in role]),
        secret_access=research & (rng.random(n_users) < 0.2),
        departure=np.full(n_users, NEVER), absent=_absences(rng, days, n_users),
        hunts_jobs_before_leaving=rng.random(n_users) < 0.6, mates=_mates(rng, dept, team), **habits,
    )
    _ordinary_departures(rng, pop, days)
    return pop


def month_starts(start: np.datetime64, days: int) -> list[np.datetime64]:
    first = start.astype("datetime64[M]")
    last = (start + days - 1).astype("datetime64[M]")
    return [first + k for k in range(int((last - first).astype(int)) + 1)]


def write_ldap(out_dir: Path, pop: Population, start: np.datetime64, days: int) -> None:
    """One snapshot per month listing those still employed on the month's first day."""
    for month in month_starts(start, days):
        month_start_day = int((month.astype("datetime64[D]") - start).astype(int))
        rows = []
        for u in range(pop.n_users):
            if pop.departure[u] < month_start_day:
                continue  # left before this month: gone from this snapshot and every later one
            boss = pop.names[pop.supervisor[u]] if pop.supervisor[u] >= 0 else ""
            rows.append((pop.names[u], pop.ids[u], pop.emails[u], pop.role[u], 1,
                         pop.functional_unit[u], pop.department[u], pop.team[u], boss))
        write_small_csv(out_dir / "LDAP" / f"{month}.csv", LDAP_HEADER, rows)


def write_psychometric(out_dir: Path, pop: Population, rng: np.random.Generator,
                       neurotic: set[int]) -> None:
    scores = rng.integers(10, 51, size=(pop.n_users, 5))
    for u in neurotic:
        scores[u, 4] = rng.integers(40, 51)  # the layoff-fearful insider scores high on N
    rows = [(pop.names[u], pop.ids[u], *scores[u].tolist()) for u in range(pop.n_users)]
    write_small_csv(out_dir / "psychometric.csv", PSYCHOMETRIC_HEADER, rows)
