"""Load: concurrent users on the main pages and the API, on SQLite and on PostgreSQL, with locust.

    python benchmarks/load.py [--users 50] [--seconds 60 | --minutes 5] [--web-workers 4]
                              [--databases sqlite,postgresql] [--assets 5000] [--keep DIR]

The default run is short (50 users for 60 s per database) so that `make bench` stays quick; the
figures of issue 12 are for `--minutes 5`. For each database a fresh installation is made with
the command line (`shuhi migrate`, `shuhi demo`, a ledger of `--assets` assets imported with
`shuhi ledger import`) and served with `shuhi serve --workers N` (gunicorn, sync workers, and the
background worker beside it). PostgreSQL is a throw-away cluster started by
scripts/with-postgres.sh (fsync off, like the test suite's), with persistent connections
(DB_CONN_MAX_AGE=60) as docs/deploy.md recommends; SQLite is the default file in WAL mode.

The users (benchmarks/loadtest/shuhi_users.py): outsourcer staff on the pages (department manager,
employee, HR, auditor: the roles that sign in without a second factor), the outsourcer's API with an
administrator's token, supplier representatives in the portal (who also save draft answers, a
write) and suppliers' API tokens. Each waits 1-3 s between requests. Only pages and API paths that
answered 200 for that user before the run are used, so every error counted is one the load caused.

Printed for each database: requests/s, p50/p95/p99 and errors per group and for all application
requests, beside the baseline measured in the same run: a static file served by the same gunicorn
workers (WhiteNoise), which costs no view and no database. Target (issue 12): 0 errors and p95 under
300 ms on PostgreSQL with 4 web workers; the exit status is 1 when PostgreSQL misses it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SHUHI = [sys.executable, "-m", "shuhi.cli"]
LOCUSTFILE = REPO / "benchmarks" / "loadtest" / "shuhi_users.py"
DEMO_PASSWORD = "shuhi-demo-2026"  # printed by `shuhi demo`  # noqa: S105
STATIC = "/static/shuhi/site.css"
TARGET_P95_MS, START_SECONDS = 300, 180
OUTSOURCER_PAGE_LOGINS = ["owner@minato-seiki.example", "employee@minato-seiki.example", "hr@minato-seiki.example",
                          "auditor@minato-seiki.example"]
APP_GROUPS = ("outsourcer pages", "outsourcer API", "supplier pages", "supplier API", "supplier writes")

# Rows this installation has, found once it is made (ids for the detail pages, the drafts to save).
DISCOVER = """
import json
import django
django.setup()
from shuhi.core.models import Organisation, User
from shuhi.ledger.models import InformationAsset
from shuhi.reviews.models import ReviewCycle
from shuhi.suppliers.models import Assessment, Campaign

home = Organisation.objects.get(kind=Organisation.Kind.HOME)
drafts = {}
for assessment in Assessment.objects.filter(status=Assessment.Status.DRAFT).select_related("framework"):
    for question in assessment.framework.doc.questions():
        if question.type in {"yes_no", "single"} and not question.show_if:
            choices = [c.id for c in question.choices] if question.type == "single" else ["yes", "no"]
            drafts[assessment.supplier_id] = {"path": f"/suppliers/assessments/{assessment.pk}/",
                                              "question": question.id, "choices": choices}
            break
reps = [{"email": u.email, "organisation": u.organisation_id,
         "assessments": list(Assessment.objects.filter(supplier_id=u.organisation_id).values_list("pk", flat=True))}
        for u in User.objects.filter(role="supplier_rep", email__endswith=".example").order_by("pk")]
print(json.dumps({
    "assets": list(InformationAsset.objects.filter(organisation=home).values_list("pk", flat=True)[:200]),
    "suppliers": list(Organisation.objects.exclude(pk=home.pk).values_list("pk", flat=True)),
    "assessments": list(Assessment.objects.values_list("pk", flat=True)),
    "campaigns": list(Campaign.objects.values_list("pk", flat=True)),
    "cycles": list(ReviewCycle.objects.values_list("pk", flat=True)),
    "reps": reps, "drafts": {str(k): v for k, v in drafts.items()},
}))
"""

LEDGER = """
import random, sys
import django
django.setup()
from openpyxl import Workbook
from shuhi.core.models import Department, Organisation, User
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LEDGER_SHEET_NAMES
from shuhi.ledger.models import StorageLocation, Tier

home = Organisation.objects.get(kind=Organisation.Kind.HOME)
tiers = list(Tier.objects.filter(organisation=home).values_list("name", flat=True))
departments = list(Department.objects.filter(organisation=home).values_list("name", flat=True))
people = list(User.objects.filter(organisation=home).values_list("email", flat=True))
places = list(StorageLocation.objects.filter(organisation=home).values_list("name", flat=True))
rng, keys = random.Random(5), [column.key for column in LEDGER_COLUMNS]
book = Workbook(write_only=True)
sheet = book.create_sheet(LEDGER_SHEET_NAMES[0])
sheet.append([column.ja for column in LEDGER_COLUMNS])
for index in range(int(sys.argv[2])):
    row = dict.fromkeys(keys, "")
    row.update(code=f"{sys.argv[3]}-{index:06d}", name=f"負荷試験の資産 {index} 設計図面",
               description="試作品の評価結果と改善点",
               tier=rng.choice(tiers), department=rng.choice(departments), owner=rng.choice(people),
               locations=rng.choice(places) if places else "", retention="5年", likelihood=rng.randint(1, 5),
               impact=rng.randint(1, 5))
    sheet.append([row[key] for key in keys])
book.save(sys.argv[1])
"""


# --- an installation, served ------------------------------------------------------------------------

@dataclass
class Installation:
    env: dict[str, str]
    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None

    def shuhi(self, *args: str) -> str:
        done = subprocess.run([*SHUHI, *args], env=self.env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"shuhi {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def python(self, script: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, *args], env=self.env, capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self, workers: int) -> None:
        self.port = _free_port()
        log = (self.folder / "serve.log").open("wb")
        self.process = subprocess.Popen([*SHUHI, "serve", "--port", str(self.port), "--workers", str(workers)],
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve ended: {(self.folder / 'serve.log').read_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if _get(f"{self.url}/accounts/login/")[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError("serve did not start")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None, opener=None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _environment(data: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "SHUHI_DATA_DIR": str(data), "SHUHI_LANG": "en", "SHUHI_WORKERS": "1",
           "DJANGO_SETTINGS_MODULE": "shuhi.settings", "PYTHONPATH": str(REPO / "src")}
    for name in ("DATABASE_URL", "REDIS_URL", "SHUHI_SYNC_JOBS", "SHUHI_ENV", "MEDIA_ROOT", "DB_CONN_MAX_AGE"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"], env["DB_CONN_MAX_AGE"] = database_url, "60"
    return env


def make_installation(folder: Path, database_url: str, assets: int) -> tuple[Installation, dict[str, Any]]:
    started = time.monotonic()
    installation = Installation(env=_environment(folder / "data", database_url), folder=folder)
    installation.shuhi("migrate", "--verbosity", "0")
    installation.shuhi("demo", "--quiet")
    if assets:
        workbook = folder / "ledger.xlsx"
        installation.python(LEDGER, str(workbook), str(assets), "L")
        installation.shuhi("ledger", "import", str(workbook))
    rows = json.loads(installation.python(DISCOVER).strip().splitlines()[-1])
    rows["admin_token"] = installation.shuhi("createtoken", "admin@minato-seiki.example").strip().splitlines()[-1]
    for rep in rows["reps"]:
        rep["token"] = installation.shuhi("createtoken", rep["email"]).strip().splitlines()[-1]
    print(f"  installation: demo data and {assets:,} more assets in {time.monotonic() - started:.0f}s", flush=True)
    return installation, rows


# --- what each user may open ------------------------------------------------------------------------

def _signed_in(url: str, email: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, page = _get(f"{url}/accounts/login/", opener=opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{url}/accounts/login/", data=body.encode(), method="POST")  # noqa: S310
    with opener.open(request, timeout=60) as response:
        response.read()
    return opener


def _answering(url: str, paths: list[str], opener=None, headers: dict[str, str] | None = None) -> list[str]:
    return [path for path in paths if _get(url + path, headers=headers, opener=opener)[0] == 200]


def _first(ids: list[int]) -> list[int]:
    return ids[:1]


def page_candidates(rows: dict[str, Any]) -> list[str]:
    paths = ["/", "/ledger/", "/ledger/?page=2", "/ledger/locations/", "/ledger/selfcheck/", "/suppliers/",
             "/suppliers/campaigns/", "/suppliers/risk/", "/reviews/", "/jobs/", "/people/", "/organisations/",
             "/scans/", "/audit/"]
    paths += [f"/ledger/{pk}/" for pk in rows["assets"][:3]]
    paths += [f"/suppliers/{pk}/" for pk in _first(rows["suppliers"])]
    paths += [f"/suppliers/assessments/{pk}/" for pk in _first(rows["assessments"])]
    paths += [f"/suppliers/campaigns/{pk}/" for pk in _first(rows["campaigns"])]
    paths += [f"/reviews/{pk}/" for pk in _first(rows["cycles"])]
    return paths


API = ["/api/v1/me/", "/api/v1/organisations/", "/api/v1/assessments/", "/api/v1/assessment-versions/",
       "/api/v1/evidence/", "/api/v1/reminders/", "/api/v1/improvement-items/", "/api/v1/jobs/"]


def load_config(installation: Installation, rows: dict[str, Any], out: Path) -> dict[str, Any]:
    url = installation.url
    outsourcer = [{"email": email, "password": DEMO_PASSWORD,
                   "paths": _answering(url, page_candidates(rows), opener=_signed_in(url, email))}
                  for email in OUTSOURCER_PAGE_LOGINS]
    suppliers, supplier_api = [], []
    for rep in rows["reps"]:
        own = ["/", "/suppliers/portal/", "/suppliers/improvements/", "/jobs/",
               *(f"/suppliers/assessments/{pk}/" for pk in rep["assessments"])]
        suppliers.append({"email": rep["email"], "password": DEMO_PASSWORD,
                          "paths": _answering(url, own, opener=_signed_in(url, rep["email"])),
                          "draft": rows["drafts"].get(str(rep["organisation"]))})
        supplier_api.append({"token": rep["token"], "paths": _answering(
            url, API, headers={"Authorization": f"Token {rep['token']}"})})
    admin_api = [*API, "/api/v1/assets/?page_size=50", "/api/v1/assets/?page=3&page_size=50", "/api/v1/locations/",
                 "/api/v1/review-cycles/", "/api/v1/audit-entries/?page_size=50", "/api/v1/departments/",
                 *(f"/api/v1/assets/{pk}/" for pk in rows["assets"][:3])]
    config = {"static": STATIC, "outsourcer_pages": outsourcer, "supplier_pages": suppliers,
              "outsourcer_api": [{"token": rows["admin_token"], "paths": _answering(
                  url, admin_api, headers={"Authorization": f"Token {rows['admin_token']}"})}],
              "supplier_api": supplier_api}
    out.write_text(json.dumps(config, ensure_ascii=False, indent=1))
    return config


# --- the run and its figures ------------------------------------------------------------------------

def run_locust(installation: Installation, config_path: Path, samples: Path, users: int, seconds: int) -> float:
    """Runs locust headless; returns the CPU seconds the load generator itself used."""
    locust = Path(sys.executable).with_name("locust")
    env = {**os.environ, "SHUHI_LOAD_CONFIG": str(config_path), "SHUHI_LOAD_SAMPLES": str(samples)}
    command = [str(locust), "-f", str(LOCUSTFILE), "--headless", "--users", str(users),
               "--spawn-rate", str(max(1, users // 10)), "--run-time", f"{seconds}s", "--host", installation.url,
               "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    cpu = 0.0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            times = watched.cpu_times()
            cpu = times.user + times.system
        time.sleep(1)
    if not samples.exists():
        raise RuntimeError(f"locust wrote no samples: {process.stderr.read()[-3000:]}")
    return cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def figures(samples: list[list[Any]], seconds: float) -> dict[str, dict[str, float]]:
    groups: dict[str, list[list[Any]]] = {}
    for sample in samples:
        groups.setdefault(sample[1], []).append(sample)
    groups["all application requests"] = [s for s in samples if s[1] in APP_GROUPS]
    result = {}
    for name, rows in groups.items():
        times = [row[2] for row in rows]
        result[name] = {"requests": len(rows), "rps": len(rows) / seconds, "p50": percentile(times, 0.50),
                        "p95": percentile(times, 0.95), "p99": percentile(times, 0.99),
                        "errors": sum(not row[3] for row in rows)}
    return result


def failures(samples: list[list[Any]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, _group, _time, ok, _start in samples:
        if not ok:
            found[name] = found.get(name, 0) + 1
    return found


def import_during(installation: Installation, rows: dict[str, Any], workbook: Path, delay: float) -> dict[str, Any]:
    """After `delay` s, the administrator imports a large ledger through the API: one long write
    transaction in a web worker while the users go on (SQLite lets one writer in at a time)."""
    result: dict[str, Any] = {"rows": int(workbook.stem.split("-")[-1])}

    def run() -> None:
        time.sleep(delay)
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + workbook.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", installation.port, timeout=600)
        try:
            connection.request("POST", "/api/v1/assets/import/", body=body, headers={
                "Authorization": f"Token {rows['admin_token']}",
                "Content-Type": f"multipart/form-data; boundary={boundary}"})
            response = connection.getresponse()
            result["status"], answer = response.status, response.read()
            result["created"] = json.loads(answer).get("created") if response.status == 200 else answer[:300].decode()
        except (OSError, http.client.HTTPException) as exc:
            result["status"] = type(exc).__name__
        finally:
            connection.close()
        result["seconds"] = time.monotonic() - started

    result["thread"] = threading.Thread(target=run, daemon=True)
    result["thread"].start()
    return result


def run_database(label: str, database_url: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    print(f"== {label}: {args.users} users for {args.seconds}s, {args.web_workers} web workers", flush=True)
    installation, rows = make_installation(folder, database_url, args.assets)
    workbook = folder / f"import-{args.import_rows}.xlsx"
    if args.import_rows:
        installation.python(LEDGER, str(workbook), str(args.import_rows), "IMPORT")
    importing = None
    try:
        installation.serve(args.web_workers)
        load_config(installation, rows, folder / "locust.json")
        if args.import_rows:
            importing = import_during(installation, rows, workbook, delay=args.seconds / 3)
        cpu = run_locust(installation, folder / "locust.json", folder / "samples.json", args.users, args.seconds)
        if importing:
            importing.pop("thread").join(600)
    finally:
        installation.stop()
    samples = json.loads((folder / "samples.json").read_text())
    return {"database": label, "figures": figures(samples, args.seconds), "failures": failures(samples),
            "locust_cpu_s": cpu, "users": args.users, "seconds": args.seconds, "web_workers": args.web_workers,
            "import": importing}


def print_result(result: dict[str, Any]) -> None:
    print(f"\n{result['database']}: {result['users']} users, {result['seconds']}s, {result['web_workers']} web "
          f"workers (load generator used {result['locust_cpu_s']:.0f} CPU-s of the same machine)")
    print(f"  {'group':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}")
    order = ["baseline", *APP_GROUPS, "log-in", "all application requests"]
    for name in sorted(result["figures"], key=lambda n: order.index(n) if n in order else 99):
        row = result["figures"][name]
        print(f"  {name:<26} {row['requests']:>8} {row['rps']:>7.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} "
              f"{row['p99']:>7.0f} {row['errors']:>7}")
    if result["failures"]:
        print(f"  failed requests by name: {result['failures']}")
    if result.get("import"):
        done = result["import"]
        print(f"  during the run the administrator imported {done['rows']:,} assets through the API: "
              f"{done.get('status')} after {done.get('seconds', 0):.1f}s ({done.get('created')} created)")


def _postgres_child(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """The PostgreSQL run, inside scripts/with-postgres.sh (a throw-away cluster on a free port)."""
    out = folder / "postgresql.json"
    command = ["bash", str(REPO / "scripts" / "with-postgres.sh"), sys.executable, __file__, "--child-postgresql",
               str(out), "--users", str(args.users), "--seconds", str(args.seconds), "--web-workers",
               str(args.web_workers), "--assets", str(args.assets), "--import-rows", str(args.import_rows),
               "--keep", str(folder / "postgresql")]
    done = subprocess.run(command, env={**os.environ, "SHUHI_PG_PORT": str(_free_port())}, text=True,
                          timeout=args.seconds + 1800)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError("the PostgreSQL run failed (see above)")
    return json.loads(out.read_text())


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="length of each run (default 60: a short run)")
    parser.add_argument("--minutes", type=float, default=None, help="length of each run in minutes (issue 12: 5)")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--assets", type=int, default=5000, help="assets added to the demo ledger (default 5,000)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--import-rows", type=int, default=0, help="also import a ledger of this many assets "
                        "through the API a third into the run (one long write transaction; default: none)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--child-postgresql", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.minutes:
        args.seconds = int(args.minutes * 60)
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if not Path(sys.executable).with_name("locust").exists():
        print("locust is not installed in this environment: pip install -e '.[test]'")
        return 1
    with tempfile.TemporaryDirectory(prefix="shuhi-load-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.child_postgresql:
            result = run_database("PostgreSQL", os.environ["DATABASE_URL"], args, folder)
            args.child_postgresql.write_text(json.dumps(result))
            return 0
        results = []
        for database in args.databases.split(","):
            if database == "sqlite":
                results.append(run_database("SQLite", "", args, folder / "sqlite"))
            elif database == "postgresql":
                results.append(_postgres_child(args, folder))
    for result in results:
        print_result(result)
    return verdict(results, args)


def verdict(results: list[dict[str, Any]], args: argparse.Namespace) -> int:
    code = 0
    for result in results:
        total = result["figures"]["all application requests"]
        met = total["errors"] == 0 and total["p95"] < TARGET_P95_MS
        print(f"{result['database']}: {total['rps']:.1f} requests/s, p95 {total['p95']:.0f} ms, {total['errors']} "
              f"errors (baseline static file p95 {result['figures']['baseline']['p95']:.0f} ms) — target 0 errors "
              f"and p95 < {TARGET_P95_MS} ms: {'met' if met else 'missed'}")
        if result["database"] == "PostgreSQL" and not met:
            code = 1
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
