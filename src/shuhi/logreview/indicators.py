"""Indicators, and their counts per user and window.

Input: the persisted aggregates (daily feature counts, logons per PC) and the people table.
Output (`window_counts`): one row per active user and window with every count an indicator is
scored on, and each count's worst day. These are Ibis expressions, so DuckDB and Spark run the
same thing. The z-scores against the user's own past and against peers, and the points, are
computed from those rows in zscores.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from .context import Context
from .features import DAILY_FEATURES


@dataclass(frozen=True)
class Indicator:
    name: str
    ja: str
    en: str
    column: str  # the window count the anomaly is computed on
    shown: str  # the window count shown to the reviewer
    mode: str = "z"  # z: weight × anomaly | flat: weight once | floor1: weight × max(1, anomaly)
    examples_from: tuple[str, ...] = ()
    gate: str = ""  # the window count that must be positive for any points (default: `column`)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "after_hours",
        "時間外の活動",
        "After-hours activity",
        "after_hours",
        "after_hours",
        examples_from=("after_hours",),
    ),
    Indicator(
        "foreign_pc",
        "他人の専用PCへのログオン",
        "Logon to another user's dedicated PC",
        "foreign_pc",
        "foreign_pc",
        examples_from=("foreign_pc",),
    ),
    Indicator(
        "removable_first",
        "初めての外部記憶媒体の使用",
        "First-ever removable media use",
        "removable_first",
        "device",
        "flat",
        ("device",),
    ),
    Indicator(
        "removable_surge",
        "外部記憶媒体の使用の急増",
        "Surge in removable media use",
        "device",
        "device",
        examples_from=("device",),
    ),
    Indicator(
        "removable_copies",
        "外部記憶媒体へのファイル複写（格付けで加重）",
        "File copies to removable media (weighted by tier)",
        "removable_points",
        "removable_copies",
        examples_from=("removable_copies",),
    ),
    Indicator(
        "cloud_storage",
        "クラウドストレージの閲覧",
        "Visits to cloud storage",
        "cloud_storage",
        "cloud_storage",
        examples_from=("cloud_storage",),
    ),
    Indicator(
        "cloud_upload",
        "クラウドストレージへのアップロード",
        "Uploads to cloud storage",
        "cloud_upload",
        "cloud_upload",
        examples_from=("cloud_upload",),
    ),
    Indicator(
        "leak_site",
        "リークサイトへのアクセス",
        "Visits or uploads to leak sites",
        "leak_site",
        "leak_site",
        mode="floor1",
        examples_from=("leak_site",),
    ),
    Indicator(
        "job_site",
        "転職サイトの閲覧",
        "Job-site browsing",
        "job_site",
        "job_site",
        examples_from=("job_site",),
    ),
    Indicator(
        "competitor",
        "競合他社との接触",
        "Contact with competitors",
        "competitor",
        "competitor",
        examples_from=("competitor",),
    ),
    Indicator(
        "email_out_attach",
        "社外への添付ファイル付きメール",
        "E-mail with attachments to outside",
        "email_out_attach",
        "email_out_attach",
        examples_from=("email_out_attach",),
    ),
    Indicator(
        "email_personal_attach",
        "個人アドレスへの添付ファイル付きメール",
        "E-mail with attachments to personal addresses",
        "email_personal_attach",
        "email_personal_attach",
        examples_from=("email_personal_attach",),
    ),
    Indicator(
        "mass_email",
        "大量送信メール",
        "Mass e-mail",
        "mass_email",
        "mass_email",
        examples_from=("mass_email",),
    ),
    # Scored on data movement against the user's own habit of moving data (not against their
    # own past pre-exit counts, which are zero by construction) and counted only in the weeks
    # before a known exit: an ordinary leaver who moves data as usual gets the base weight.
    Indicator(
        "pre_exit",
        "退職前の持ち出し等の活動",
        "Data movement in the weeks before exit",
        "moved",
        "pre_exit",
        "floor1",
        ("removable_copies", "cloud_upload", "email_out_attach", "email_personal_attach", "job_site"),
        gate="pre_exit",
    ),
    # CERT scenario 5: data moved by a member of a team that has just lost several members
    # (layoffs). Scored like pre-exit on data movement against the user's habit and peers, but
    # without a floor: survivors who move data as usual get nothing.
    Indicator(
        "after_team_losses",
        "チームの相次ぐ離職後の持ち出し等の活動",
        "Data movement after several teammates left",
        "moved",
        "after_losses",
        examples_from=("removable_copies", "cloud_upload", "cloud_storage", "email_out_attach",
                       "email_personal_attach"),
        gate="after_losses",
    ),
    Indicator(
        "suspicious_download",
        "不審なダウンロード（キーロガー等）",
        "Suspicious downloads (e.g. keyloggers)",
        "suspicious",
        "suspicious",
        mode="floor1",
        examples_from=("suspicious",),
    ),
    Indicator(
        "sequence",
        "収集の後の持ち出し",
        "Collection followed by exfiltration",
        "sequence",
        "sequence",
        examples_from=(
            "file_reads",
            "downloads",
            "foreign_pc",
            "removable_copies",
            "cloud_upload",
            "leak_site",
            "email_out_attach",
            "email_personal_attach",
        ),
    ),
    # CERT r5.2 scenario 4: someone logs on to colleagues' PCs, looks through their files and
    # mails them home, more and more often over weeks. Each step alone is common (people help
    # each other at a colleague's desk, some mail their own documents home); mail home sent from
    # someone else's PC, or after opening files there, is not, so any occurrence scores at least
    # the weight. A logon alone followed by mail home from one's own PC made the chain an
    # everyday event on real-shaped data (docs/logreview.md).
    Indicator(
        "foreign_pc_mail",
        "他人の専用PCの使用に続く個人アドレスへの添付メール",
        "Attachments mailed to a personal address from, or after opening files on, another user's dedicated PC",
        "foreign_mail",
        "foreign_mail",
        mode="floor1",
        examples_from=("foreign_pc", "foreign_files", "email_personal_attach"),
    ),
)
BY_NAME = {ind.name: ind for ind in INDICATORS}
# Daily columns that feed the window sums (the derived ones are added in `enrich_daily`).
WINDOW_SUMS = (
    *DAILY_FEATURES,
    "foreign_pc",
    "foreign_files",
    "foreign_mail",
    "removable_first",
    "sequence",
    "moved",
    "pre_exit",
    "after_losses",
)
# Counts also scored on the worst day of the window (see `window_counts`): everything scored
# by its anomaly except the 0/1 daily sequence flag.
DAY_COLUMNS = tuple(sorted({i.column for i in INDICATORS if i.mode != "flat"} - {"sequence"}))
# The worst day is found as the maximum of count × PEAK_SHIFT + (PEAK_SHIFT − 1 − day number):
# the highest count, the earliest day among equal ones, in one exact integer aggregate.
PEAK_SHIFT = 1 << 20
WINDOW_DAYS = {"day": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class WindowSpec:
    kind: str  # day | week | month
    from_dn: int  # days since 1970-01-01, inclusive
    to_dn: int  # inclusive

    def key(self, daily: ir.Table) -> ir.IntegerValue:
        """The window a day belongs to: days and weeks are counted from the review's first day,
        months are calendar months (year × 12 + month − 1)."""
        if self.kind == "day":
            return daily.dn
        if self.kind == "week":
            return ((daily.dn - self.from_dn) / 7).floor().cast("int64")
        return (daily.day.year() * 12 + daily.day.month() - 1).cast("int64")


def merge_daily(daily: ir.Table) -> ir.Table:
    """Sum the per-batch daily rows (one user-day may span two ingest batches)."""
    return daily.group_by(["user", "dn", "day"]).aggregate(
        **{f: daily[f].sum().cast("int64") for f in DAILY_FEATURES}
    )


def dedicated_owners(hosts: ir.Table, share: float) -> ir.Table:
    """host → its dedicated user: the user with most logons on it, when they make `share` of them."""
    hosts = hosts.filter(hosts.logons > 0)
    per_user = hosts.group_by(["host", "user"]).aggregate(n=hosts.logons.sum())
    total = per_user.n.sum().over(group_by=per_user.host)
    rank = ibis.row_number().over(group_by=per_user.host, order_by=[ibis.desc(per_user.n), per_user.user])
    ranked = per_user.mutate(total=total, rank=rank)
    top = ranked.filter((ranked["rank"] == 0) & (ranked.n >= ranked.total * share))
    return top.select("host", owner=top.user)


def foreign_logons(hosts: ir.Table, owners: ir.Table) -> ir.Table:
    """Per user and day: logons to PCs dedicated to someone else (one after hours counts twice,
    since using a colleague's machine while they are away is the pattern that matters) and file
    events on such PCs."""
    joined = hosts.join(owners, "host")
    foreign = joined.filter(joined.owner != joined.user)
    weighted = foreign.logons + foreign.after_hours
    return foreign.group_by(["user", "dn"]).aggregate(
        foreign_pc=weighted.sum().cast("int64"),
        foreign_files=foreign.files.sum().cast("int64"),
        foreign_mail=foreign.personal_mails.sum().cast("int64"),
    )


def enrich_daily(daily: ir.Table, foreign: ir.Table, people: ir.Table, ctx: Context) -> ir.Table:
    """Add the derived daily counts: foreign PCs, first-ever removable use, sequences, pre-exit."""
    d = daily.left_join(foreign, ["user", "dn"]).select(
        daily,
        foreign_pc=foreign.foreign_pc.fill_null(0),
        foreign_files=foreign.foreign_files.fill_null(0),
        foreign_mail=foreign.foreign_mail.fill_null(0),
    )
    by_user = ibis.window(group_by=d.user, order_by=d.dn)
    earlier_devices = d.device.sum().over(
        ibis.window(group_by=d.user, order_by=d.dn, preceding=None, following=0)
    )
    active_before = ibis.row_number().over(by_user)
    min_days = int(ctx.threshold("first_use_min_days"))
    first = ((d.device > 0) & (earlier_devices == d.device) & (active_before >= min_days)).cast("int64")
    collect = d.file_reads + d.downloads + d.foreign_pc + d.suspicious
    net_out = d.cloud_upload + d.leak_site + d.email_out_attach + d.email_personal_attach + d.cloud_storage
    recent = ibis.range_window(
        group_by=d.user, order_by=d.dn, preceding=int(ctx.threshold("sequence_days")), following=0
    )
    d = d.mutate(
        removable_first=first,
        _collect_n=collect.sum().over(recent),
        _collect_any_n=(collect + d.removable_copies).sum().over(recent),
        _foreign_files_n=d.foreign_files.sum().over(recent),
        _net_out=net_out,
        _last=d.dn.max().over(ibis.window(group_by=d.user)),
    )
    sequence = ((d._net_out > 0) & (d._collect_any_n > 0)) | ((d.removable_copies > 0) & (d._collect_n > 0))
    # Attachments mailed home from someone else's PC, or from one's own within `sequence_days`
    # after opening files on someone else's PC (logs without file events show only the first).
    chained = ibis.ifelse(d._foreign_files_n > 0, d.email_personal_attach, 0)
    d = d.mutate(
        sequence=sequence.cast("int64"),
        foreign_mail=ibis.greatest(d.foreign_mail, chained).cast("int64"),
    )
    d = d.left_join(people, "user").select(d, exit_dn=people.exit_dn, _team=people.team)
    # LDAP gives the exit month only; the last active day, when close to it, is more precise.
    exit_dn = ibis.ifelse((d.exit_dn - d._last) <= 31, ibis.least(d.exit_dn, d._last + 1), d.exit_dn)
    d = d.mutate(_left=exit_dn)
    before_exit = (
        exit_dn.notnull() & (d.dn < exit_dn) & (d.dn >= exit_dn - 7 * int(ctx.threshold("exit_weeks")))
    )
    moved = d._net_out + d.removable_copies + d.job_site + d.competitor
    d = d.mutate(moved=moved.cast("int64"), pre_exit=ibis.ifelse(before_exit, moved, 0).cast("int64"))
    d = _after_team_losses(d, ctx)
    return d.drop("_collect_n", "_collect_any_n", "_foreign_files_n", "_net_out", "_last", "exit_dn", "_team",
                  "_left")


def _after_team_losses(d: ir.Table, ctx: Context) -> ir.Table:
    """`after_losses`: the data moved on a day when at least `team_loss_min` of the user's
    teammates (same supervisor, else department) left within the `team_loss_days` before it.
    CERT scenario 5 and IPA's guidance on motives: a member of a group hit by layoffs takes data.
    Teammates' leaving days come from the logs and LDAP as for pre-exit, so a layoff is seen on
    the day, not at the month's LDAP snapshot."""
    days, least = int(ctx.threshold("team_loss_days")), int(ctx.threshold("team_loss_min"))
    leavers = d.filter(d._left.notnull() & d._team.notnull())
    leavers = leavers.select(leaver=leavers.user, lteam=leavers._team, left=leavers._left).distinct()
    days_of = d.select(who=d.user, day=d.dn, team=d._team)
    pairs = days_of.join(leavers, days_of.team == leavers.lteam)
    pairs = pairs.filter(
        (pairs.leaver != pairs.who) & (pairs.left <= pairs.day) & (pairs.left > pairs.day - days)
    )
    losses = pairs.group_by(user=pairs.who, dn=pairs.day).aggregate(_losses=pairs.leaver.nunique())
    d = d.left_join(losses, ["user", "dn"]).select(d, _losses=losses._losses.fill_null(0))
    after = ibis.ifelse(d._losses >= least, d.moved, 0).cast("int64")
    return d.mutate(after_losses=after).drop("_losses")


def window_counts(daily: ir.Table, spec: WindowSpec) -> ir.Table:
    """Sum the daily counts into review windows, up to the review's last day."""
    d = daily.filter(daily.dn <= spec.to_dn)
    d = d.mutate(wk=spec.key(d))
    sums = {f: d[f].sum().cast("int64") for f in WINDOW_SUMS}
    # Per scored count, its worst day: the day (see PEAK_SHIFT) and its count.
    for f in DAY_COLUMNS:
        c = d[f].cast("int64")
        sums[f"{f}__dpk"] = (c * PEAK_SHIFT + (PEAK_SHIFT - 1 - d.dn)).max().cast("int64")
        sums[f"{f}__dmax"] = c.max().cast("int64")
    return d.group_by(["user", "wk"]).aggregate(active_days=d.count(), first_dn=d.dn.min(), **sums)


def guard_windows(spec: WindowSpec | None, ctx: Context) -> int:
    """How many of the user's latest windows the frozen baseline leaves out (at least one)."""
    days = WINDOW_DAYS[spec.kind if spec is not None else "week"]
    return max(1, int(ctx.threshold("drift_guard_days")) // days)


# Which baseline gave an indicator its points (reported as `basis`, see scoring.py).
BASES = ("window", "day", "drift")
