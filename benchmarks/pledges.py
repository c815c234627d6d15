"""Exit pledges for many leavers at once: time and queries per pledge, against a bare-ORM baseline.

    python benchmarks/pledges.py [--scale 1.0] [--days 42] [--json out.json]

At scale 1 (the issue's figures): 1,000 leavers, a ledger of 100,000 assets and a log-review store of
1,000 users built by the synth engine (`--days` of logs, 42 at least). In a fresh SQLite database
(temporary SHUHI_DATA_DIR) it bulk-creates the outsourcer, 40 departments, 200 projects, 24 storage
locations (among them the synthetic file server's shares, with their path patterns), the assets
(each in one department, one project and one location), and the leavers (their employee numbers are
the log's user ids, so the log review finds them). It writes the synthetic logs, registers them as a
log source and ingests the store once (timed apart). Then, in the same run, it times

1. the baseline: for each leaver, the bare ORM query of the ledger's assets of their projects and
   department (what the ledger part of a pledge's scope reads), codes only;
2. the log part alone: the engine's `resources_touched` over the store for that leaver;
3. the exit event through `lifecycle_event_record` (the service HR's page calls): person updated,
   exit pledge drafted with its full scope (ledger and logs), text rendered, audited, checklist opened;

and prints, per pledge, the median, p95 and mean time and the number of queries, with the size of
the scopes. `--scale 0.05` runs the same at a twentieth of the size (a quick check).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

BATCH = 5000
SYNTH_START = dt.date(2010, 1, 4)
SHARES = {  # the synthetic file server's classified shares (see shuhi/logreview/synth.py's context.yaml)
    "極秘共有": ("top_secret", "\\\\fileserver\\secret\\**"),
    "社外秘共有": ("confidential", "\\\\fileserver\\confidential\\**"),
    "公開共有": ("public", "\\\\fileserver\\public\\**"),
}


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1,000 leavers, 100,000 assets, 1,000 log users")
    parser.add_argument("--days", type=int, default=42, help="days of synthetic logs (42 at least)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def _setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "shuhi.settings"
    os.environ["SHUHI_DATA_DIR"] = str(folder)
    os.environ["SHUHI_LOG_ROOTS"] = str(folder / "logs")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _ledger(actor: Any, assets: int, rnd: random.Random) -> dict[str, Any]:
    from shuhi.core.models import Department, Organisation, Project
    from shuhi.core.services import organisation_create
    from shuhi.ledger.models import InformationAsset, StorageLocation
    from shuhi.ledger.services import ledger_setup_defaults

    home = organisation_create(actor=actor, name="ベンチマーク製作所", kind=Organisation.Kind.HOME)
    tiers = {t.key: t for t in ledger_setup_defaults(actor=actor, organisation=home)}
    Department.objects.bulk_create([Department(organisation=home, name=f"部署{i:02d}") for i in range(40)])
    departments = list(Department.objects.filter(organisation=home).values_list("pk", flat=True))
    Project.objects.bulk_create([Project(organisation=home, name=f"案件{i:03d}", code=f"P-{i:03d}")
                                 for i in range(200)])
    projects = list(Project.objects.filter(organisation=home).values_list("pk", flat=True))
    locations = [StorageLocation(organisation=home, name=name, tier=tiers[tier], path_patterns=pattern)
                 for name, (tier, pattern) in SHARES.items()]
    locations += [StorageLocation(organisation=home, name=f"部署フォルダ{i:02d}", tier=tiers["confidential"],
                                  path_patterns=f"\\\\nas\\dept{i:02d}\\**") for i in range(21)]
    StorageLocation.objects.bulk_create(locations)
    location_ids = list(StorageLocation.objects.filter(organisation=home).values_list("pk", flat=True))
    tier_list = list(tiers.values())
    InformationAsset.objects.bulk_create(
        [InformationAsset(organisation=home, code=f"A-{i:06d}", name=f"資産{i:06d}", tier=tier_list[i % len(tier_list)],
                          department_id=departments[i % len(departments)]) for i in range(assets)], batch_size=BATCH)
    ids = list(InformationAsset.objects.filter(organisation=home).order_by("pk").values_list("pk", flat=True))
    through_p, through_l = InformationAsset.projects.through, InformationAsset.locations.through
    through_p.objects.bulk_create([through_p(informationasset_id=a, project_id=rnd.choice(projects)) for a in ids],
                                  batch_size=BATCH)
    through_l.objects.bulk_create([through_l(informationasset_id=a, storagelocation_id=rnd.choice(location_ids))
                                   for a in ids], batch_size=BATCH)
    return {"home": home, "departments": departments, "projects": projects}


def _logs(folder: Path, users: int, days: int, seed: int) -> tuple[Path, float]:
    from shuhi.logreview.synth import generate

    out = folder / "logs" / "synth"
    started = time.perf_counter()
    generate(out, users=users, days=days, seed=seed)
    return out, time.perf_counter() - started


def _leavers(actor: Any, world: dict[str, Any], user_ids: list[str], count: int, rnd: random.Random) -> list[Any]:
    from shuhi.people.models import Person
    from shuhi.people.services import pledge_templates_setup_defaults

    pledge_templates_setup_defaults(actor=actor, organisation=world["home"])
    numbers = [user_ids[i] if i < len(user_ids) else f"X{i:05d}" for i in range(count)]
    Person.objects.bulk_create([Person(organisation=world["home"], employee_number=n, name=f"退職者{i:04d}",
                                       department_id=rnd.choice(world["departments"]))
                                for i, n in enumerate(numbers)], batch_size=BATCH)
    people = list(Person.objects.filter(organisation=world["home"]).order_by("pk"))
    through = Person.projects.through
    through.objects.bulk_create([through(person_id=p.pk, project_id=pr) for p in people
                                 for pr in rnd.sample(world["projects"], k=2)], batch_size=BATCH)
    return people


def _baseline(world: dict[str, Any], person: Any) -> int:
    from django.db.models import Q

    from shuhi.ledger.models import InformationAsset

    projects = list(person.projects.values_list("pk", flat=True))
    rows = InformationAsset.objects.filter(organisation=world["home"]).filter(
        Q(projects__in=projects) | Q(department_id=person.department_id)).distinct().values_list("code", flat=True)
    return len(list(rows))


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median_ms": round(1000 * statistics.median(ordered), 2),
            "p95_ms": round(1000 * ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
            "mean_ms": round(1000 * statistics.fmean(ordered), 2)}


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    _setup_django(folder)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shuhi.core.permissions import SystemActor
    from shuhi.logreview.context import load_context
    from shuhi.logreview.engine import resolve_source
    from shuhi.logreview.ingest import default_store
    from shuhi.logreview.touched import refresh_store, resources_touched
    from shuhi.people.services import lifecycle_event_record
    from shuhi.reviews.services import source_create

    rnd, actor = random.Random(args.seed), SystemActor("benchmark")
    leavers, assets = max(10, round(1000 * args.scale)), max(1000, round(100_000 * args.scale))
    log_users, days = max(60, round(1000 * args.scale)), max(42, args.days)
    started = time.perf_counter()
    world = _ledger(actor, assets, rnd)
    logs, synth_seconds = _logs(folder, log_users, days, args.seed)
    source = source_create(actor=actor, organisation=world["home"], name="合成ログ", path=str(logs),
                           context_path=str(logs / "context.yaml"))
    files, cert_dir = resolve_source(source.spec)
    ctx = load_context(logs / "context.yaml", cert_dir=cert_dir)
    people = _leavers(actor, world, sorted(ctx.people), leavers, rnd)
    ingest_started = time.perf_counter()
    refresh_store(files, default_store(source.spec), ctx)
    ingest_seconds = time.perf_counter() - ingest_started
    setup_seconds = time.perf_counter() - started
    exit_on = SYNTH_START + dt.timedelta(days=days - 1)
    patterns = {name: [pattern] for name, (_tier, pattern) in SHARES.items()}

    base_times, base_sizes, log_times, pledge_times, queries, items, log_items = [], [], [], [], [], [], []
    for person in people:
        t = time.perf_counter()
        base_sizes.append(_baseline(world, person))
        base_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        resources_touched(default_store(source.spec), users=[person.employee_number],
                          start=exit_on - dt.timedelta(days=90), end=exit_on, locations=patterns)
        log_times.append(time.perf_counter() - t)
    for person in people:
        # The connection keeps the last 9,000 queries only, across captures: emptied before each pledge,
        # or from the ~250th on every pledge would count none.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            event = lifecycle_event_record(actor=actor, person=person, kind="exit", occurred_on=exit_on)
            pledge_times.append(time.perf_counter() - t)
        queries.append(len(captured))
        pledge = event.pledges.get()
        items.append(len(pledge.items))
        log_items.append(sum(1 for item in pledge.items if item.get("source") == "log_review"))
    return {
        "scale": args.scale, "leavers": leavers, "assets": assets, "log_users": log_users, "log_days": days,
        "setup_seconds": round(setup_seconds, 1), "synth_seconds": round(synth_seconds, 1),
        "ingest_seconds": round(ingest_seconds, 2),
        "baseline_orm_scope": {**_stats(base_times), "assets_mean": round(statistics.fmean(base_sizes), 1)},
        "log_query_alone": _stats(log_times),
        "exit_pledge": {**_stats(pledge_times), "total_seconds": round(sum(pledge_times), 1),
                        "queries_median": statistics.median(queries), "queries_max": max(queries),
                        "scope_items_mean": round(statistics.fmean(items), 1),
                        "log_items_mean": round(statistics.fmean(log_items), 2),
                        "leavers_with_log_items": sum(1 for n in log_items if n)},
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="shuhi-bench-pledges-") as folder:
            figures = run(args, Path(folder))
    p, b, lq = figures["exit_pledge"], figures["baseline_orm_scope"], figures["log_query_alone"]
    print(f"exit pledges: {figures['leavers']} leavers, {figures['assets']:,} assets, "
          f"{figures['log_users']} log users over {figures['log_days']} days")
    print(f"  setup {figures['setup_seconds']} s (synthetic logs {figures['synth_seconds']} s, "
          f"ingest {figures['ingest_seconds']} s)")
    print(f"  baseline, bare ORM query of the same assets: median {b['median_ms']} ms, p95 {b['p95_ms']} ms "
          f"({b['assets_mean']} assets a leaver)")
    print(f"  log part alone (engine over the store):      median {lq['median_ms']} ms, p95 {lq['p95_ms']} ms")
    print(f"  exit event with its pledge:                  median {p['median_ms']} ms, p95 {p['p95_ms']} ms, "
          f"mean {p['mean_ms']} ms, total {p['total_seconds']} s")
    print(f"  queries per pledge: median {p['queries_median']}, max {p['queries_max']}; scope items mean "
          f"{p['scope_items_mean']}, from the logs {p['log_items_mean']} "
          f"({p['leavers_with_log_items']} leavers with log items)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
