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
    INCOMING_SENDERS,
    PERSONAL_FILES,
    RECIPIENT_LISTS,
    SHARE_FILES,
    Pools,
)
from .synth_web import PATHS_PER_DOMAIN, draw, with_queries
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


def _workday_sessions(rng: np.random.Generator, pop: Population, day: int, day0: int,
                      active: np.ndarray) -> Sessions:
    users = np.flatnonzero(active)
    n = len(users)
    start_h = pop.start_h[users] + rng.normal(0, 0.25, n)
    dur_h = pop.dur_h[users] + rng.normal(0, 0.4, n)
    # New night workers (hard negatives) move to an evening shift for good on their first night.
    night = pop.night_from[users] <= day
    start_h[night] = rng.normal(15.2, 0.3, int(night.sum()))
    dur_h[night] = rng.normal(7.8, 0.3, int(night.sum()))
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
        return _workday_sessions(rng, pop, day, day0, active)
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


def _in_window(window: np.ndarray, day: int) -> np.ndarray:
    return (window[:, 0] <= day) & (day <= window[:, 1])


def device_and_file_tables(rng: np.random.Generator, pop: Population, pools: Pools,
                           s: Sessions, day: int, fmt: str) -> tuple[pa.Table, pa.Table]:
    # A per-session gamma factor makes the counts negative-binomial: bursty, as real use is.
    burst = rng.gamma(0.5, 2.0, len(s.user))
    started = pop.thumb_from[s.user] <= day
    # Benign surges (hard negatives): a project delivery or an archive clean-up, several times
    # the person's usual drive use for a week or two; a first-time user gets a drive for it.
    surging = _in_window(pop.surge, day)[s.user] & (s.weight >= 1.0)
    rate = np.where(surging, np.maximum(pop.thumb_rate[s.user], 0.15) * 6.0,
                    pop.thumb_rate[s.user] * started)
    index, t_on = spread(rng, s, rate * burst)
    users, pcs = s.user[index], s.pc[index]
    span = np.minimum(rng.exponential(900, len(index)).astype(np.int64) + 30, s.end[index] - t_on)
    span = np.maximum(span, 1)
    t_off = t_on + span
    n = len(index)
    # CERT: "some connect events may be missing disconnect events" (the PC was powered down).
    kept_off = rng.random(n) > 0.02
    tree = take(pools.removable_trees, rng.integers(0, len(pools.removable_trees), n)).to_numpy(zero_copy_only=False)
    device = pa.table({**base_columns(rng, pools, np.concatenate([t_on, t_off[kept_off]]),
                                      np.concatenate([users, users[kept_off]]),
                                      np.concatenate([pcs, pcs[kept_off]])),
                       "activity": pa.array(["Connect"] * n + ["Disconnect"] * int(kept_off.sum())),
                       "file_tree": pa.array(np.concatenate([tree, np.full(int(kept_off.sum()), "")]).tolist(),
                                             pa.string())})
    n_files = rng.poisson(pop.files_mu[users] * np.where(surging[index], 2.0, 1.0))
    connect = np.repeat(np.arange(n), n_files)
    t_file = t_on[connect] + (rng.random(len(connect)) * span[connect]).astype(np.int64)
    file_index = _background_files(rng, pop, pools, users[connect])
    copies = {"t": t_file, "users": users[connect], "pcs": pcs[connect], "file": file_index}
    if fmt == "r4.2":
        return device, _file_table(rng, pools, copies, np.full(len(connect), "File Copy"),
                                   np.ones(len(connect), bool), np.zeros(len(connect), bool))
    # r5.2: a fifth of the drive's rows are files opened from it; ordinary work adds file opens
    # and writes on the PC itself, which are not copies (CERT r5.2's file.csv "activity").
    from_drive = rng.random(len(connect)) < 0.2
    local = _local_file_activity(rng, pop, pools, s)
    activity = np.where(from_drive, "File Open", np.where(rng.random(len(connect)) < 0.8, "File Copy", "File Write"))
    both = {k: np.concatenate([copies[k], local[k]]) for k in copies}
    nl = len(local["t"])
    local_activity = np.array(["File Open", "File Write", "File Copy", "File Delete"])[
        np.searchsorted([0.7, 0.9, 0.96], rng.random(nl), side="right")]
    return device, _file_table(rng, pools, both, np.concatenate([activity, local_activity]),
                               np.concatenate([~from_drive, np.zeros(nl, bool)]),
                               np.concatenate([from_drive, np.zeros(nl, bool)]))


def _local_file_activity(rng: np.random.Generator, pop: Population, pools: Pools,
                         s: Sessions) -> dict[str, np.ndarray]:
    index, t = spread(rng, s, np.full(len(s.user), 0.6))
    users = s.user[index]
    return {"t": t, "users": users, "pcs": s.pc[index], "file": _background_files(rng, pop, pools, users)}


def _file_table(rng: np.random.Generator, pools: Pools, rows: dict[str, np.ndarray], activity: np.ndarray,
                to_drive: np.ndarray, from_drive: np.ndarray) -> pa.Table:
    n = len(rows["t"])
    content = pools.file_ext[rows["file"]] * CONTENTS_PER_EXT + rng.integers(0, CONTENTS_PER_EXT, n)
    flag = np.array(["False", "True"])
    return pa.table({**base_columns(rng, pools, rows["t"], rows["users"], rows["pcs"]),
                     "filename": take(pools.files, rows["file"]), "activity": pa.array(activity.astype(str)),
                     "to_removable_media": pa.array(flag[to_drive.astype(int)]),
                     "from_removable_media": pa.array(flag[from_drive.astype(int)]),
                     "content": take(pools.file_contents, content)})


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


def _attachments(rng: np.random.Generator, n: int) -> np.ndarray:
    """Most mail has none; the rest one, often two, rarely many (a geometric tail)."""
    return np.where(rng.random(n) < 0.22, np.minimum(rng.geometric(0.55, n), 12), 0)


def email_table(rng: np.random.Generator, pop: Population, pools: Pools, s: Sessions, fmt: str) -> pa.Table:
    index, t = spread(rng, s, pop.email_rate[s.user])
    users = s.user[index]
    n = len(index)
    pick = users * RECIPIENT_LISTS + np.minimum(
        rng.zipf(1.6, n) - 1, RECIPIENT_LISTS - 1)  # a few habitual lists take most of the mail
    # CERT r4.2: "email size and attachment count are not correlated"; size excludes attachments.
    sent = {
        **base_columns(rng, pools, t, users, s.pc[index]),
        "to": take(pools.to_lists, pick), "cc": take(pools.cc_lists, pick),
        "bcc": take(pools.bcc_lists, pick), "from": take(pools.from_addr, users),
        "activity": pa.array(np.full(n, "Send")),
        "size": pa.array(rng.lognormal(10.0, 0.8, n).astype(np.int64)),
        "attachments": pa.array(_attachments(rng, n).astype(np.int64)),
        "content": take(pools.mail_contents, rng.integers(0, len(pools.mail_contents), n)),
    }
    table = pa.table(sent)
    if fmt == "r4.2":
        return table
    # r5.2 also logs mail as it arrives: the user is the reader, `from` someone who writes to them.
    index, t = spread(rng, s, pop.email_rate[s.user] * 1.2)
    users = s.user[index]
    m = len(index)
    received = pa.table({
        **base_columns(rng, pools, t, users, s.pc[index]),
        "to": take(pools.from_addr, users), "cc": pa.array(np.full(m, "")), "bcc": pa.array(np.full(m, "")),
        "from": take(pools.incoming, users * INCOMING_SENDERS + rng.integers(0, INCOMING_SENDERS, m)),
        "activity": pa.array(np.full(m, "Receive")),
        "size": pa.array(rng.lognormal(10.0, 0.8, m).astype(np.int64)),
        "attachments": pa.array(_attachments(rng, m).astype(np.int64)),
        "content": take(pools.mail_contents, rng.integers(0, len(pools.mail_contents), m)),
    })
    return pa.concat_tables([table, received])


def _episodes(rng: np.random.Generator, s: Sessions, prob: np.ndarray, group: str, pools: Pools,
              mean_visits: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Occasional bursts of visits to one group of sites (job hunting, cloud storage, ...)."""
    primary = s.weight >= 1.0
    hit = primary & (rng.random(len(s.user)) < prob)
    sessions = np.repeat(np.flatnonzero(hit), rng.poisson(mean_visits, hit.sum()) + 1)
    t = s.start[sessions] + (rng.random(len(sessions)) * (s.end - s.start)[sessions]).astype(np.int64)
    domain = pools.domain_start[group] + rng.integers(0, pools.domain_count[group], len(sessions))
    path = rng.integers(0, PATHS_PER_DOMAIN, len(sessions))
    return sessions, t, domain, path


# A visit's page carries a query string or session id in most cases (proxy logs); almost half
# of the visits repeat a URL already requested in the same session (reloads, back buttons,
# frames). Together: a median of about half of a user's day distinct, as in the public sample
# of CERT r4.2, and about half of all URLs distinct over the period.
QUERY_SHARE = 0.85
REPEAT_SHARE = 0.47


def repeat_sources(rng: np.random.Generator, session: np.ndarray, share: float) -> np.ndarray:
    """For each visit the visit whose URL it shows: itself, or an earlier one of its session.

    `session` must be sorted (visits grouped by session). Chains of repeats are resolved by
    pointer jumping, so the cost stays vectorised whatever their length.
    """
    n = len(session)
    first = np.searchsorted(session, session, side="left")
    position = np.arange(n) - first
    again = (rng.random(n) < share) & (position > 0)
    source = np.where(again, first + (rng.random(n) * position).astype(np.int64), np.arange(n))
    while True:
        jumped = source[source]
        if np.array_equal(jumped, source):
            return source
        source = jumped


def http_table(rng: np.random.Generator, pop: Population, pools: Pools, s: Sessions, day: int) -> pa.Table:
    web = pools.web
    burst = rng.gamma(4.0, 0.25, len(s.user))
    index, t = spread(rng, s, pop.http_rate[s.user] * burst)
    n = len(index)
    fav = pools.fav_domains[s.user[index], draw(rng, pools.fav_cdf, n)]
    # Now and then a site off the favourites list, by popularity: the long tail of the web.
    other = web.popular_order[draw(rng, web.popular_cdf, n)]
    domain = np.where(rng.random(n) < 0.8, fav, other)
    path = draw(rng, web.path_cdf, n)
    # Per session the two lunch-split halves both qualify; the chance is per session, not per day.
    to_leave = pop.departure[s.user] - day
    hunting = (pop.hunts_jobs_before_leaving[s.user] & (to_leave >= 0) & (to_leave < 45)) \
        | _in_window(pop.hunt, day)[s.user]
    job_p = np.where(hunting, 0.35, pop.job_rate[s.user])
    parts = [(index, t, domain, path),
             _episodes(rng, s, job_p, "job", pools, 5.0),
             _episodes(rng, s, pop.cloud_rate[s.user], "cloud", pools, 1.0),
             _episodes(rng, s, pop.competitor_rate[s.user], "competitor", pools, 1.0),
             _episodes(rng, s, np.where(pop.is_admin[s.user], 0.2, 0.0), "security", pools, 2.0)]
    source = np.concatenate([repeat_sources(rng, index, REPEAT_SHARE),
                             np.arange(n, n + sum(len(p[0]) for p in parts[1:]))])
    index, t, domain, path = (np.concatenate([p[k] for p in parts]) for k in range(4))
    url = domain * PATHS_PER_DOMAIN + path
    urls = with_queries(rng, web, take(web.urls, url), rng.random(len(url)) < QUERY_SHARE)
    return pa.table({**base_columns(rng, pools, t, s.user[index], s.pc[index]),
                     "url": urls.take(pa.array(source)), "content": take(web.url_contents, url[source])})


def background_day(rng: np.random.Generator, pop: Population, pools: Pools, day: int, day0: int,
                   workday: bool, fmt: str = "r4.2") -> dict[str, pa.Table]:
    s = day_sessions(rng, pop, day, day0, workday)
    device, files = device_and_file_tables(rng, pop, pools, s, day, fmt)
    return {"logon": logon_table(rng, pools, s), "device": device, "file": files,
            "http": http_table(rng, pop, pools, s, day), "email": email_table(rng, pop, pools, s, fmt)}
