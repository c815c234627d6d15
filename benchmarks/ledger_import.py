"""Speed of the ledger import at 100,000 assets, against openpyxl merely reading the same file.

    python benchmarks/ledger_import.py [--rows 100000] [--keep DIR]

In a fresh SQLite database (temporary SHUHI_DATA_DIR) it creates an organisation with the default
tiers, departments, people and storage locations, writes a ledger workbook of `--rows` assets,
then measures in the same run:

1. the baseline: `openpyxl.load_workbook(read_only=True, data_only=True)` iterating every row;
2. shuhi's import: parse, validate, write (all or nothing, one audit entry per asset);
3. `shuhi.ledger.checks.run_checks` over all assets (when checks.py exists);
4. the ledger list page (`ledger:list`) for an administrator (when the URL exists).

Issue 3 targets import ≤ 3× the baseline and a list page well under a second. The baseline is
timed before and after the import and the faster run is used, so a warm cache favours it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
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


def _organisation() -> dict[str, Any]:
    from shuhi.core.models import Organisation
    from shuhi.core.permissions import SystemActor
    from shuhi.core.roles import Role
    from shuhi.core.services import department_create, organisation_create, user_create
    from shuhi.ledger.services import ledger_setup_defaults, location_create

    actor = SystemActor("benchmark")
    home = organisation_create(actor=actor, name="ベンチマーク製作所", kind=Organisation.Kind.HOME)
    departments = [department_create(actor=actor, organisation=home, name=f"部署{i:02d}") for i in range(20)]
    people = [user_create(actor=actor, email=f"user{i}@bench.example", full_name=f"社員{i:03d}", organisation=home,
                          role=Role.EMPLOYEE, department=departments[i % 20]) for i in range(100)]
    admin = user_create(actor=actor, email="admin@bench.example", full_name="管理者", organisation=home,
                        role=Role.ADMIN)
    tiers = ledger_setup_defaults(actor=actor, organisation=home)
    locations = [location_create(actor=actor, organisation=home, name=f"共有フォルダ{i:02d}", tier=tiers[i % 3],
                                 path_patterns=f"\\\\fs01\\share{i:02d}\\**") for i in range(30)]
    return {"home": home, "admin": admin, "departments": departments, "people": people, "tiers": tiers,
            "locations": locations}


def _write_workbook(path: Path, rows: int, world: dict[str, Any]) -> None:
    from openpyxl import Workbook

    from shuhi.ledger.spreadsheet.excel_format import (
        CATEGORY_WORDS,
        LABEL_WORDS,
        LEDGER_COLUMNS,
        LEDGER_SHEET_NAMES,
    )

    rng = random.Random(3)
    categories, labels = list(CATEGORY_WORDS.values()), list(LABEL_WORDS.values())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(LEDGER_SHEET_NAMES[0])
    # Excel writes the sheet's size (<dimension>); without it openpyxl read-only parses the sheet twice,
    # which would inflate the baseline.
    sheet.calculate_dimension = lambda: f"A1:P{rows + 1}"
    sheet.append([column.ja for column in LEDGER_COLUMNS])
    for index in range(1, rows + 1):
        where = rng.sample(world["locations"], rng.randint(0, 2))
        retention = rng.choice(["5年", "10年", "2030-03-31", "永年", ""])
        sheet.append([
            f"A-{index:06d}", f"情報資産 {index} 設計図面・仕様書", "試作品の評価結果と改善点をまとめた資料",
            rng.choice(categories), rng.choice(world["tiers"]).name, rng.choice(["はい", "いいえ"]),
            rng.choice(["はい", "いいえ"]), rng.choice(world["departments"]).name,
            rng.choice(world["people"]).full_name, ";".join(loc.name for loc in where), retention,
            rng.choice(["シュレッダー", "溶解処理", "データ完全消去", ""]), rng.randint(1, 5), rng.randint(1, 5),
            rng.choice(labels), "",
        ])
    workbook.save(path)


def baseline(path: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    assert count > 0
    return time.perf_counter() - started


def _import(path: Path, world: dict[str, Any], profile: bool) -> tuple[float, Any]:
    from shuhi.ledger.spreadsheet.importer import import_ledger

    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(import_ledger, actor=world["admin"], organisation=world["home"], path=path)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    else:
        report = import_ledger(actor=world["admin"], organisation=world["home"], path=path)
    return time.perf_counter() - started, report


def _checks(world: dict[str, Any]) -> tuple[float | None, int]:
    try:
        from shuhi.ledger.checks import run_checks
    except ImportError:
        return None, 0
    started = time.perf_counter()
    findings = run_checks(world["home"])
    return time.perf_counter() - started, len(findings)


def _list_page(world: dict[str, Any]) -> float | None:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from shuhi.testing.cast import sign_in

    try:
        url = reverse("ledger:list")
    except NoReverseMatch:
        return None
    client = Client()
    sign_in(client, world["admin"])
    timings = []
    for _attempt in range(5):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return sorted(timings)[len(timings) // 2]


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="shuhi-ledger-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        _setup_django(folder)
        world = _organisation()
        path = folder / "ledger.xlsx"
        started = time.perf_counter()
        _write_workbook(path, args.rows, world)
        print(f"wrote {args.rows:,} assets to {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - started:.1f}s")
        base_before = baseline(path)
        seconds, report = _import(path, world, args.profile)
        assert report.ok and report.created == args.rows, report.errors[:5]
        base = min(base_before, baseline(path))
        checks, findings = _checks(world)
        page = _list_page(world)
        figures = {"rows": args.rows, "baseline_s": round(base, 2), "import_s": round(seconds, 2),
                   "ratio": round(seconds / base, 2), "checks_s": None if checks is None else round(checks, 2),
                   "findings": findings, "list_page_ms": None if page is None else round(page * 1000)}
        print(f"baseline (openpyxl read-only, all rows): {base:.2f}s")
        print(f"shuhi import (parse, validate, write, audit): {seconds:.2f}s — {seconds / base:.2f}x baseline "
              f"(target ≤ 3x)")
        print("run_checks: skipped (shuhi.ledger.checks not available)" if checks is None
              else f"run_checks: {checks:.2f}s, {findings:,} findings")
        print("list page: skipped (no ledger:list URL yet)" if page is None
              else f"ledger list page: {page * 1000:.0f} ms (median of 5)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
    return 0 if seconds / base <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
