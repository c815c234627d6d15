"""`shuhi serve`: gunicorn and the background worker, started and stopped together.

serve is the only process a supervisor (systemd, Docker, a terminal) knows of, so it owns its
children's lifetime: SIGTERM or SIGINT is passed on to both, and serve returns only once both have
ended. Each child runs in a process group of its own so that a terminal's Ctrl+C reaches it once,
through serve, and on Linux it is told to stop when serve is killed outright.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

import psutil
from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# gunicorn's own graceful timeout. The worker lets a running job finish before it stops, and a
# job can run for an hour: past this it is cut short, and the job can be started again.
STOP_SECONDS = 30
POLL_SECONDS = 0.2


def _stop_with_serve(serve_pid: int) -> None:
    """Runs in the child between fork and exec: a SIGKILLed serve must not leave its children holding the port."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != serve_pid:
        os._exit(1)


def _start(command: list[str]) -> subprocess.Popen:
    serve_pid = os.getpid()
    # The worker watches for serve's death itself too (jobs.management.commands.worker): SIGTERM from
    # the kernel reaches only its main process, and a cluster caught mid-start-up can miss it.
    env = {**os.environ, "SHUHI_SERVE_PID": str(serve_pid)}
    return subprocess.Popen(command, process_group=0, env=env,  # noqa: S603 (our own interpreter and arguments)
                            preexec_fn=lambda: _stop_with_serve(serve_pid))


def _descendants(children: list[subprocess.Popen]) -> list[psutil.Process]:
    """Taken before the children are asked to stop: once a child is gone its own children (the
    cluster's sentinel and workers, gunicorn's workers) can no longer be found from serve."""
    found = []
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            process = psutil.Process(child.pid)
            found += [process, *process.children(recursive=True)]
    return found


def _stop(children: list[subprocess.Popen], timeout: float) -> None:
    tree = _descendants(children)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
    # Whatever is left past the deadline, or outlived a child that did stop, is killed.
    _gone, alive = psutil.wait_procs(tree, timeout=max(0.0, deadline - time.monotonic()))
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=5)
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=1)


class Command(ShuhiCommand):
    help = gettext_lazy("Serve shuhi with gunicorn on http://HOST:PORT and run the background worker beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2, help=gettext_lazy("web worker processes (default 2)"))
        parser.add_argument("--no-worker", action="store_true",
                            help=gettext_lazy("do not start the background job worker"))

    def handle(self, *args, port, host, workers, no_worker, **options):
        received: list[int] = []
        handlers = {signum: signal.signal(signum, lambda signum, _frame: received.append(signum))
                    for signum in (signal.SIGTERM, signal.SIGINT)}
        children: list[subprocess.Popen] = []
        ended: list[subprocess.Popen] = []
        try:
            if not no_worker:
                children.append(_start([sys.executable, "-m", "shuhi.cli", "worker"]))
            web = _start([
                sys.executable, "-m", "gunicorn", "shuhi.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--access-logfile", "-", "--timeout", "120",
                # Its default control socket is one path per user, which a second installation would take over.
                "--no-control-socket",
            ])
            children.append(web)
            self.stdout.write(_("shuhi: %(url)s  (Ctrl+C to stop)") % {"url": f"http://{host}:{port}/"})
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
                self.stdout.write(_("shuhi: e-mails are written as files to %(path)s (set EMAIL_URL to send them)")
                                  % {"path": settings.EMAIL_FILE_PATH})
            self.stdout.flush()
            while not received and not (ended := [child for child in children if child.poll() is not None]):
                time.sleep(POLL_SECONDS)
        finally:
            if received:
                self.stderr.write(_("shuhi: stopping the web server and the background worker…"))
            _stop(children, STOP_SECONDS)
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        if not received:
            # One of them ended on its own (the port was taken, the database is unreachable): without
            # the other, the installation is half up, so serve stops and lets its supervisor restart it.
            if web in ended:
                message = _("The web server stopped unexpectedly (exit code %(code)s).") % {"code": web.returncode}
            else:
                message = _("The background worker stopped unexpectedly (exit code %(code)s); the web server "
                            "was stopped too.") % {"code": ended[0].returncode}
            raise CommandError(message)
