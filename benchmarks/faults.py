"""kill -9 in the middle of work: after a restart nothing is half-written and the job is marked failed.

    python benchmarks/faults.py [--rows 20000] [--keep DIR]

A real installation (`shuhi migrate`, `shuhi demo`, SQLite in a data directory of its own) is served
with `shuhi serve` as in production: gunicorn and the django-q2 worker. Then, for each scenario,
the work is started as a user starts it and the processes doing it are killed with SIGKILL at a
moment when it is certainly under way:

- ledger import (a): a workbook of `--rows` assets imported in the background (the import page's
  job) and killed once its one transaction is writing (the SQLite WAL grows); and the same file
  through the API, which imports inside the web process;
- assessment submission (b): a supplier's answers and large evidence files posted with "submit",
  killed as soon as the first evidence file reaches the disk (its transaction is open);
- log review (c): a review cycle over a fresh log source, killed while its job runs the engine.

"web" kills gunicorn's worker processes (its master starts new ones); "worker" kills the process
running the job (django-q2 starts a new one); "everything" kills every process of `shuhi serve` at
once, as a power cut would, and serve is started again. Afterwards the benchmark checks the row
counts against the counts before (a killed transaction adds nothing), `shuhi audit verify`, SQLite's
integrity check, the job's status and message, and what is left on disk. The baseline is the same
work done to the end in the same installation (a review cycle run without a kill: its event count).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookiejar
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SHUHI = [sys.executable, "-m", "shuhi.cli"]
DEMO_PASSWORD = "shuhi-demo-2026"  # printed by `shuhi demo`  # noqa: S105
START_SECONDS, JOB_SECONDS, TRIGGER_SECONDS = 180, 240, 240


# --- the installation -----------------------------------------------------------------------------

@dataclass
class Server:
    data: Path
    env: dict[str, str]
    token: str = ""
    port: int = 0
    process: subprocess.Popen | None = None
    log: Path | None = None
    starts: int = 0

    def shuhi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([*SHUHI, *args], env=self.env, capture_output=True, text=True, timeout=600)
        if check and done.returncode != 0:
            raise RuntimeError(f"shuhi {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def start(self) -> None:
        self.port, self.starts = _free_port(), self.starts + 1
        self.log = self.data.parent / f"serve-{self.starts}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen([*SHUHI, "serve", "--port", str(self.port), "--workers", "2"],
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve ended while starting:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.request("GET", "/accounts/login/", token=False)[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"serve did not answer within {START_SECONDS} s")

    def session(self) -> list[psutil.Process]:
        """serve and every process of its session (gunicorn, the worker and their children)."""
        found = []
        for process in psutil.process_iter():
            with contextlib.suppress(psutil.Error, ProcessLookupError, PermissionError):
                if os.getsid(process.pid) == self.process.pid:
                    found.append(process)
        return found

    def web_workers(self) -> list[psutil.Process]:
        masters = [p for p in self.session() if "gunicorn" in " ".join(p.cmdline()) and
                   p.ppid() == self.process.pid]
        return [child for master in masters for child in master.children()]

    def kill(self, processes: list[psutil.Process]) -> int:
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGKILL)
        psutil.wait_procs(processes, timeout=10)
        return len(processes)

    def kill_everything(self) -> int:
        killed = self.kill(self.session())
        self.process.wait(10)
        return killed

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        tree = self.session()
        self.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(60)
        self.kill([p for p in tree if p.is_running()])
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "",
                token: bool = True, timeout: float = 30) -> tuple[int, bytes]:
        headers = {"Authorization": f"Token {self.token}"} if token else {}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data: Path) -> dict[str, str]:
    env = {**os.environ, "SHUHI_DATA_DIR": str(data), "SHUHI_LANG": "en", "SHUHI_WORKERS": "1",
           "DJANGO_SETTINGS_MODULE": "shuhi.settings", "PYTHONPATH": str(REPO / "src")}
    for name in ("DATABASE_URL", "REDIS_URL", "SHUHI_SYNC_JOBS", "SHUHI_ENV", "MEDIA_ROOT"):
        env.pop(name, None)
    return env


def _install(folder: Path) -> Server:
    server = Server(data=folder / "data", env=_environment(folder / "data"))
    server.shuhi("migrate", "--verbosity", "0")
    server.shuhi("demo", "--quiet")
    server.token = server.shuhi("createtoken", "admin@minato-seiki.example").stdout.strip().splitlines()[-1]
    # This process reads and sets up rows of the same installation through the ORM.
    os.environ.update({k: server.env[k] for k in ("SHUHI_DATA_DIR", "DJANGO_SETTINGS_MODULE")})
    for name in ("DATABASE_URL", "SHUHI_SYNC_JOBS", "MEDIA_ROOT"):
        os.environ.pop(name, None)
    import django

    django.setup()
    return server


def _orm(function, *args, **kwargs):
    """ORM work from this process, with no connection kept open across a kill or a restart."""
    from django.db import connections

    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


# --- what is checked --------------------------------------------------------------------------------

COUNTED = {
    "assets": "ledger.InformationAsset", "evidence": "suppliers.Evidence", "versions": "suppliers.AssessmentVersion",
    "audit": "audit.AuditEntry", "reports": "reviews.ReviewCycle",
}


def _counts() -> dict[str, int]:
    from django.apps import apps

    counts = {name: apps.get_model(label).objects.count() for name, label in COUNTED.items() if name != "reports"}
    counts["reports"] = apps.get_model("reviews.ReviewCycle").objects.exclude(report=None).count()
    return counts


@dataclass
class Outcome:
    scenario: str
    killed: str
    moment: str = ""
    job: str = "-"
    rows: str = ""
    audit: str = ""
    integrity: str = ""
    leftovers: str = "none"
    left: str = "none"  # the same, in a word or two for the table
    seconds: float = 0.0
    ok: bool = True
    notes: list[str] = field(default_factory=list)


def _check(server: Server, outcome: Outcome, before: dict[str, int], expected: dict[str, int]) -> None:
    after = _orm(_counts)
    wrong = {k: (after[k], expected.get(k, before[k])) for k in before if after[k] != expected.get(k, before[k])}
    same = [k for k in before if after[k] == before[k]]
    grown = [f"{k} +{after[k] - before[k]}" for k in before if after[k] != before[k]]
    outcome.rows = ", ".join(grown + ([f"{'/'.join(same)} unchanged"] if same else []))
    if wrong:
        outcome.ok = False
        outcome.notes.append(f"unexpected counts (found, expected): {wrong}")
    verify = server.shuhi("audit", "verify", check=False)
    outcome.audit = "verifies" if verify.returncode == 0 else "BROKEN"
    outcome.ok &= verify.returncode == 0
    if verify.returncode:
        outcome.notes.append((verify.stdout + verify.stderr).strip()[-300:])
    import sqlite3

    with contextlib.closing(sqlite3.connect(server.data / "shuhi.sqlite3", timeout=30)) as database:
        outcome.integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    outcome.ok &= outcome.integrity == "ok"


def _job_outcome(server: Server, job_id: int, outcome: Outcome, seconds: float = JOB_SECONDS) -> None:
    from shuhi.jobs.models import Job

    started = time.monotonic()
    deadline = started + seconds
    job = _orm(Job.objects.get, pk=job_id)
    while job.status not in {Job.Status.FAILED, Job.Status.DONE} and time.monotonic() < deadline:
        time.sleep(0.5)
        job = _orm(Job.objects.get, pk=job_id)
    from django.utils import translation

    from shuhi.jobs.recovery import interrupted_message

    creator = _orm(lambda: job.created_by)
    with translation.override(getattr(creator, "language", "") or "ja"):
        interrupted = job.status == Job.Status.FAILED and job.message == interrupted_message()
    outcome.job = f"{job.status} (interrupted)" if interrupted else job.status
    outcome.notes.append(f"job #{job_id} {job.status} {time.monotonic() - started:.1f}s after the kill "
                         f"(or the restart); its message: {job.message}")
    if not interrupted:
        outcome.ok = False
        outcome.notes.append(f"job #{job_id} is {job.status}, not failed as interrupted")


def _wal_size(server: Server) -> int:
    with contextlib.suppress(FileNotFoundError):
        return (server.data / "shuhi.sqlite3-wal").stat().st_size
    return 0


def _wait_for(condition, what: str, seconds: float = TRIGGER_SECONDS, poll: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(poll)


def _restart(server: Server, outcome: Outcome) -> None:
    started = time.monotonic()
    server.start()
    outcome.notes.append(f"restarted in {time.monotonic() - started:.1f}s")


# --- (a) ledger import ------------------------------------------------------------------------------

def _ledger_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from shuhi.core.models import Department, Organisation
    from shuhi.ledger.models import Tier
    from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LEDGER_SHEET_NAMES

    home = Organisation.objects.get(kind=Organisation.Kind.HOME)
    tiers = list(Tier.objects.filter(organisation=home).values_list("name", flat=True))
    departments = list(Department.objects.filter(organisation=home).values_list("name", flat=True))
    rng, prefix = random.Random(9), uuid.uuid4().hex[:6].upper()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(LEDGER_SHEET_NAMES[0])
    sheet.append([column.ja for column in LEDGER_COLUMNS])
    keys = [column.key for column in LEDGER_COLUMNS]
    for index in range(rows):
        row = dict.fromkeys(keys, "")
        row.update(code=f"K{prefix}-{index:06d}", name=f"障害試験用の資産 {index}", description="試作品の評価結果",
                   tier=rng.choice(tiers), department=rng.choice(departments))
        sheet.append([row[key] for key in keys])
    book.save(path)


def _writing(server: Server, margin: int = 2 << 20):
    """True once the WAL has grown by `margin` since this was called: a transaction is writing."""
    start = _wal_size(server)
    return lambda: _wal_size(server) > start + margin


def ledger_job_killed(server: Server, workbook: Path) -> Outcome:
    from django.conf import settings

    from shuhi.core.models import User
    from shuhi.jobs.models import Job
    from shuhi.jobs.services import job_enqueue

    outcome = Outcome("(a) ledger import, background job", "everything")
    before = _orm(_counts)
    imports = Path(settings.MEDIA_ROOT) / "imports"
    imports.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.xlsx"
    (imports / name).write_bytes(workbook.read_bytes())
    admin = _orm(User.objects.get, email="admin@minato-seiki.example")
    job = _orm(job_enqueue, actor=admin, kind="ledger.import",
               params={"file": name, "dry_run": False, "organisation_id": admin.organisation_id})
    _wait_for(lambda: _orm(lambda: Job.objects.get(pk=job.pk).status) == Job.Status.RUNNING, "the job to start")
    writing, started = _writing(server), time.monotonic()
    _wait_for(writing, "the import to write")
    outcome.moment = f"{time.monotonic() - started:.1f}s into the job, its transaction writing"
    outcome.killed += f" ({server.kill_everything()} processes)"
    _restart(server, outcome)
    _job_outcome(server, job.pk, outcome)
    _check(server, outcome, before, {"audit": before["audit"] + 1})  # the job.enqueue entry
    if (imports / name).exists():
        outcome.leftovers = "the uploaded workbook in media/imports (no longer used)"
        outcome.left = "import file"
    return outcome


def _multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields]
    for name, filename, content, kind in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _in_background(call) -> dict[str, Any]:
    answer: dict[str, Any] = {}

    def run() -> None:
        try:
            answer["status"] = call()[0]
        except (OSError, http.client.HTTPException) as exc:
            answer["error"] = type(exc).__name__

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    answer["thread"] = thread
    return answer


def ledger_api_killed(server: Server, workbook: Path) -> Outcome:
    outcome = Outcome("(a) ledger import, API (in the web process)", "web")
    before = _orm(_counts)
    body, kind = _multipart([("dry_run", "false")], [("file", "ledger.xlsx", workbook.read_bytes(),
                                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    writing, started = _writing(server), time.monotonic()
    answer = _in_background(lambda: server.request("POST", "/api/v1/assets/import/", body, kind, timeout=300))
    _wait_for(writing, "the import to write")
    outcome.moment = f"{time.monotonic() - started:.1f}s into the request, its transaction writing"
    outcome.killed += f" ({server.kill(server.web_workers())} gunicorn workers)"
    answer["thread"].join(30)
    outcome.notes.append(f"the client saw {answer.get('error') or answer.get('status')}")
    _wait_for(lambda: server.request("GET", "/accounts/login/", token=False)[0] == 200, "gunicorn to answer", 120,
              poll=0.5)
    _check(server, outcome, before, {})
    return outcome


# --- (b) assessment submission ---------------------------------------------------------------------

def _open_assessment() -> tuple[Any, Any]:
    from shuhi.core.models import User
    from shuhi.core.roles import Role
    from shuhi.suppliers.models import Assessment

    reps = User.objects.filter(role=Role.SUPPLIER_REP, email__endswith=".example")
    for assessment in Assessment.objects.filter(status=Assessment.Status.DRAFT, campaign__isnull=False):
        rep = reps.filter(organisation_id=assessment.supplier_id).first()
        if rep is not None:
            return assessment, rep
    raise RuntimeError("the demo has no draft assessment of a supplier with a demo log-in")


def _answers(assessment, evidence_bytes: int) -> tuple[list[tuple[str, str]], list[tuple[str, str, bytes, str]]]:
    fields, files = [], []
    for question in assessment.framework.doc.questions():
        key = f"q-{question.id}"
        if question.type == "yes_no":
            fields.append((key, "yes"))
        elif question.type in {"single", "multiple"}:
            fields.append((key, question.choices[0].id))
        elif question.type == "number":
            fields.append((key, "12"))
        elif question.type == "date":
            fields.append((key, "2026-04-01"))
        elif question.type == "text":
            fields.append((key, "障害試験の回答"))
        elif question.type == "file":
            files.append((f"f-{question.id}", f"{question.id}.pdf", b"%PDF-1.4\n" + os.urandom(evidence_bytes),
                          "application/pdf"))
    return [*fields, ("action", "submit")], files


class Browser:
    """A signed-in browser: session cookie and CSRF token, as the supplier portal is used."""

    def __init__(self, server: Server, email: str, password: str) -> None:
        self.server, self.jar = server, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get("/accounts/login/")
        self.post("/accounts/login/", urllib.parse.urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": self.csrf()}).encode(),
            "application/x-www-form-urlencoded")
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise RuntimeError(f"could not sign in as {email}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def get(self, path: str) -> int:
        with self.opener.open(self.url(path), timeout=60) as response:
            response.read()
            return response.status

    def post(self, path: str, body: bytes, kind: str, timeout: float = 60) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url(path), data=body, method="POST",  # noqa: S310 (http://127.0.0.1)
                                         headers={"Content-Type": kind, "X-CSRFToken": self.csrf()})
        with self.opener.open(request, timeout=timeout) as response:
            return response.status, response.read()


def _evidence_files(assessment_id: int) -> set[Path]:
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "private" / "evidence" / str(assessment_id)
    return {path for path in folder.glob("*") if path.is_file()} if folder.is_dir() else set()


def _orphans(assessment_id: int) -> int:
    from shuhi.suppliers.models import Evidence

    named = {Path(name).name for name in _orm(lambda: list(Evidence.objects.filter(
        assessment_id=assessment_id).values_list("file", flat=True)))}
    return sum(path.name not in named for path in _evidence_files(assessment_id))


def submission_killed(server: Server, everything: bool, evidence_bytes: int) -> Outcome:
    from shuhi.suppliers.models import Assessment

    outcome = Outcome("(b) assessment submission", "everything" if everything else "web")
    assessment, rep = _orm(_open_assessment)
    fields, files = _orm(_answers, assessment, evidence_bytes)
    browser = Browser(server, rep.email, DEMO_PASSWORD)
    before, on_disk, orphans_before = _orm(_counts), _evidence_files(assessment.pk), _orphans(assessment.pk)
    body, kind = _multipart([*fields, ("csrfmiddlewaretoken", browser.csrf())], files)
    answer = _in_background(lambda: browser.post(f"/suppliers/assessments/{assessment.pk}/", body, kind, 300))
    started = time.monotonic()
    _wait_for(lambda: _evidence_files(assessment.pk) - on_disk, "the first evidence file", poll=0.005)
    outcome.moment = f"{time.monotonic() - started:.2f}s after posting, first evidence file on disk"
    killed = server.kill_everything() if everything else server.kill(server.web_workers())
    outcome.killed += f" ({killed} {'processes' if everything else 'gunicorn workers'})"
    answer["thread"].join(30)
    outcome.notes.append(f"the client saw {answer.get('error') or answer.get('status')}")
    if everything:
        _restart(server, outcome)
    _check(server, outcome, before, {})
    now = _orm(Assessment.objects.get, pk=assessment.pk)
    if (now.status, now.answers) != (assessment.status, assessment.answers):
        outcome.ok = False
        outcome.notes.append("the assessment's answers or status changed")
    orphans = _orphans(assessment.pk) - orphans_before
    if orphans:
        outcome.leftovers = f"{orphans} evidence file(s) on disk with no row (written before the kill)"
        outcome.left = f"{orphans} orphan file"
    return outcome


# --- (c) log review ---------------------------------------------------------------------------------

def _fresh_cycle(name: str):
    """A cycle over a copy of the demo logs under a new name: its job ingests them anew."""
    import shutil

    from shuhi.core.permissions import SYSTEM_CLI
    from shuhi.paths import data_dir
    from shuhi.reviews import services
    from shuhi.reviews.models import LogSource, ReviewCycle

    demo = LogSource.objects.order_by("pk").first()
    folder = data_dir() / "logs" / name
    if not folder.exists():
        shutil.copytree(demo.path, folder)
    source = services.source_create(actor=SYSTEM_CLI, organisation=demo.organisation, name=name, path=str(folder),
                                    context_path=str(folder / "context.yaml"), auto_schedule=False)
    reference = ReviewCycle.objects.filter(source=demo).exclude(report=None).order_by("-period_start").first()
    cycle = services.cycle_create(actor=SYSTEM_CLI, source=source, period_start=reference.period_start,
                                  period_end=reference.period_end, reviewer=reference.reviewer)
    return cycle, reference.report.get("stats", {}).get("events")


def _start_cycle(cycle):
    from shuhi.core.permissions import SYSTEM_JOB
    from shuhi.reviews import services

    return services.cycle_start(actor=SYSTEM_JOB, cycle=cycle)


def review_killed(server: Server, everything: bool) -> Outcome:
    from shuhi.jobs.models import Job
    from shuhi.reviews.models import ReviewCycle

    outcome = Outcome("(c) log review", "everything" if everything else "worker")
    cycle, baseline_events = _orm(_fresh_cycle, f"faults-{uuid.uuid4().hex[:6]}")
    before = _orm(_counts)
    job = _orm(_start_cycle, cycle)
    _wait_for(lambda: _orm(lambda: Job.objects.get(pk=job.pk)).worker_pid is not None, "the review job to start")
    running = _orm(Job.objects.get, pk=job.pk)
    time.sleep(0.5)  # into the engine: reading the logs into its event store
    outcome.moment = "0.5s into the job (ingesting logs / ranking users)"
    if everything:
        outcome.killed += f" ({server.kill_everything()} processes)"
        _restart(server, outcome)
    else:
        outcome.killed += f" (pid {running.worker_pid}, the job's)" if server.kill(
            [psutil.Process(running.worker_pid)]) else " (already gone)"
    _job_outcome(server, job.pk, outcome)
    state = _orm(ReviewCycle.objects.get, pk=cycle.pk)
    if state.status != ReviewCycle.Status.SCHEDULED:
        outcome.ok = False
        outcome.notes.append(f"the cycle is {state.status}, not back to scheduled")
    _check(server, outcome, before, {"audit": before["audit"] + 3})  # cycle.start, job.enqueue, cycle.fail
    again = _orm(_start_cycle, state)
    _job_outcome_done(server, again.pk, outcome, baseline_events)
    return outcome


def _job_outcome_done(server: Server, job_id: int, outcome: Outcome, baseline_events: int | None) -> None:
    from shuhi.jobs.models import Job
    from shuhi.reviews.models import ReviewCycle

    started = time.monotonic()
    _wait_for(lambda: _orm(lambda: Job.objects.get(pk=job_id).finished), "the review run again", JOB_SECONDS, 0.5)
    job = _orm(Job.objects.get, pk=job_id)
    events = _orm(lambda: ReviewCycle.objects.get(pk=job.params["cycle_id"]).report or {}).get("stats", {}).get(
        "events")
    outcome.notes.append(f"started again: {job.status} in {time.monotonic() - started:.1f}s, {events} events "
                         f"(baseline, the demo's uninterrupted run of the same period: {baseline_events})")
    if job.status != Job.Status.DONE or events != baseline_events:
        outcome.ok = False


# --- main ----------------------------------------------------------------------------------------

def _print(outcomes: list[Outcome]) -> None:
    print()
    print(f"{'scenario':<44} {'killed':<30} {'job afterwards':<21} {'audit':<9} {'sqlite':<7} {'left on disk':<14}"
          " result")
    for o in outcomes:
        print(f"{o.scenario:<44} {o.killed:<30} {o.job:<21} {o.audit:<9} {o.integrity:<7} {o.left:<14} "
              f"{'OK' if o.ok else 'FAILED'}")
    print("result: rows and audit chain as before the kill (a killed transaction adds nothing), SQLite intact, "
          "an interrupted job marked failed; files left on disk are listed, not counted as failures.")
    print()
    for o in outcomes:
        print(f"- {o.scenario} / {o.killed}: killed {o.moment}.\n    rows: {o.rows}.\n    leftovers: {o.leftovers}."
              + "".join(f"\n    {note}" for note in o.notes))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="assets in the ledger workbook (default 20,000)")
    parser.add_argument("--evidence-mb", type=int, default=8, help="size of each evidence file (default 8 MB)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    parser.add_argument("--json", type=Path, default=None, help="also write the outcomes as JSON here")
    return parser.parse_args(argv)


def run(folder: Path, args: argparse.Namespace) -> list[Outcome]:
    started = time.monotonic()
    server = _install(folder)
    workbook = folder / "ledger.xlsx"
    _orm(_ledger_workbook, workbook, args.rows)
    print(f"installation with demo data and a {args.rows:,}-asset workbook ({workbook.stat().st_size / 1e6:.1f} MB) "
          f"in {time.monotonic() - started:.0f}s", flush=True)
    server.start()
    outcomes = []
    try:
        for scenario in (lambda: ledger_job_killed(server, workbook), lambda: ledger_api_killed(server, workbook),
                         lambda: submission_killed(server, False, args.evidence_mb << 20),
                         lambda: submission_killed(server, True, args.evidence_mb << 20),
                         lambda: review_killed(server, False), lambda: review_killed(server, True)):
            began = time.monotonic()
            try:
                outcome = scenario()
            except Exception as exc:  # one broken scenario must not hide the others' results
                outcome = Outcome(getattr(scenario, "__name__", "scenario"), "-", ok=False,
                                  notes=[f"{type(exc).__name__}: {exc}"[:500]])
                with contextlib.suppress(Exception):
                    if server.process.poll() is not None or not server.session():
                        server.start()
            outcome.seconds = time.monotonic() - began
            print(f"  {outcome.scenario} / {outcome.killed}: {'OK' if outcome.ok else 'FAILED'} "
                  f"({outcome.seconds:.0f}s)", flush=True)
            outcomes.append(outcome)
    finally:
        server.stop()
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="shuhi-faults-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        outcomes = run(folder, args)
    _print(outcomes)
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], indent=1, ensure_ascii=False))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
