"""Who the insiders are, when they act, and what each scenario leaves in the logs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shuhi.i18n import gettext

from . import synth_vocab as vocab
from .synth_insiders import SCENARIOS, Injector
from .synth_people import NEVER, Population
from .synth_pools import words
from .synth_write import cert_date_key

MIN_DAYS = 42

# How each scenario's insiders behave over time, as shares of variants (see docs/logreview.md,
# "Synthetic data and its sources"). The quality benchmark's held-out set uses other values.
DEFAULT_PARAMS: dict[str, Any] = {
    "variants": {
        1: {"nights": 0.4, "one_night": 0.3, "habitual": 0.3},
        2: {"burst": 0.5, "drift": 0.5},
        3: {"standard": 1.0},
        4: {"weeks": 1.0},
        5: {"standard": 1.0},
        6: {"standard": 0.7, "one_day": 0.3},
    },
    "drift_days": [45, 70],  # a slow drift's length (scenario 2)
    "s4_days": [21, 90],  # how long scenario 4 goes on (CERT: "over three months")
    "scenarios": [1, 2, 3, 4, 5, 6],
}


def merged_params(params: dict[str, Any] | None) -> dict[str, Any]:
    out = {**DEFAULT_PARAMS, **(params or {})}
    variants = {int(k): dict(v) for k, v in DEFAULT_PARAMS["variants"].items()}
    for k, v in ((params or {}).get("variants") or {}).items():
        variants[int(k)] = dict(v)
    out["variants"] = variants
    out["scenarios"] = [int(k) for k in out["scenarios"]]
    return out


def _variant(rng: np.random.Generator, params: dict[str, Any], scenario: int) -> str:
    shares = params["variants"][scenario]
    names = sorted(shares)
    p = np.array([float(shares[n]) for n in names])
    return str(names[int(rng.choice(len(names), p=p / p.sum()))])


def _candidates(pop: Population, taken: set[int], scenario: int, variant: str = "") -> list[int]:
    """Who may play a scenario. Boolean masks over the workforce: at 10,000 users, lists built
    person by person for every insider slot took most of the generator's setup."""
    n = pop.n_users
    ok = ~pop.is_manager & (pop.departure == NEVER)
    ok[0] = False
    ok[list(taken)] = False
    admin = pop.is_admin
    after_hours = pop.late | pop.early | (pop.evening > 0) | (pop.weekend > 0)
    drives = pop.thumb_rate > 0
    others = pop.colleagues_count() if scenario in (4, 5) else np.zeros(n)
    if scenario == 1:
        # Scenario 1's user "never used removable drives nor worked after hours" (CERT) - except
        # the habitual variant: someone who already worked late or used drives, as real ones do.
        if variant == "habitual":
            preferred = ok & ~admin & (drives | after_hours)
        else:
            preferred = ok & ~admin & ~drives & ~after_hours & (pop.overtime == 0)
    elif scenario == 2:
        preferred = ok & ~admin & drives
    elif scenario == 3:
        preferred = ok & admin & ~drives
        # Without an administrator there is no scenario 3.
        return [int(u) for u in np.flatnonzero(preferred if preferred.any() else ok & admin)]
    elif scenario == 4:
        preferred = ok & ~admin & (others >= 2)
    elif scenario == 5:
        preferred = ok & ~admin & (others >= 4)
    else:
        preferred = ok & ~admin
    chosen = preferred if preferred.any() else ok & ~admin
    return [int(u) for u in np.flatnonzero(chosen)]


def select_insiders(rng: np.random.Generator, pop: Population, days: int, per_scenario: int,
                    params: dict[str, Any] | None = None) -> list[tuple[int, int, int, str]]:
    """(scenario, user, climax day) for each insider, climaxes spread evenly over the period.

    The first weeks stay clean so that every user has a baseline before anything happens, and
    climaxes are spaced so that only a few insiders compete for the same week's top ranks.
    """
    if days < MIN_DAYS:
        message = gettext("the synthetic data needs at least %(days)s days to place insiders")
        raise ValueError(message % {"days": MIN_DAYS})
    params = merged_params(params)
    slots = [(sc, k) for k in range(per_scenario) for sc in SCENARIOS if sc in params["scenarios"]]
    order = rng.permutation(len(slots))
    warmup = max(21, int(days * 0.3))
    climaxes = np.linspace(warmup, days - 16, len(slots)).astype(int)
    taken: set[int] = set()
    chosen = []
    for slot_index, climax in zip(order, climaxes, strict=True):
        scenario = slots[slot_index][0]
        variant = _variant(rng, params, scenario)
        # A slow drift or a weeks-long campaign needs room before its climax to unfold in.
        lead = {(2, "drift"): params["drift_days"][0], (4, "weeks"): params["s4_days"][0]}.get((scenario, variant), 0)
        climax = max(int(climax), min(days - 16, int(lead) + 7))
        pool = _candidates(pop, taken, scenario, variant)
        if not pool:
            continue
        user = int(rng.choice(pool))
        taken.add(user)
        chosen.append((scenario, user, int(climax), variant))
    return sorted(chosen, key=lambda item: (item[0], item[2]))


def _scenario_1(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    nights = inj.workdays(c - 12, c - 1)
    count = 0 if variant == "one_night" else min(len(nights), int(inj.rng.integers(2, 5)))
    chosen = sorted({*inj.rng.choice(nights, count, replace=False), c})
    for d in chosen:
        hour = inj.rng.uniform(20.5, 22.5) if inj.rng.random() < 0.7 else inj.rng.uniform(3.5, 5.0)
        t_on, _ = inj.session(int(d), u, u, hour, inj.rng.uniform(40, 75))
        t = inj.thumb_copy(t_on + int(inj.rng.integers(60, 300)), u, u,
                           inj.files_of(u, int(inj.rng.integers(3, 9))))
        for _ in range(int(inj.rng.integers(2, 6))):
            t += int(inj.rng.integers(30, 240))
            inj.visit(t, u, u, inj.url("wikileaks.org", "submit", "upload_"),
                      words(inj.rng, vocab.LEAK_WORDS, 5, 10))
    return {"departure": inj.depart(u, c + int(inj.rng.integers(5, 12)), "insider")}


def _scenario_2(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    rng = inj.rng
    if variant == "drift":
        return _scenario_2_drift(inj, u, c)
    hunt_days = inj.workdays(c - 56, c - 8)
    for d in hunt_days:
        if rng.random() < 0.7:
            for _ in range(int(rng.integers(4, 16))):
                site = str(rng.choice(vocab.JOB_SITES))
                inj.visit(inj.work_time(d, u), u, u, inj.url(site, "jobs", "search_"),
                          words(rng, vocab.JOB_WORDS, 6, 12))
    competitor = str(rng.choice(vocab.COMPETITORS))
    contact = f"{rng.choice(vocab.FIRST_NAMES)}.{rng.choice(vocab.LAST_NAMES)}@{competitor}".lower()
    for d in rng.choice(hunt_days or [c], 3):
        t = inj.work_time(int(d), u)
        inj.visit(t, u, u, inj.url(competitor, "careers", "apply_"), words(rng, vocab.JOB_WORDS, 6, 12))
        inj.mail(t + 600, u, u, contact, int(rng.integers(0, 2)), words(rng, vocab.JOB_WORDS, 8, 16))
    for d in inj.workdays(c - 9, c):
        if d == c or rng.random() < 0.8:
            for _ in range(int(rng.integers(1, 4))):
                inj.thumb_copy(inj.work_time(d, u), u, u, inj.files_of(u, int(rng.integers(8, 25))))
    return {"departure": inj.depart(u, c + int(rng.integers(3, 8)), "insider"),
            "competitor": competitor}


def _scenario_2_drift(inj: Injector, u: int, c: int) -> dict[str, Any]:
    """Job search and theft that grow slowly over two months: no week stands out from the last."""
    rng = inj.rng
    low, high = inj.params["drift_days"]
    lo = max(7, c - int(rng.integers(int(low), int(high) + 1)))
    competitor = str(rng.choice(vocab.COMPETITORS))
    contact = f"{rng.choice(vocab.FIRST_NAMES)}.{rng.choice(vocab.LAST_NAMES)}@{competitor}".lower()
    for d in inj.workdays(lo, c):
        frac = (d - lo) / max(1, c - lo)
        if rng.random() < 0.15 + 0.45 * frac:
            for _ in range(int(rng.integers(1, 3 + int(4 * frac)))):
                site = str(rng.choice(vocab.JOB_SITES))
                inj.visit(inj.work_time(d, u), u, u, inj.url(site, "jobs", "search_"),
                          words(rng, vocab.JOB_WORDS, 6, 12))
        if rng.random() < 0.03:
            t = inj.work_time(d, u)
            inj.visit(t, u, u, inj.url(competitor, "careers", "apply_"), words(rng, vocab.JOB_WORDS, 6, 12))
            inj.mail(t + 600, u, u, contact, int(rng.integers(0, 2)), words(rng, vocab.JOB_WORDS, 8, 16))
        if d == c or rng.random() < 0.05 + 0.3 * frac:
            inj.thumb_copy(inj.work_time(d, u), u, u, inj.files_of(u, int(rng.integers(2, 4 + int(6 * frac)))))
    return {"departure": inj.depart(u, c + int(rng.integers(3, 8)), "insider"), "competitor": competitor}


def _scenario_3(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    pop, rng = inj.pop, inj.rng
    boss = int(pop.supervisor[u])
    download = inj.last_workday(c - int(rng.integers(6, 10)))
    for _ in range(int(rng.integers(1, 3))):
        site = str(rng.choice(vocab.KEYLOGGER_SITES))
        inj.visit(inj.work_time(download, u), u, u, inj.url(site, "download", "keylogger_setup_"),
                  words(rng, vocab.KEYLOGGER_WORDS, 6, 10))
    plant = inj.last_workday(c - int(rng.integers(2, 4)))
    t_on, _ = inj.session(plant, u, boss, rng.uniform(19.0, 21.0), rng.uniform(15, 35))
    exe = f"C:\\Users\\{pop.ids[boss]}\\AppData\\Local\\Temp\\keylogger_svc.exe"
    inj.thumb_copy(t_on + 120, u, boss, [exe])
    # With the captured password the insider logs on as the supervisor from the insider's own PC.
    t_on, _ = inj.session(c, u, u, rng.uniform(20.0, 21.5), 50)
    t_as, _ = inj.session(c, boss, u, (t_on - inj.at(c, 0)) / 3600 + 0.1, 30)
    # Everyone in a small company (the command allows 30 people) rather than more than there are.
    wanted = min(int(rng.integers(25, 60)), pop.n_users)
    recipients = ";".join(pop.emails[v] for v in rng.choice(pop.n_users, wanted, replace=False))
    inj.mail(t_as + 300, boss, u, recipients, 0,
             "urgent announcement layoffs management failure resign company collapse everyone must know")
    return {"departure": inj.depart(u, c + int(rng.integers(1, 5)), "insider"),
            "supervisor": pop.ids[boss]}


def _scenario_4(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    """CERT r5.2 scenario 4: logs on to a colleague's PC, searches the files there and mails
    them to a personal address, more and more often. The file search is only visible in r5.2,
    whose file.csv logs opens; in r4.2 the logons and the mail remain."""
    pop, rng = inj.pop, inj.rng
    victim = int(rng.choice([v for v in pop.dept_members(u) if pop.departure[v] == NEVER
                             and v not in inj.protected] or [0]))
    inj.protected.add(victim)
    low, high = inj.params["s4_days"]
    lo = max(7, c - int(rng.integers(int(low), int(high) + 1)))
    for d in inj.workdays(lo, c):
        frac = (d - lo) / max(1, c - lo)
        if d != c and rng.random() > 0.08 + 0.6 * frac**1.5:
            continue  # more and more often over the weeks (CERT)
        hour = rng.uniform(12.0, 12.7) if rng.random() < 0.5 else rng.uniform(18.5, 19.5)
        t_on, _ = inj.session(d, u, victim, hour, rng.uniform(15, 40))
        t = inj.open_files(t_on + 60, u, victim, inj.files_of(victim, int(rng.integers(3, 12))))
        for k in range(int(rng.integers(1, 3))):
            inj.mail(max(t, t_on + 300) + 240 * k, u, victim, pop.personal_emails[u], int(rng.integers(1, 5)),
                     words(rng, vocab.TOPIC_WORDS, 4, 10))
    return {"victim": pop.ids[victim]}


def _scenario_5(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    pop, rng = inj.pop, inj.rng
    layoff = inj.last_workday(c - int(rng.integers(10, 21)))
    # The layoff hits the insider's own team hardest and the wider department a little.
    colleagues = [v for v in pop.dept_members(u) if not pop.is_manager[v] and pop.departure[v] == NEVER
                  and v not in inj.protected]
    weights = np.array([3.0 if pop.team[v] == pop.team[u] else 1.0 for v in colleagues])
    count = min(len(colleagues), max(2, len(colleagues) // 10))
    laid_off = rng.choice(colleagues, count, replace=False, p=weights / weights.sum()) if colleagues else []
    for v in laid_off:
        inj.depart(int(v), layoff, "layoff")
    pop.cloud_rate[u] = 0.0
    for d in inj.workdays(layoff + 1, c):
        if d == c or rng.random() < 0.6:
            for _ in range(int(rng.integers(3, 11))):
                site = str(rng.choice(vocab.CLOUD_STORAGE[:2]))
                inj.visit(inj.work_time(d, u), u, u, inj.url(site, "upload", "doc_"),
                          words(rng, vocab.CLOUD_WORDS + vocab.TOPIC_WORDS, 6, 12))
    return {"layoff": str(inj.start + layoff), "laid_off": [pop.ids[int(v)] for v in laid_off]}


def _scenario_6(inj: Injector, u: int, c: int, variant: str) -> dict[str, Any]:
    rng = inj.rng
    for d in inj.workdays(c if variant == "one_day" else c - 24, c):
        if d == c or rng.random() < 0.4:
            for _ in range(int(rng.integers(1, 3))):
                inj.thumb_copy(inj.work_time(d, u), u, u, inj.secret_files(int(rng.integers(6, 21))))
    return {"departure": inj.depart(u, c + int(rng.integers(3, 10)), "insider")}


BUILDERS: dict[int, Callable[[Injector, int, int, str], dict[str, Any]]] = {
    1: _scenario_1, 2: _scenario_2, 3: _scenario_3, 4: _scenario_4, 5: _scenario_5, 6: _scenario_6,
}


def inject(inj: Injector, chosen: list[tuple[int, int, int, str]]) -> list[dict[str, Any]]:
    """Plan every insider's events; returns the answer-key entries."""
    inj.params = merged_params(inj.params)
    inj.protected = {u for _, u, _, _ in chosen}
    answers = []
    for scenario, user, climax, variant in chosen:
        inj.current = []
        inj.current_user = inj.pop.ids[user]
        extra = BUILDERS[scenario](inj, user, inj.last_workday(climax), variant)
        dates = sorted({e["date"] for e in inj.current}, key=cert_date_key)
        day_keys = sorted({f"{s[6:10]}-{s[:2]}-{s[3:5]}" for s in dates})
        departure = extra.pop("departure", None)
        answers.append({
            "user": inj.pop.ids[user], "scenario": scenario, "variant": variant, "details": SCENARIOS[scenario],
            "start": day_keys[0], "end": day_keys[-1], "malicious_dates": day_keys,
            "departure": str(inj.start + departure) if departure is not None else None,
            "events": sorted(inj.current, key=lambda event: cert_date_key(event["date"])),
            **extra,
        })
    return answers
