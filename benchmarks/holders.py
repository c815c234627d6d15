"""Speed of `selectors.holders(asset)` (who holds an asset now) in a large disclosure register.

    python benchmarks/holders.py [--suppliers 1000] [--assets 10000] [--disclosures 200000] [--samples 200]

In a fresh SQLite database (temporary SHUHI_DATA_DIR) it bulk-creates an outsourcer, `--suppliers`
first-tier suppliers (three in ten with a sub-supplier), `--assets` assets and `--disclosures`
disclosures with their asset rows: most hold one to three assets, a few popular assets go out
widely; about 70% are held now, the rest ended or still requested. Then, in the same run, it times

1. the baseline: `Disclosure.assets.through.objects.filter(informationasset=asset).count()`, the
   bare count of the asset's rows in the through table through the ORM;
2. `shuhi.disclosures.selectors.holders(asset)`, the holders grouped by organisation,

for `--samples` random assets and the most-held one, with the number of queries each call makes.
Issue target: median under 50 ms.
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


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=1000)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--disclosures", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def _setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "shuhi.settings"
    os.environ["SHUHI_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _organisations(suppliers: int, rnd: random.Random) -> dict[str, Any]:
    from shuhi.core.models import Organisation
    from shuhi.core.permissions import SystemActor
    from shuhi.core.services import organisation_create
    from shuhi.ledger.services import ledger_setup_defaults

    actor = SystemActor("benchmark")
    home = organisation_create(actor=actor, name="ベンチマーク製作所", kind=Organisation.Kind.HOME)
    tiers = ledger_setup_defaults(actor=actor, organisation=home)
    Organisation.objects.bulk_create([Organisation(name=f"委託先{i:05d}") for i in range(suppliers)], batch_size=BATCH)
    firsts = list(Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER, parent__isnull=True))
    parents = rnd.sample(firsts, k=len(firsts) * 3 // 10)
    Organisation.objects.bulk_create([Organisation(name=f"再委託先{i:05d}", parent=p) for i, p in enumerate(parents)],
                                     batch_size=BATCH)
    subs: dict[int, list[int]] = {}
    for sub_id, parent_id in Organisation.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        subs.setdefault(parent_id, []).append(sub_id)
    return {"home": home, "tiers": tiers, "firsts": [o.pk for o in firsts], "subs": subs}


def _assets(home, tiers, count: int) -> list[int]:
    from shuhi.ledger.models import InformationAsset

    InformationAsset.objects.bulk_create(
        [InformationAsset(organisation=home, code=f"A-{i:06d}", name=f"資産{i:06d}", tier=tiers[i % len(tiers)])
         for i in range(count)], batch_size=BATCH)
    return list(InformationAsset.objects.order_by("pk").values_list("pk", flat=True))


def _ndas(home, firsts: list[int]) -> dict[int, int]:
    from shuhi.disclosures.models import Nda

    today = dt.date.today()
    Nda.objects.bulk_create([Nda(organisation=home, supplier_id=s, reference=f"NDA-{s}", title="秘密保持契約",
                                 starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=400),
                                 status=Nda.Status.ACTIVE) for s in firsts], batch_size=BATCH)
    return dict(Nda.objects.values_list("supplier_id", "pk"))


def _status(rnd: random.Random) -> str:
    from shuhi.disclosures.models import Disclosure

    roll = rnd.random()
    if roll < 0.70:
        return rnd.choice(Disclosure.HELD)
    if roll < 0.85:
        return rnd.choice(Disclosure.ENDED)
    return rnd.choice([Disclosure.Status.REQUESTED, Disclosure.Status.APPROVED])


def _pick_assets(rnd: random.Random, assets: list[int], popular: list[int]) -> set[int]:
    """One to three assets (mostly one or two); one disclosure in ten includes a popular asset."""
    chosen = set(rnd.sample(assets, k=rnd.choices([1, 2, 3], weights=[50, 35, 15])[0]))
    if rnd.random() < 0.10:
        chosen.add(rnd.choice(popular))
    return chosen


def _disclosures(world: dict[str, Any], assets: list[int], ndas: dict[int, int], count: int,
                 rnd: random.Random) -> None:
    from shuhi.disclosures.models import Disclosure

    through = Disclosure.assets.through
    popular = assets[:20]
    today = dt.date.today()
    home, firsts, subs = world["home"], world["firsts"], world["subs"]
    for start in range(0, count, BATCH):
        rows, links = [], []
        for i in range(start, min(start + BATCH, count)):
            supplier = rnd.choice(firsts)
            recipient = rnd.choice(subs[supplier]) if supplier in subs and rnd.random() < 0.2 else supplier
            status = _status(rnd)
            handed = today - dt.timedelta(days=rnd.randint(1, 700)) if status in (*Disclosure.HELD,
                                                                                  *Disclosure.ENDED) else None
            rows.append(Disclosure(organisation=home, number=f"D-{i:07d}", supplier_id=supplier,
                                   recipient_id=recipient, nda_id=ndas.get(supplier), status=status,
                                   copies=rnd.randint(1, 3), handed_over_on=handed,
                                   due_date=today + dt.timedelta(days=rnd.randint(-30, 365))))
            links.append(_pick_assets(rnd, assets, popular))
        made = Disclosure.objects.bulk_create(rows, batch_size=BATCH)
        through.objects.bulk_create([through(disclosure_id=d.pk, informationasset_id=a)
                                     for d, chosen in zip(made, links, strict=True) for a in chosen],
                                    batch_size=BATCH)


def _timed(func, *args) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        func(*args)
        seconds = time.perf_counter() - started
    return seconds * 1000, len(queries.captured_queries)


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ordered[-1], 2)}


def _measure(assets: list[int], samples: int, rnd: random.Random) -> dict[str, Any]:
    from django.db.models import Count

    from shuhi.disclosures import selectors
    from shuhi.disclosures.models import Disclosure
    from shuhi.ledger.models import InformationAsset

    through = Disclosure.assets.through
    most = (through.objects.filter(disclosure__status__in=Disclosure.HELD).values("informationasset_id")
            .annotate(n=Count("pk")).order_by("-n").first())
    chosen = rnd.sample(assets, k=min(samples, len(assets)))
    objects = {a.pk: a for a in InformationAsset.objects.filter(pk__in=[*chosen, most["informationasset_id"]])}

    def baseline(asset):
        return through.objects.filter(informationasset_id=asset.pk).count()

    selectors.holders(objects[chosen[0]])  # warm the connection and the model caches
    base = [_timed(baseline, objects[a])[0] for a in chosen]
    runs = [_timed(selectors.holders, objects[a]) for a in chosen]
    top_asset = objects[most["informationasset_id"]]
    top_ms, top_queries = _timed(selectors.holders, top_asset)
    top_base, _q = _timed(baseline, top_asset)
    holders = selectors.holders(top_asset)
    return {
        "baseline": _summary(base), "holders": _summary([ms for ms, _n in runs]),
        "queries": sorted({n for _ms, n in runs}),
        "most_held": {"asset": top_asset.code, "held_disclosures": most["n"], "holders": len(holders),
                      "ms": round(top_ms, 2), "queries": top_queries, "baseline_ms": round(top_base, 2)},
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    rnd = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="shuhi-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        _setup_django(folder)
        started = time.perf_counter()
        world = _organisations(args.suppliers, rnd)
        assets = _assets(world["home"], world["tiers"], args.assets)
        ndas = _ndas(world["home"], world["firsts"])
        _disclosures(world, assets, ndas, args.disclosures, rnd)
        from shuhi.disclosures.models import Disclosure

        links = Disclosure.assets.through.objects.count()
        print(f"built {len(world['firsts']):,} suppliers (+{sum(map(len, world['subs'].values())):,} sub-suppliers), "
              f"{len(assets):,} assets, {args.disclosures:,} disclosures, {links:,} asset rows "
              f"in {time.perf_counter() - started:.1f}s")
        figures = _measure(assets, args.samples, rnd)
        base, got, top = figures["baseline"], figures["holders"], figures["most_held"]
        ratio = got["median_ms"] / base["median_ms"] if base["median_ms"] else float("inf")
        print(f"baseline (ORM count of the asset's through rows): median {base['median_ms']} ms, "
              f"p95 {base['p95_ms']} ms, max {base['max_ms']} ms")
        print(f"selectors.holders over {args.samples} random assets: median {got['median_ms']} ms, "
              f"p95 {got['p95_ms']} ms, max {got['max_ms']} ms — {ratio:.1f}x baseline; "
              f"queries per call: {', '.join(map(str, figures['queries']))}")
        print(f"most-held asset {top['asset']} ({top['held_disclosures']:,} held disclosures, {top['holders']:,} "
              f"holders): {top['ms']} ms in {top['queries']} queries (baseline {top['baseline_ms']} ms)")
        target = "met" if got["median_ms"] < 50 else "MISSED"
        print(f"target median < 50 ms: {target}")
        if args.json:
            args.json.write_text(json.dumps({**figures, "ratio": round(ratio, 2)}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
