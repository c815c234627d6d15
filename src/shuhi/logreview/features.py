"""Per-event features and their per-user-per-day sums, as Ibis expressions.

This is the only place that looks at single events. Everything the indicators need later is an
additive per-user-per-day count (so that sums over ingest batches are exact and a new batch only
adds rows) or a per-user-per-day-per-PC logon count (for dedicated PCs, decided at scoring time
from the whole history). The same expressions run on DuckDB and on Spark.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from .context import Context, glob_to_regex

EPOCH = dt.date(1970, 1, 1)
# Example times as the report shows them (sorts as text the way it sorts as time).
STAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
STAMP_WIDTH = 19

# Daily count columns, in output order. `removable_points` sums the tier points of copied files.
DAILY_FEATURES = (
    "events",
    "after_hours",
    "logons",
    "device",
    "removable_copies",
    "removable_points",
    "file_reads",
    "downloads",
    "cloud_storage",
    "cloud_upload",
    "leak_site",
    "job_site",
    "competitor",
    "suspicious",
    "email_out_attach",
    "email_personal_attach",
    "mass_email",
)
# Features for which example events are kept (the others are totals or derived).
EXAMPLE_FEATURES = tuple(f for f in DAILY_FEATURES if f not in ("events", "logons", "removable_points"))
EXAMPLE_COLUMNS = ("user", "dn", "feature", "time", "host", "kind", "action", "object", "destination")


def _alternation(items: list[str]) -> str:
    escaped = ["".join("\\" + ch if ch in ".^$*+?{}[]\\|()" else ch for ch in item) for item in items]
    return "(" + "|".join(escaped) + ")" if escaped else "(?!x)x"


def _domain_match(host: ir.StringValue, domains: list[str]) -> ir.BooleanValue:
    """The host, or its last two or three labels, is in the list (so sub-domains match)."""
    if not domains:
        return ibis.literal(False)
    base2 = host.re_extract(r"([^.]+\.[^.]+)$", 1)
    base3 = host.re_extract(r"([^.]+\.[^.]+\.[^.]+)$", 1)
    return host.isin(domains) | base2.isin(domains) | base3.isin(domains)


def _recipient_match(recipients: ir.StringValue, domains: list[str]) -> ir.BooleanValue:
    if not domains:
        return ibis.literal(False)
    return recipients.re_search(r"@([a-z0-9-]+\.)*" + _alternation(domains) + r"(;|$)")


def _without(recipients: ir.StringValue, domains: list[str]) -> ir.StringValue:
    """The recipient list with every address at one of `domains` removed."""
    if not domains:
        return recipients
    return recipients.re_replace(r"[^;]*@([a-z0-9-]+\.)*" + _alternation(domains) + r"(;|$)", "")


def _tier_points(path: ir.StringValue, ctx: Context) -> ir.IntegerValue:
    """Points of the highest-tier location whose patterns match the path."""
    by_tier: dict[str, list[str]] = {}
    for loc in ctx.locations:
        by_tier.setdefault(loc.tier, []).extend(glob_to_regex(p) for p in loc.patterns)
    default = ibis.literal(ctx.tier_points("unclassified"), type="int64")
    if not by_tier:
        return default
    ranked = sorted(by_tier.items(), key=lambda item: (-ctx.tier_points(item[0]), item[0]))
    arms = [
        (path.re_search("|".join(f"({r})" for r in regexes)), ctx.tier_points(tier))
        for tier, regexes in ranked
    ]
    return ibis.cases(*arms, else_=default).cast("int64")


def _n_attachments(obj: ir.StringValue) -> ir.IntegerValue:
    # r4.2 gives a count, r6.2 and mail logs a `;`-separated list of files.
    text = obj.fill_null("")
    listed = text.length() - text.replace(";", "").length() + 1
    return ibis.cases(
        (text == "", 0),
        (text.re_search(r"^[0-9]+$"), text.cast("int64")),
        else_=listed,
    ).cast("int64")


HOST_CATEGORIES = {
    "cat_cloud": "cloud_storage",
    "cat_leak": "leak_sites",
    "cat_job": "job_sites",
    "cat_competitor": "competitors",
}


RECIPIENT_FLAGS = ("r_outside", "r_personal", "r_mass", "r_competitor")


def host_categories(events: ir.Table, ctx: Context) -> ir.Table:
    """The category flags of each distinct web host.

    Matching domains per distinct host and joining back is far cheaper than matching on every
    request: a few thousand hosts against tens of millions of rows.
    """
    web = events.filter((events.kind == "http") & events.destination.notnull())
    hosts = web.select(host=web.destination).distinct()
    return hosts.mutate(
        **{
            flag: _domain_match(hosts.host, ctx.domains(category))
            for flag, category in HOST_CATEGORIES.items()
        }
    )


def recipient_flags(events: ir.Table, ctx: Context) -> ir.Table:
    """The recipient tests of each distinct recipient list of outgoing mail.

    People mail the same few colleagues again and again (17 thousand distinct lists among half
    a million messages in the synthetic data), so the regexes run per distinct list and the
    result is joined back, as for web hosts.
    """
    mail = events.filter((events.kind == "email") & events.destination.notnull())
    lists = mail.select(recipients=mail.destination).distinct()
    dest = lists.recipients.lower()
    personal = ctx.domains("personal_webmail")
    outside = _without(_without(dest, [d.lower() for d in ctx.settings["internal_domains"]]), personal)
    n_recipients = dest.length() - dest.replace("@", "").length()
    return lists.mutate(
        r_outside=outside.contains("@"),
        r_personal=_recipient_match(dest, personal),
        r_mass=n_recipients >= int(ctx.threshold("mass_email_recipients")),
        r_competitor=_recipient_match(dest, ctx.domains("competitors")),
    )


def _email_flags(e: ir.Table, ctx: Context, action: ir.StringValue) -> dict[str, ir.BooleanValue]:
    # Each test sits behind `sent` in a CASE so that nothing runs on the millions of other rows.
    # A message without recipients has none of the recipient flags (mass only if the
    # threshold is zero, as counting the recipients of an empty list would say).
    is_email = e.kind == "email"
    # r5.2/r6.2 also log the mail a person views or receives: only what they send counts.
    sent = (is_email & ~action.isin(["view", "receive", "received", "read"])).fill_null(False)
    attach = _n_attachments(e.object) > 0
    no_recipients_mass = int(ctx.threshold("mass_email_recipients")) <= 0
    return {
        "email_out_attach": ibis.ifelse(sent, ibis.ifelse(attach, e.r_outside.fill_null(False), False), False),
        "email_personal_attach": ibis.ifelse(
            sent, ibis.ifelse(attach, e.r_personal.fill_null(False), False), False
        ),
        "mass_email": ibis.ifelse(sent, e.r_mass.fill_null(no_recipients_mass), False),
        "_mail_competitor": ibis.ifelse(sent, e.r_competitor.fill_null(False), False),
    }


def _after_hours(e: ir.Table, ctx: Context) -> ir.BooleanValue:
    hours = ctx.settings["working_hours"]
    hour = e.time.hour()
    after = (hour < int(hours["start"])) | (hour >= int(hours["end"]))
    if hours.get("weekend"):
        after = after | e.time.day_of_week.index().isin([int(d) for d in hours["weekend"]])
    return after


def classify(events: ir.Table, ctx: Context) -> ir.Table:
    """Events with one boolean column per feature (plus `removable_points`, `dn` and `day`)."""
    valid = events.time.notnull() & events.user.notnull() & (events.user != "") & events.kind.notnull()
    e = events.filter(valid)
    cats = host_categories(e, ctx)
    e = e.left_join(cats, e.destination == cats.host).select(
        e, **{flag: cats[flag].fill_null(False) for flag in HOST_CATEGORIES}
    )
    recipients = recipient_flags(e, ctx)
    # Columns picked by name: `select(e, ...)` would let Ibis rewire `e.destination` to the
    # right side's `recipients`, which is derived from it, and lose it on unmatched rows.
    joined = e.left_join(recipients, e.destination == recipients.recipients)
    e = joined.select(*e.columns, *RECIPIENT_FLAGS)
    day = e.time.date()
    # The store holds lower-case actions. No COALESCE around columns here: on DuckDB it defeats
    # the fast paths of lower/contains (ten times slower); NULL results become False at the end.
    action = e.action
    is_http, is_file = e.kind == "http", e.kind == "file"
    # r5.2/r6.2 log every file activity: only a copy or a write puts a file on removable media
    # (an open or a delete with the flag set does not); r4.2 logs nothing but copies.
    removable = is_file & (e.destination == "removable") & action.isin(["copy", "write"])
    mail = _email_flags(e, ctx, action)
    lowered = e.object.lower()
    # `contains` per keyword: about eight times faster than one regex alternation on DuckDB.
    # Mail attachment names are searched too: a keylogger can arrive as an attachment.
    suspicious = ibis.literal(False)
    for word in ctx.keywords("suspicious"):
        suspicious = suspicious | lowered.contains(word)
    flags = {
        "after_hours": _after_hours(e, ctx),
        "logons": (e.kind == "logon") & (action == "logon"),
        "device": (e.kind == "device") & (action == "connect"),
        "removable_copies": removable,
        # r5.2/r6.2 leave `destination` empty for files that stay on the PC: NULL != 'removable'
        # would be NULL, and no file read was ever counted.
        "file_reads": is_file
        & (e.destination.isnull() | (e.destination != "removable"))
        & action.isin(["open", "copy", "read"]),
        "downloads": is_http & (action == "download"),
        "cloud_storage": is_http & e.cat_cloud,
        "cloud_upload": is_http & (action == "upload") & e.cat_cloud,
        "leak_site": is_http & e.cat_leak,
        "job_site": is_http & e.cat_job,
        "competitor": (is_http & e.cat_competitor) | mail.pop("_mail_competitor"),
        "suspicious": suspicious,
        **mail,
    }
    points = ibis.ifelse(removable.fill_null(False), _tier_points(lowered.replace("\\", "/"), ctx), 0)
    return e.mutate(
        day=day,
        dn=day.delta(ibis.date(EPOCH), unit="day").cast("int64"),
        removable_points=points,
        **{name: flag.fill_null(False) for name, flag in flags.items()},
    )


def daily_counts(classified: ir.Table) -> ir.Table:
    """One row per user and active day: the feature counts."""
    aggs = {"events": classified.count()}
    for name in DAILY_FEATURES:
        if name == "events":
            continue
        column = classified[name]
        # A filtered count rather than a sum of the flag cast to a number: a third cheaper.
        aggs[name] = column.sum() if name == "removable_points" else classified.count(where=column)
    return classified.group_by(["user", "dn", "day"]).aggregate(**aggs)


def folded_daily(folded: ir.Table) -> ir.Table:
    """The per-day counts of folded web requests and mail (see fold.py) in the shape of
    `daily_counts`: they only add to `events` and `after_hours`, every other count is zero."""
    day = folded.day.cast("date")
    zero = ibis.literal(0, type="int64")
    return folded.select(
        "user",
        dn=day.delta(ibis.date(EPOCH), unit="day").cast("int64"),
        day=day,
        **{
            name: folded[name].cast("int64") if name in ("events", "after_hours") else zero
            for name in DAILY_FEATURES
        },
    )


def host_days(classified: ir.Table) -> ir.Table:
    """Logons, file events and attachments mailed to personal addresses per user, day and PC
    (logons after hours counted apart), with the
    first logon and the first file event (time and name) as examples for the use of other people's
    PCs: which PC is someone's own is only known at scoring time, from the whole history."""
    is_file = classified.kind == "file"
    sent_home = classified.email_personal_attach
    used = classified.filter(classified.logons | ((is_file | sent_home) & classified.host.notnull()))
    is_file = used.kind == "file"
    # Time first, so that the minimum is the earliest file event (ties by name): one aggregate,
    # the same on every engine.
    stamped = used.time.strftime(STAMP_FORMAT).concat("\t", used.object.fill_null(""))
    return used.group_by(["user", "dn", "host"]).aggregate(
        logons=used.count(where=used.logons),
        after_hours=used.count(where=used.logons & used.after_hours),
        first_time=used.time.min(where=used.logons),
        files=used.count(where=is_file),
        first_file_time=used.time.min(where=is_file),
        first_file=stamped.min(where=is_file),
        personal_mails=used.count(where=used.email_personal_attach),
    )


def flagged_events(classified: ir.Table) -> ir.Table:
    """Only the events that could be an example: about a third of the stored ones.

    After-hours browsing is left out (its count still counts): an example of a late logon or
    copy tells a reviewer more than the thousandth late page view.
    """
    cond = ibis.literal(False)
    for name in EXAMPLE_FEATURES:
        flag = classified[name]
        cond = cond | ((flag & (classified.kind != "http")) if name == "after_hours" else flag)
    keep = ["user", "dn", "time", "host", "kind", "action", "object", "destination", *EXAMPLE_FEATURES]
    return classified.filter(cond).select(*keep)


def examples(flagged: ir.Table, per_day: int) -> ir.Table:
    """Up to `per_day` example events per user, day and feature, earliest first."""
    picked = []
    for name in EXAMPLE_FEATURES:
        cond = flagged[name]
        if name == "after_hours":
            cond = cond & (flagged.kind != "http")
        picked.append(
            flagged.filter(cond).select(
                "user",
                "dn",
                feature=ibis.literal(name),
                time="time",
                host="host",
                kind="kind",
                action="action",
                object="object",
                destination="destination",
            )
        )
    rows = ibis.union(*picked)
    order = [rows.time, rows.host, rows.action, rows.object, rows.destination]
    rank = ibis.row_number().over(group_by=[rows.user, rows.dn, rows.feature], order_by=order)
    return rows.mutate(_rank=rank).filter(lambda t: t._rank < per_day).drop("_rank")
