"""`shuhi serve` as it runs in production: gunicorn and the real background worker, in subprocesses.

The other tests run jobs in the test process (SHUHI_SYNC_JOBS), which is how a scan could pass them
all and still fail in every real installation: django-q2 runs jobs in daemonic processes. Here an
installation is made with the command line (migrate, createadmin, createtoken) in a data directory
of its own with its own SQLite file, a scan is submitted through the API as a user would, and the
real worker does it. Then serve is stopped the way a supervisor stops it.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

pytestmark = pytest.mark.serve

SHUHI = [sys.executable, "-m", "shuhi.cli"]
PASSWORD = "Correct-horse-battery-9"
# Generous: four other people share the machine's two cores.
START_SECONDS = 120
JOB_SECONDS = 120
STOP_SECONDS = 45


@dataclass
class Installation:
    env: dict[str, str]
    token: str
    root: Path


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


def _environment(data: Path) -> dict[str, str]:
    env = {**os.environ, "SHUHI_DATA_DIR": str(data), "SHUHI_LANG": "en", "SHUHI_WORKERS": "1",
           "SHUHI_SCAN_WORKERS": "2", "DJANGO_SETTINGS_MODULE": "shuhi.settings"}
    # The installation's own SQLite file in its data directory, whatever database the suite runs on,
    # and the real queue: no synchronous jobs, no Redis.
    for name in ("DATABASE_URL", "REDIS_URL", "SHUHI_SYNC_JOBS", "SHUHI_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def _shuhi(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*SHUHI, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"shuhi {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    root = tmp_path_factory.mktemp("serve")
    env = _environment(root / "data")
    _shuhi(env, "migrate", "--verbosity", "0")
    _shuhi(env, "createadmin", "--email", "admin@example.jp", "--name", "管理 太郎", "--organisation",
           "株式会社テスト製作所", "--password", PASSWORD)
    token = _shuhi(env, "createtoken", "admin@example.jp").strip().splitlines()[-1]
    return Installation(env=env, token=token, root=root)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, path: str, token: str | None = None, body: bytes | None = None,
             content_type: str | None = None) -> tuple[int, bytes]:
    headers = {"Authorization": f"Token {token}"} if token else {}
    if content_type:
        headers["Content-Type"] = content_type
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait_until_up(served: Served) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert served.process.poll() is None, f"serve ended while starting:\n{served.log_tail()}"
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _request(served.port, "GET", "/accounts/login/")[0] == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"serve did not answer within {START_SECONDS} s:\n{served.log_tail()}")


def _tree(pid: int) -> list[psutil.Process]:
    with contextlib.suppress(psutil.NoSuchProcess):
        return psutil.Process(pid).children(recursive=True)
    return []


def _session(leader: int) -> list[psutil.Process]:
    """Every process left in serve's session: unlike its tree, this still finds those whose parent
    has gone (an orphan's parent becomes init)."""
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if process.pid != leader and os.getsid(process.pid) == leader:
                found.append(process)
    return found


@pytest.fixture
def served(installation: Installation, tmp_path: Path):
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        # A session of its own, so that no signal meant for serve reaches the test run, and back.
        process = subprocess.Popen([*SHUHI, "serve", "--port", str(port), "--workers", "1"], env=installation.env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    running = Served(process=process, port=port, log=log)
    try:
        _wait_until_up(running)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(STOP_SECONDS)
        # Whatever a broken serve leaves behind must not outlive the test, nor hold a port.
        process.kill()
        process.wait(10)
        for leftover in _session(process.pid):
            with contextlib.suppress(psutil.NoSuchProcess):
                leftover.kill()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def _multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/zip\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _get(served: Served, token: str, path: str) -> Any:
    status, body = _request(served.port, "GET", path, token)
    assert status == 200, (path, status, body[:500])
    return json.loads(body)


def _wait_for_job(served: Served, token: str, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        job = _get(served, token, f"/api/v1/jobs/{job_id}/")
        if job["status"] in {"done", "failed"}:
            return job
        time.sleep(0.3)
    pytest.fail(f"the job was not finished after {JOB_SECONDS} s: {job}\n{served.log_tail()}")


def test_a_document_scan_uploaded_through_the_api_is_done_by_the_real_background_worker(
        served: Served, installation: Installation) -> None:
    archive = _zip({
        "営業部/見積書.txt": "【社外秘】\n見積金額は下記のとおりです。\n",
        "設計/図面メモ.md": "# 極秘\n\n新型ポンプの寸法。\n",
        "総務/昼食.txt": "金曜日の昼食会の案内\n",
    })
    body, content_type = _multipart("archive", "共有フォルダ.zip", archive)
    status, answer = _request(served.port, "POST", "/api/v1/scan-runs/", installation.token, body, content_type)
    assert status == 201, answer[:500]
    run = json.loads(answer)

    job = _wait_for_job(served, installation.token, run["job"])

    assert job["status"] == "done", f"{job['message']}\n{served.log_tail()}"
    run = _get(served, installation.token, f"/api/v1/scan-runs/{run['id']}/")
    assert (run["status"], run["files_total"], run["files_labelled"], run["files_failed"]) == ("done", 3, 2, 0)
    files = _get(served, installation.token, f"/api/v1/scanned-files/?run={run['id']}")["results"]
    tiers = {row["path"]: row["tier_key"] for row in files}
    assert tiers == {"営業部/見積書.txt": "confidential", "設計/図面メモ.md": "top_secret", "総務/昼食.txt": ""}
    assert all(row["error"] == "" for row in files)


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # Connections the test made may linger in TIME_WAIT; only a listening socket makes bind fail.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_serve_stops_the_web_server_and_the_worker_and_frees_the_port(
        served: Served, signum: int) -> None:
    children = _tree(served.process.pid)
    commands = [" ".join(child.cmdline()) for child in children]
    assert any("gunicorn" in command for command in commands), commands
    assert any("worker" in command and "gunicorn" not in command for command in commands), commands
    assert not _port_is_free(served.port)

    started = time.monotonic()
    served.process.send_signal(signum)
    try:
        code = served.process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve did not stop within {STOP_SECONDS} s:\n{served.log_tail()}")
    psutil.wait_procs(children, timeout=10)
    left = _session(served.process.pid)

    assert code == 0, served.log_tail()
    assert left == [], [" ".join(process.cmdline()) for process in left if process.is_running()]
    assert _port_is_free(served.port)
    assert time.monotonic() - started < STOP_SECONDS


def test_even_a_serve_killed_outright_leaves_no_process_behind(served: Served) -> None:
    # SIGKILL cannot be passed on: the children are told by the kernel that serve has gone.
    served.process.kill()
    served.process.wait(10)
    deadline = time.monotonic() + STOP_SECONDS
    while (left := _session(served.process.pid)) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert left == [], [" ".join(process.cmdline()) for process in left if process.is_running()]
    assert _port_is_free(served.port)


ENQUEUE = """
import django
django.setup()
from pathlib import Path
from django.conf import settings
from shuhi.core.models import User
from shuhi.core.permissions import SystemActor
from shuhi.core.services import home_organisation
from shuhi.jobs.services import job_enqueue
from shuhi.ledger.services import ledger_setup_defaults
from shuhi.ledger.tests.ledger_files import row, write_csv

home, admin = home_organisation(), User.objects.get(email="admin@example.jp")
ledger_setup_defaults(actor=SystemActor("test"), organisation=home)
folder = Path(settings.MEDIA_ROOT) / "imports"
folder.mkdir(parents=True, exist_ok=True)
write_csv(folder / "worker.csv", [row("W-1", department="", owner="", locations="")])
imported = job_enqueue(actor=admin, kind="ledger.import", params={"file": "worker.csv", "organisation_id": home.pk})
reminded = job_enqueue(actor=admin, kind="suppliers.reminders")
print(imported.pk, reminded.pk)
"""


def test_a_ledger_import_and_the_reminders_run_in_the_real_background_worker(
        served: Served, installation: Installation) -> None:
    # Enqueued as the import page and the schedule do, then left to the worker that serve started.
    done = subprocess.run([sys.executable, "-c", ENQUEUE], env=installation.env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    imported, reminded = (int(n) for n in done.stdout.split())

    job = _wait_for_job(served, installation.token, imported)
    assert job["status"] == "done", f"{job['message']}\n{served.log_tail()}"
    assert job["result"]["created"] == 1, job["result"]["errors"][:3]
    assert not (Path(installation.env["SHUHI_DATA_DIR"]) / "media" / "imports" / "worker.csv").exists()
    job = _wait_for_job(served, installation.token, reminded)
    assert job["status"] == "done", f"{job['message']}\n{served.log_tail()}"
    assert job["result"]["reminders"] == []


REVIEW = """
import datetime as dt
import django
django.setup()
from shuhi.core.models import User
from shuhi.core.services import home_organisation
from shuhi.logreview.synth import generate
from shuhi.paths import data_dir
from shuhi.reviews.services import cycle_create, cycle_start, source_create

home, admin = home_organisation(), User.objects.get(email="admin@example.jp")
out = data_dir() / "logs" / "worker"  # inside the default SHUHI_LOG_ROOTS
generate(out, users=60, days=60, seed=7)
source = source_create(actor=admin, organisation=home, name="ログ", path=str(out))
cycle = cycle_create(actor=admin, source=source, period_start=dt.date(2010, 2, 1), period_end=dt.date(2010, 2, 7),
                     reviewer=admin)
print(cycle_start(actor=admin, cycle=cycle).pk, cycle.pk)
"""


def test_a_log_review_runs_in_the_real_background_worker(served: Served, installation: Installation) -> None:
    done = subprocess.run([sys.executable, "-c", REVIEW], env=installation.env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    job_id, cycle_id = (int(n) for n in done.stdout.split())

    job = _wait_for_job(served, installation.token, job_id)

    assert job["status"] == "done", f"{job['message']}\n{served.log_tail()}"
    cycle = _get(served, installation.token, f"/api/v1/review-cycles/{cycle_id}/")
    assert cycle["status"] == "ready", cycle


NOTIFY = """
import django
django.setup()
from shuhi.core.models import User
from shuhi.core.services import home_organisation
from shuhi.jobs.services import job_enqueue
from shuhi.notifications.models import Notification

home, admin = home_organisation(), User.objects.get(email="admin@example.jp")
note = Notification.objects.create(organisation=home, recipient=admin, email=admin.email, event="reviews.cycle_ready",
                                   subject="ワーカー経由の通知", body="本文", link="/reviews/")
sent = job_enqueue(actor=admin, kind="notifications.send", params={"ids": [note.pk]})
digest = job_enqueue(actor=admin, kind="notifications.digest")
reminded = job_enqueue(actor=admin, kind="disclosures.nda_reminders")
from django_q.models import Schedule
scheduled = Schedule.objects.filter(name__in=["shuhi:notifications.digest", "shuhi:suppliers.reminders"],
                                    func="shuhi.jobs.schedules.run_scheduled").count()
print(sent.pk, digest.pk, reminded.pk, scheduled)
"""


def test_notification_e_mails_the_digest_and_nda_reminders_run_in_the_real_background_worker(
        served: Served, installation: Installation) -> None:
    done = subprocess.run([sys.executable, "-c", NOTIFY], env=installation.env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    sent, digest, reminded, scheduled = (int(n) for n in done.stdout.split())
    # `shuhi migrate` alone scheduled the daily digest and reminders for the worker.
    assert scheduled == 2

    for job_id in (sent, digest, reminded):
        job = _wait_for_job(served, installation.token, job_id)
        assert job["status"] == "done", f"{job['message']}\n{served.log_tail()}"
    # The embedded default writes e-mails as files under SHUHI_DATA_DIR/mail.
    folder = Path(installation.env["SHUHI_DATA_DIR"]) / "mail"
    mails = list(folder.glob("*"))
    assert any("admin@example.jp" in path.read_text(errors="replace") for path in mails), mails
    # No mail server is needed, and serve says where the messages are.
    assert f"e-mails are written as files to {folder}" in served.log.read_text(encoding="utf-8")
