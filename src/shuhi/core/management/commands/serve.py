import os
import subprocess
import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.management.base import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy("Serve shuhi with gunicorn on http://HOST:PORT and run the background worker beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2, help=gettext_lazy("web worker processes (default 2)"))
        parser.add_argument("--no-worker", action="store_true",
                            help=gettext_lazy("do not start the background job worker"))

    def handle(self, *args, port, host, workers, no_worker, **options):
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "shuhi.cli", "worker"])
        self.stdout.write(_("shuhi: %(url)s  (Ctrl+C to stop)") % {"url": f"http://{host}:{port}/"})
        command = [
            sys.executable, "-m", "gunicorn", "shuhi.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-", "--timeout", "120",
        ]
        try:
            subprocess.call(command)  # noqa: S603
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
