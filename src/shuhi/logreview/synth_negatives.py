"""Hard negatives: innocent people whose logs change the way an insider's do.

A reviewer that flags every change of habit drowns in them, so the data holds, besides the
ordinary leavers of `synth_people`:

- job hunters who steal nothing: weeks of job-site browsing, no copying, no departure;
- benign thumb-drive surges: a week or two of heavy drive use (a delivery, an archive
  clean-up), some by people who never used a drive before;
- new night workers: someone moves to the evening shift for good;
- ordinary leavers who take their own documents home on a drive in their last days.

They are listed in the answer key (`hard_negatives`) so that the quality benchmark can count
how many of them take a reviewer's slots. Chosen after the insiders and never among them.
"""

from __future__ import annotations

import numpy as np

from .synth_people import NEVER, Population

KINDS = ("job_hunter", "thumb_surge", "night_worker", "leaver_copies")


def default_per_kind(users: int) -> int:
    return max(1, users // 125)


def assign_hard_negatives(rng: np.random.Generator, pop: Population, days: int, start: np.datetime64,
                          exclude: set[int], per_kind: int) -> None:
    warmup = max(21, int(days * 0.25))
    free = [u for u in range(1, pop.n_users) if u not in exclude and not pop.is_manager[u]
            and pop.departure[u] == NEVER]
    order = [int(u) for u in rng.permutation(free)]

    def record(u: int, kind: str, first: int, last: int) -> None:
        pop.hard_negatives.append({"user": pop.ids[u], "kind": kind, "start": str(start + first),
                                   "end": str(start + min(last, days - 1))})

    for kind in KINDS[:3]:
        for _ in range(per_kind):
            if not order or warmup >= days - 14:
                break
            u = order.pop()
            first = int(rng.integers(warmup, days - 14))
            if kind == "job_hunter":
                last = first + int(rng.integers(20, 61))
                pop.hunt[u] = (first, last)
            elif kind == "thumb_surge":
                last = first + int(rng.integers(5, 13))
                pop.surge[u] = (first, last)
            else:
                last = days - 1
                pop.night_from[u] = first
            record(u, kind, first, last)
    leavers = [u for u, reason in sorted(pop.leave_reason.items()) if reason == "ordinary" and u not in exclude]
    for u in leavers[: max(1, per_kind)]:
        last = int(pop.departure[u])
        first = max(0, last - int(rng.integers(4, 11)))
        pop.surge[u] = (first, last)
        record(u, "leaver_copies", first, last)
