"""Give a CERT-format `http.csv` the URL shape of real proxy logs, for the speed benchmark.

`shuhi logreview synth` draws URLs from a small pool: about 1% of them are distinct over the
whole period, over some 120 domains. Real logs are not like that (issue 17): in the public
sample of CERT r4.2 a median of 52% of the URLs in a user's day are distinct, over hundreds of
domains; company proxy logs carry query strings and session ids, so most of their URLs are
unique. How often URLs repeat decides what any per-URL work costs, so the benchmark measures
on URLs shaped like the real ones.

`reshape` rewrites the file in one streaming DuckDB pass (no sort, no join, no window: the
rows keep their order, which the benchmark's incremental run relies on):

- a request whose URL mentions a listed domain or keyword (the context's cloud storage, leak,
  job and competitor domains, the suspicious keywords) is left exactly as written, so every
  injected insider's web activity, and what the review finds, stays as it was;
- every other URL becomes `http://<domain>/<section>/<page>.html?sid=<session>&r=<ref>`:
  - the domain is one of about 2,500 (`DOMAINS`), heavy-tailed (a few are most of the traffic);
  - the page is one of K slots of the user's day, drawn by a hash of the row's id, with K set
    from the median requests per user-day so that a median of about 52% of a user-day's URLs
    are distinct (a slot drawn twice repeats the whole URL: a reload or a return to a page);
  - the session id changes every user-day, so URLs hardly ever repeat across days: about half
    of all URLs are distinct over the period.

`looks_realistic` tells from the first million requests whether a file's URLs are already
real-shaped: once `synth` writes realistic URLs itself (issue 17, item 1), the benchmark finds
them so and rewrites nothing. `url_shape` measures the figures above on any `http.csv`; the
benchmark prints them beside the timings.
"""

from __future__ import annotations

import itertools
import math
import re
import time
from pathlib import Path
from typing import Any

# Two syllable lists whose products name the domains: 50 x 50 names x 5 endings, of which the
# first DOMAIN_COUNT that no listed domain or keyword matches are used.
_HEADS = [
    "acme",
    "alpha",
    "amber",
    "apex",
    "aqua",
    "arc",
    "atlas",
    "aurora",
    "axis",
    "beacon",
    "birch",
    "blue",
    "bold",
    "bright",
    "cedar",
    "cider",
    "civic",
    "coast",
    "cobalt",
    "comet",
    "coral",
    "crest",
    "delta",
    "ember",
    "fern",
    "flint",
    "forest",
    "frost",
    "gala",
    "garnet",
    "harbor",
    "hazel",
    "iris",
    "ivory",
    "jade",
    "juniper",
    "kite",
    "lake",
    "lemon",
    "lotus",
    "lumen",
    "maple",
    "meadow",
    "mesa",
    "nova",
    "oak",
    "ocean",
    "onyx",
    "opal",
]
_TAILS = [
    "works",
    "lab",
    "hub",
    "net",
    "post",
    "times",
    "daily",
    "news",
    "mart",
    "shop",
    "store",
    "land",
    "point",
    "base",
    "line",
    "view",
    "wave",
    "field",
    "stone",
    "ridge",
    "bay",
    "port",
    "gate",
    "path",
    "way",
    "star",
    "sky",
    "sun",
    "moon",
    "light",
    "craft",
    "media",
    "press",
    "guide",
    "mag",
    "zone",
    "spot",
    "deck",
    "cast",
    "feed",
    "tribe",
    "crowd",
    "forum",
    "talk",
    "chat",
    "pedia",
    "wiki",
    "data",
    "soft",
    "tech",
]
_ENDINGS = ("com", "net", "org", "co.jp", "jp")
_SECTIONS = [
    "news",
    "article",
    "blog",
    "forum",
    "product",
    "item",
    "search",
    "video",
    "photo",
    "sports",
    "weather",
    "travel",
    "recipe",
    "review",
    "support",
    "docs",
    "help",
    "story",
    "topic",
    "world",
    "business",
    "tech",
    "science",
    "health",
    "music",
    "movie",
    "game",
    "shop",
    "cart",
]
DOMAIN_COUNT = 2500
# Median share of distinct URLs in a user-day: 52% in the public CERT r4.2 sample. A little
# more here, because with a fixed number of slots busy days repeat more than quiet ones and the
# share over the whole period (about half in the evaluation data) would fall to 0.39 at 52%.
TARGET_DAY_DISTINCT = 0.56


def _listed_regex(ctx: Any) -> re.Pattern[str]:
    from shuhi.logreview.fold import CATEGORIES

    items = sorted({d for c in CATEGORIES for d in ctx.domains(c)} | set(ctx.keywords("suspicious")))
    return re.compile("|".join(re.escape(i) for i in items) or "(?!x)x", re.IGNORECASE)


def domain_names(ctx: Any) -> list[str]:
    """DOMAIN_COUNT domain names, none of which the context lists or a keyword matches (a
    rewritten URL must not turn an ordinary request into a flagged one)."""
    listed = _listed_regex(ctx)
    names = []
    for ending, head, tail in itertools.product(_ENDINGS, _HEADS, _TAILS):
        name = f"{head}{tail}.{ending}"
        if not listed.search(name):
            names.append(name)
        if len(names) == DOMAIN_COUNT:
            break
    return names


def _slots_factor(share: float) -> float:
    """c such that drawing n times from c*n slots leaves `share`*n distinct: c(1 - e^(-1/c)) = share."""
    low, high = share, 10.0
    for _ in range(60):
        middle = (low + high) / 2
        if middle * (1 - math.exp(-1 / middle)) < share:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _reader(path: Path) -> str:
    names = ("id", "date", "user", "pc", "url", "content")
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    return f"read_csv('{path}', columns={columns}, header=true, auto_detect=false, quote='\"', escape='\"')"


def reshape(data: Path, ctx: Any) -> dict[str, Any]:
    """Rewrite `data`/http.csv in place as described above; returns the slot count and seconds."""
    import duckdb

    from shuhi.logreview.fold import mentioned_sql

    started = time.perf_counter()
    source = data / "http.csv"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    row = con.execute(
        f"SELECT median(n) FROM (SELECT count(*) AS n FROM {_reader(source)} "  # noqa: S608 - a path we wrote
        "GROUP BY \"user\", split_part(date, ' ', 1))"
    ).fetchone()
    per_day = float(row[0]) if row and row[0] else 1.0
    slots = max(1, round(_slots_factor(TARGET_DAY_DISTINCT) * per_day))
    domains = domain_names(ctx)
    day = "split_part(date, ' ', 1)"
    slot = f'hash("user", {day}, hash(id) % {slots})'
    # A power of a uniform number: domain i is picked about in proportion to i^(-2/3), heavy-tailed.
    pick = f"1 + least({len(domains) - 1}, floor(pow((slot % 1000003) / 1000003.0, 2.5) * {len(domains)})::BIGINT)"
    section = f"list_extract({_sql_list(_SECTIONS)}, 1 + (slot // 7 % {len(_SECTIONS)})::BIGINT)"
    url = (
        f"'http://' || list_extract({_sql_list(domains)}, {pick}) || '/' || {section} || '/' "
        "|| lower(left(to_hex(slot // 13), 10)) || '.html?sid=' "
        f"|| lower(to_hex(hash(\"user\", {day}, 'session'))) || '&r=' || lower(left(to_hex(slot // 31), 6))"
    )
    out = data / "http.reshaped.csv"
    con.execute("SET preserve_insertion_order=true")
    con.execute(
        f'COPY (SELECT id, date, "user", pc, CASE WHEN {mentioned_sql(ctx, "url")} THEN url ELSE {url} END AS url, '  # noqa: S608
        f"content FROM (SELECT *, {slot} AS slot FROM {_reader(source)})) TO '{out}' (HEADER, DELIMITER ',')"
    )
    out.replace(source)
    return {
        "slots_per_user_day": slots,
        "median_requests_per_user_day": per_day,
        "seconds": round(time.perf_counter() - started, 1),
    }


def url_shape(data: Path, sample: int = 10) -> dict[str, Any]:
    """Share of distinct URLs over the period (approximate: HyperLogLog), distinct domains, and
    the median share of distinct URLs in a user's day (over one user in `sample`)."""
    import duckdb

    source = data / "http.csv"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    host = "split_part(split_part(url, '/', 3), ':', 1)"
    total, distinct, domains = con.execute(
        f"SELECT count(*), approx_count_distinct(url), approx_count_distinct({host}) FROM {_reader(source)}"  # noqa: S608
    ).fetchone() or (0, 0, 0)
    row = con.execute(
        "SELECT median(d / n) FROM (SELECT count(*) AS n, count(DISTINCT url) AS d "  # noqa: S608
        f'FROM {_reader(source)} WHERE hash("user") % {sample} = 0 GROUP BY "user", split_part(date, \' \', 1))'
    ).fetchone()
    return {
        "requests": int(total),
        "distinct_share": round(min(1.0, distinct / total), 3) if total else 0.0,
        "domains": int(domains),
        "median_day_distinct_share": round(float(row[0]), 3) if row and row[0] is not None else None,
    }


PREFIX_ROWS = 1_000_000


def looks_realistic(data: Path) -> bool:
    """Whether URLs already repeat about as little as real ones (the synthesizer's did not), from
    the first PREFIX_ROWS requests: the synthesizer's repeat from the first day on, and a
    prefix is enough to tell, for the cost of reading a few percent of the file."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    host = "split_part(split_part(url, '/', 3), ':', 1)"
    total, distinct, domains = con.execute(
        f"SELECT count(*), count(DISTINCT url), count(DISTINCT {host}) "  # noqa: S608 - a path we were given
        f"FROM (SELECT url FROM {_reader(data / 'http.csv')} LIMIT {PREFIX_ROWS})"
    ).fetchone() or (0, 0, 0)
    return bool(total) and distinct / total >= 0.25 and domains >= 500
