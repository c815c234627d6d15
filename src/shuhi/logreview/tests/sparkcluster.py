"""A real Spark standalone cluster on this machine: one master and its workers, each a JVM of its own.

Started from the installed PySpark (`bin/spark-class` inside the pyspark package), bound to
127.0.0.1 on free ports, small (1 core and 1 GB per worker). `standalone_cluster()` waits until
every worker has registered with the master and always stops every process it started, on
failure too: each daemon runs in a process group of its own, which is terminated, then killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

WORKER_MEMORY = "1g"
# What each executor asks of a worker: less than the worker offers, or it is never scheduled.
EXECUTOR_MEMORY = "512m"
DAEMON_MEMORY = "256m"
STARTUP_SECONDS = 90


@dataclass
class Cluster:
    master_url: str  # spark://127.0.0.1:PORT, for the driver
    webui_url: str  # http://127.0.0.1:PORT, whose /json tells the cluster's state
    logs: Path
    work: Path  # the workers' directories: an executor's stderr is under <n>/<app>/<executor>/
    processes: list[subprocess.Popen] = field(default_factory=list)

    def state(self) -> dict:
        with urllib.request.urlopen(f"{self.webui_url}/json", timeout=5) as response:  # noqa: S310 - our own master
            return json.load(response)

    def alive_workers(self) -> list[dict]:
        return [w for w in self.state().get("workers", []) if w.get("state") == "ALIVE"]

    def conf(self) -> dict[str, str]:
        """Spark properties for a driver on this machine that uses the whole cluster."""
        return {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.executor.memory": EXECUTOR_MEMORY,
            "spark.executor.cores": "1",
            # Executors that fail to start are not retried forever: the test fails instead.
            "spark.deploy.maxExecutorRetries": "2",
        }

    def executor_logs(self) -> str:
        return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in sorted(self.work.rglob("stderr")))

    def log_tail(self, lines: int = 40) -> str:
        text = []
        for log in sorted(self.logs.rglob("*")):
            if log.is_file() and log.suffix in (".log", "") and log.stat().st_size:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
                text.append(f"== {log}\n" + "\n".join(tail))
        return "\n".join(text)


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _daemon_env(home: Path, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "SPARK_HOME": str(home),
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_LOCAL_HOSTNAME": "127.0.0.1",
            "SPARK_DAEMON_MEMORY": DAEMON_MEMORY,
            "SPARK_LOG_DIR": str(work / "logs"),
            "SPARK_WORKER_DIR": str(work / "worker"),
            # Executors start Python workers with the driver's own interpreter.
            "PYSPARK_PYTHON": sys.executable,
            # No spark-defaults.conf of the machine's: the test's cluster is the test's own.
            "SPARK_CONF_DIR": str(work / "conf"),
        }
    )
    return env


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        # A session of its own: stopping the group stops the JVM that spark-class execs into.
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait(cluster: Cluster, workers: int, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"a Spark daemon exited with {process.returncode}:\n{cluster.log_tail()}")
        with contextlib.suppress(OSError, ValueError):
            if len(cluster.alive_workers()) >= workers:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{workers} Spark workers did not register in {STARTUP_SECONDS} s:\n{cluster.log_tail()}")


@contextlib.contextmanager
def standalone_cluster(work: Path, workers: int = 2) -> Iterator[Cluster]:
    """A master and `workers` workers (1 core, 1 GB each) on 127.0.0.1, stopped on leaving."""
    home = spark_home()
    spark_class = str(home / "bin" / "spark-class")
    (work / "conf").mkdir(parents=True, exist_ok=True)
    env = _daemon_env(home, work)
    port, webui = free_port(), free_port()
    cluster = Cluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{webui}", work / "logs", work / "worker")
    try:
        cluster.processes.append(
            _start(
                [spark_class, "org.apache.spark.deploy.master.Master",
                 "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(webui)],
                env, cluster.logs / "master.log",
            )
        )
        for n in range(workers):
            cluster.processes.append(
                _start(
                    [spark_class, "org.apache.spark.deploy.worker.Worker",
                     "--host", "127.0.0.1", "--port", str(free_port()), "--webui-port", str(free_port()),
                     "--cores", "1", "--memory", WORKER_MEMORY,
                     "--work-dir", str(work / "worker" / str(n)), cluster.master_url],
                    env, cluster.logs / f"worker-{n}.log",
                )
            )
        _wait(cluster, workers, cluster.processes)
        yield cluster
    finally:
        _stop(cluster.processes)
