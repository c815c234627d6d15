"""Ordinary behaviour, one calendar day at a time, vectorised over the whole workforce.

A day is first laid out as sessions (who sits at which PC from when to when); every other
event is then drawn inside a session at a per-user rate, so web visits never happen while the
user is logged off and an after-hours worker's e-mail shows up after hours too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .synth_people import Population
from .synth_pools import (
    CONTENTS_PER_EXT,
    PATHS_PER_DOMAIN,
    PERSONAL_FILES,
    RECIPIENT_LISTS,
    SHARE_FILES,
    Pools,
)
from .synth_write import format_dates, random_ids, take

HOLIDAYS = {(1, 1), (5, 31), (7, 4), (9, 6), (11, 25), (12, 24), (12, 25), (12, 31)}
LAST_SECOND = 86400 - 61  # sessions are cut before midnight so each day's rows stay in order


def is_workday(date: np.datetime64) -> bool:
    weekday = int((date.astype("datetime64[D]").astype(np.int64) - 4) % 7)  # 1970-01-05 was a Monday
    month_day = (int(str(date)[5:7]), int(str(date)[8:10]))
    return weekday < 5 and month_day not in HOLIDAYS


@dataclass
class Sessions:
    user: np.ndarray
    pc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    weight: np.ndarray  # how much of the user's ordinary activity happens in this session

    @staticmethod
    def concat(parts: list[Sessions]) -> Sessions:
        return Sessions(*(np.concatenate([getattr(p, f) for p in parts]).astype(t) for f, t in
                          (("user", np.int64), ("pc", np.int64), ("start", np.int64),
                           ("end", np.int64), ("weight", np.float64))))


def _make(day0: int, users: np.ndarray, pcs: np.ndarray, start_h: np.ndarray, dur_h: np.ndarray,
          weight: float) -> Sessions:
    start = day0 + np.clip(start_h * 3600, 0, LAST_SECOND - 600).astype(np.int64)
    end = np.minimum(start + np.maximum(dur_h * 3600, 300).astype(np.int64), day0 + LAST_SECOND)
    return Sessions(users, pcs, start, end, np.full(len(users), weight))


def _workday_sessions(rng: np.random.Generator, pop: Population, day0: int, active: np.ndarray) -> Sessions:
    users = np.flatnonzero(active)
    n = len(users)
    start_h = pop.start_h[users] + rng.normal(0, 0.25, n)
    dur_h = pop.dur_h[users] + rng.normal(0, 0.4, n)
    # A fifth of the days have a lunch break with a log-off, giving two sessions.
    split = rng.random(n) < 0.2
    first = np.where(split, rng.uniform(3.0, 5.0, n), dur_h)
    gap = rng.uniform(0.3, 1.0, n)
    parts = [_make(day0, users, users, start_h, first, 1.0),
             _make(day0, users[split], users[split], (start_h + first + gap)[split],
                   (dur_h - first - gap)[split], 1.0)]
    evening = rng.random(n) < pop.evening[users] + pop.overtime[users]
    parts.append(_make(day0, users[evening], users[evening], rng.uniform(19.5, 22.5, evening.sum()),
                       rng.uniform(0.5, 2.0, evening.sum()), 1.0))
    shared = rng.random(n) < pop.shared_pc[users]
    shared_pcs = rng.integers(pop.n_users, len(pop.pcs), shared.sum())
    parts.append(_make(day0, users[shared], shared_pcs, rng.uniform(9.5, 16.0, shared.sum()),
                       rng.uniform(0.5, 2.0, shared.sum()), 0.3))
    helping = rng.random(n) < pop.helps[users]
    mates = pop.mates[users[helping], rng.integers(0, 3, helping.sum())]
    parts.append(_make(day0, users[helping], mates, rng.uniform(9.0, 17.0, helping.sum()),
                       rng.uniform(0.1, 0.5, helping.sum()), 0.05))
    parts.append(_admin_sessions(rng, pop, day0, users))
    return Sessions.concat(parts)


def _admin_sessions(rng: np.random.Generator, pop: Population, day0: int, users: np.ndarray) -> Sessions:
    """Administrators log on to many PCs, other people's included, for short maintenance visits."""
    admins = users[pop.is_admin[users]]
    visits = np.repeat(admins, rng.poisson(4.0, len(admins)))
    pcs = rng.integers(0, len(pop.pcs), len(visits))
    return _make(day0, visits, pcs, rng.uniform(8.0, 18.0, len(visits)),
                 rng.uniform(0.08, 0.6, len(visits)), 0.05)


def day_sessions(rng: np.random.Generator, pop: Population, day: int, day0: int, workday: bool) -> Sessions:
    active = (pop.departure >= day) & ~pop.absent[day]
    if workday:
        return _workday_sessions(rng, pop, day0, active)
    users = np.flatnonzero(active & (rng.random(pop.n_users) < pop.weekend))
    return _make(day0, users, users, rng.uniform(9.0, 14.0, len(users)),
                 rng.uniform(1.5, 5.0, len(users)), 1.0)


def spread(rng: np.random.Generator, s: Sessions, rate_per_hour: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Poisson events inside sessions: (session index, time) of each, at `rate_per_hour[session]`."""
    hours = (s.end - s.start) / 3600.0
    counts = rng.poisson(np.maximum(rate_per_hour * hours * s.weight, 0))
    index = np.repeat(np.arange(len(s.user)), counts)
    times = s.start[index] + (rng.random(len(index)) * (s.end - s.start)[index]).astype(np.int64)
    return index, times


def base_columns(rng: np.random.Generator, pools: Pools, t: np.ndarray, users: np.ndarray,
                 pcs: np.ndarray) -> dict[str, pa.Array]:
    return {"_t": pa.array(t, pa.int64()), "id": random_ids(rng, len(t)), "date": format_dates(t),
            "user": take(pools.users, users), "pc": take(pools.pcs, pcs)}


def logon_table(rng: np.random.Generator, pools: Pools, s: Sessions) -> pa.Table:
    keep_off = rng.random(len(s.user)) > 0.02  # CERT logs miss a few log-offs
    t = np.concatenate([s.start, s.end[keep_off]])
    users = np.concatenate([s.user, s.user[keep_off]])
    pcs = np.concatenate([s.pc, s.pc[keep_off]])
    activity = np.array(["Logon"] * len(s.user) + ["Logoff"] * int(keep_off.sum()))
    return pa.table({**base_columns(rng, pools, t, users, pcs), "activity": pa.array(activity)})


def device_and_file_tables(rng: np.random.Generator, pop: Population, pools: Pools,
                           s: Sessions, day: int) -> tuple[pa.Table, pa.Table]:
    # A per-session gamma factor makes the counts negative-binomial: bursty, as real use is.
    burst = rng.gamma(0.5, 2.0, len(s.user))
    started = pop.thumb_from[s.user] <= day
    index, t_on = spread(rng, s, pop.thumb_rate[s.user] * burst * started)
    users, pcs = s.user[index], s.pc[index]
    span = np.minimum(rng.exponential(900, len(index)).astype(np.int64) + 30, s.end[index] - t_on)
    span = np.maximum(span, 1)
    t_off = t_on + span
    device = pa.table({**base_columns(rng, pools, np.concatenate([t_on, t_off]), np.tile(users, 2),
                                      np.tile(pcs, 2)),
                       "activity": pa.array(["Connect"] * len(index) + ["Disconnect"] * len(index))})
    n_files = rng.poisson(pop.files_mu[users])
    connect = np.repeat(np.arange(len(index)), n_files)
    t_file = t_on[connect] + (rng.random(len(connect)) * span[connect]).astype(np.int64)
    file_index = _background_files(rng, pop, pools, users[connect])
    content = pools.file_ext[file_index] * CONTENTS_PER_EXT + rng.integers(0, CONTENTS_PER_EXT, len(connect))
    files = pa.table({**base_columns(rng, pools, t_file, users[connect], pcs[connect]),
                      "filename": take(pools.files, file_index),
                      "content": take(pools.file_contents, content)})
    return device, files


def _background_files(rng: np.random.Generator, pop: Population, pools: Pools,
                      users: np.ndarray) -> np.ndarray:
    """Mostly the user's own documents and the department share; top-secret only with access."""
    n = len(users)
    kind = rng.random(n)
    index = pools.personal_base[users] + rng.integers(0, PERSONAL_FILES, n)
    share = (kind > 0.6) & (kind <= 0.9)
    index[share] = pools.share_base[users[share]] + rng.integers(0, SHARE_FILES, share.sum())
    conf = kind > 0.9
    index[conf] = pools.confidential_base[users[conf]] + rng.integers(0, SHARE_FILES // 2, conf.sum())
    secret = pop.secret_access[users] & (rng.random(n) < 0.03)
    index[secret] = pools.secret_base + rng.integers(0, pools.n_secret, secret.sum())
    return index


def email_table(rng: np.random.Generator, pop: Population, pools: Pools, s: Sessions) -> pa.Table:
    index, t = spread(rng, s, pop.email_rate[s.user])
    users = s.user[index]
    n = len(index)
    pick = users * RECIPIENT_LISTS + rng.integers(0, RECIPIENT_LISTS, n)
    attachments = np.where(rng.random(n) < 0.25, rng.integers(1, 4, n), 0)
    size = rng.lognormal(9.8, 0.6, n) + attachments * rng.lognormal(11.5, 1.0, n)
    return pa.table({
        **base_columns(rng, pools, t, users, s.pc[index]),
        "to": take(pools.to_lists, pick), "cc": take(pools.cc_lists, pick),
        "bcc": take(pools.bcc_lists, pick), "from": take(pools.from_addr, users),
        "size": pa.array(size.astype(np.int64)), "attachments": pa.array(attachments.astype(np.int64)),
        "content": take(pools.mail_contents, rng.integers(0, len(pools.mail_contents), n)),
    })


def _episodes(rng: np.random.Generator, s: Sessions, prob: np.ndarray, group: str, pools: Pools,
              mean_visits: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occasional bursts of visits to one group of sites (job hunting, cloud storage, ...)."""
    primary = s.weight >= 1.0
    hit = primary & (rng.random(len(s.user)) < prob)
    sessions = np.repeat(np.flatnonzero(hit), rng.poisson(mean_visits, hit.sum()) + 1)
    t = s.start[sessions] + (rng.random(len(sessions)) * (s.end - s.start)[sessions]).astype(np.int64)
    domain = pools.domain_start[group] + rng.integers(0, pools.domain_count[group], len(sessions))
    return sessions, t, domain


def http_table(rng: np.random.Generator, pop: Population, pools: Pools, s: Sessions, day: int) -> pa.Table:
    burst = rng.gamma(4.0, 0.25, len(s.user))
    index, t = spread(rng, s, pop.http_rate[s.user] * burst)
    n = len(index)
    fav = pop.fav_domains[s.user[index], rng.integers(0, pop.fav_domains.shape[1], n)]
    domain = np.where(rng.random(n) < 0.85, fav, rng.choice(len(pools.zipf_p), n, p=pools.zipf_p))
    # Per session the two lunch-split halves both qualify; the chance is per session, not per day.
    to_leave = pop.departure[s.user] - day
    hunting = pop.hunts_jobs_before_leaving[s.user] & (to_leave >= 0) & (to_leave < 45)
    job_p = np.where(hunting, 0.35, pop.job_rate[s.user])
    parts = [(index, t, domain),
             _episodes(rng, s, job_p, "job", pools, 5.0),
             _episodes(rng, s, pop.cloud_rate[s.user], "cloud", pools, 1.0),
             _episodes(rng, s, pop.competitor_rate[s.user], "competitor", pools, 1.0),
             _episodes(rng, s, np.where(pop.is_admin[s.user], 0.2, 0.0), "security", pools, 2.0)]
    index = np.concatenate([p[0] for p in parts])
    t = np.concatenate([p[1] for p in parts])
    url = np.concatenate([p[2] for p in parts]) * PATHS_PER_DOMAIN \
        + rng.integers(0, PATHS_PER_DOMAIN, len(index))
    return pa.table({**base_columns(rng, pools, t, s.user[index], s.pc[index]),
                     "url": take(pools.urls, url), "content": take(pools.url_contents, url)})


def background_day(rng: np.random.Generator, pop: Population, pools: Pools, day: int, day0: int,
                   workday: bool) -> dict[str, pa.Table]:
    s = day_sessions(rng, pop, day, day0, workday)
    device, files = device_and_file_tables(rng, pop, pools, s, day)
    return {"logon": logon_table(rng, pools, s), "device": device, "file": files,
            "http": http_table(rng, pop, pools, s, day), "email": email_table(rng, pop, pools, s)}
