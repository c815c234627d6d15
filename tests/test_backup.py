"""`shuhi backup` and `shuhi restore`, run as an operator runs them: the command line, on installations
made with the command line in data directories of their own (the helpers of test_serve.py).

The backup is taken while another process writes, and what comes back must be one moment of the
database (every department with its audit entry, the chain verifying), the evidence files byte for
byte, and the keys. A damaged archive is refused and the installation it was meant for is untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.test_serve import PASSWORD, SHUHI, _environment, _shuhi

SEED = """
import django, os, sys
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from shuhi.core.models import User
from shuhi.suppliers.services import evidence_add, framework_install_builtin, self_assessment_create

admin = User.objects.get(email="admin@example.jp")
questionnaire = framework_install_builtin(actor=admin, organisation=admin.organisation)[0]
assessment = self_assessment_create(actor=admin, framework=questionnaire)
files = [q for q in questionnaire.doc.questions() if q.type == "file"]
for index, size in enumerate(sys.argv[1:]):
    data = b"%PDF-1.4\\n" + os.urandom(int(size))
    evidence_add(actor=admin, assessment=assessment, question_id=files[index % len(files)].id,
                 upload=SimpleUploadedFile(f"証跡{index}.pdf", data, content_type="application/pdf"))
"""

# Departments, each created with its audit entry in one transaction, until told to stop.
WRITER = """
import django, sys, time
from pathlib import Path
django.setup()
from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.core.services import department_create

home = Organisation.objects.get(kind=Organisation.Kind.HOME)
stop, index = Path(sys.argv[1]), 0
while not stop.exists():
    index += 1
    department_create(actor=SYSTEM_CLI, organisation=home, name=f"部署{index:05d}")
    print(index, flush=True)
"""


@dataclass
class Installed:
    env: dict[str, str]
    data: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([*SHUHI, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if check:
            assert done.returncode == 0, f"shuhi {' '.join(args)}: {done.stdout}{done.stderr}"
        return done

    def python(self, script: str, *args: str) -> None:
        done = subprocess.run([sys.executable, "-c", script, *args], env=self.env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]

    @property
    def database(self) -> Path:
        return self.data / "shuhi.sqlite3"

    def files(self) -> dict[str, str]:
        """Every file of MEDIA_ROOT and every key, by path, with its SHA-256."""
        found = {}
        for path in sorted([*(self.data / "media").rglob("*"), *self.data.glob("*.key")]):
            if path.is_file():
                found[str(path.relative_to(self.data))] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def count(self, sql: str) -> int:
        with contextlib.closing(sqlite3.connect(self.database)) as database:
            return database.execute(sql).fetchone()[0]


def _install(root: Path, name: str, *, seed: int = 0, database_url: str = "") -> Installed:
    env = _environment(root / name)
    if database_url:
        env["DATABASE_URL"] = database_url
    installed = Installed(env=env, data=root / name)
    _shuhi(env, "migrate", "--verbosity", "0")
    _shuhi(env, "createadmin", "--email", "admin@example.jp", "--name", "管理 太郎", "--organisation",
           "株式会社テスト製作所", "--password", PASSWORD)
    if seed:
        # Evidence of different sizes, random, so that any byte lost or swapped shows.
        installed.python(SEED, *(str(size) for size in (1, 4096, 300_000)[:seed]))
    return installed


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return _install(tmp_path_factory.mktemp("backup"), "original", seed=3)


@pytest.fixture(scope="module")
def archive(original: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archives") / "shuhi.tar.gz"
    original.run("backup", str(out))
    return out


def _departments_match_their_audit_entries(installed: Installed) -> tuple[int, int]:
    return (installed.count("SELECT count(*) FROM core_department"),
            installed.count("SELECT count(*) FROM audit_auditentry WHERE action = 'department.create'"))


def test_a_backup_taken_while_another_process_writes_restores_one_consistent_moment(
        original: Installed, tmp_path: Path) -> None:
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], env=original.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        for _line in range(30):  # the writer is under way before the backup starts
            assert writer.stdout.readline(), writer.stderr.read()
        before = _departments_match_their_audit_entries(original)[0]
        original.run("backup", str(tmp_path / "live.tar.gz"))
        during = _departments_match_their_audit_entries(original)[0]
    finally:
        stop.touch()
        writer.communicate(timeout=60)
    assert writer.returncode == 0
    assert during > before, "the writer did not write while the backup ran"

    restored = Installed(env=_environment(tmp_path / "restored"), data=tmp_path / "restored")
    answer = restored.run("restore", str(tmp_path / "live.tar.gz"))

    departments, entries = _departments_match_their_audit_entries(restored)
    assert before <= departments <= during + 1  # one moment within the backup's run, not a torn copy
    assert departments == entries
    assert "Audit chain intact" in answer.stdout
    assert "Audit chain intact" in restored.run("audit", "verify").stdout
    assert restored.count("PRAGMA integrity_check") == "ok"


def test_evidence_files_and_keys_come_back_byte_for_byte_and_audit_verify_passes(
        original: Installed, archive: Path, tmp_path: Path) -> None:
    restored = Installed(env=_environment(tmp_path / "restored"), data=tmp_path / "restored")
    restored.run("restore", str(archive))

    expected = original.files()
    assert sum(name.startswith("media/private/evidence/") for name in expected) == 3
    assert {"audit_key.key", "secret_key.key"} <= set(expected)
    assert restored.files() == expected
    for sha, name in _evidence_rows(restored):
        assert hashlib.sha256((restored.data / "media" / "private" / name).read_bytes()).hexdigest() == sha
    assert "Audit chain intact" in restored.run("audit", "verify").stdout
    # The restore is in the log, after the backup it came from.
    actions = restored.count("SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_auditentry "
                             "WHERE action LIKE 'backup.%' ORDER BY id)")
    assert actions.split()[-2:] == ["backup.create", "backup.restore"]


def _evidence_rows(installed: Installed) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(installed.database)) as database:
        return database.execute("SELECT sha256, file FROM suppliers_evidence").fetchall()


def test_an_installation_with_data_is_only_replaced_with_force(archive: Path, tmp_path: Path) -> None:
    other = _install(tmp_path, "other")
    before = other.files()

    refused = other.run("restore", str(archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert other.files() == before

    other.run("restore", "--force", str(archive))
    assert other.count("SELECT count(*) FROM suppliers_evidence") == 3
    assert "Audit chain intact" in other.run("audit", "verify").stdout


def _rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with its members passed through `change(name, data) -> [(name, data)]`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            for name, content in change(member.name, data):
                info = tarfile.TarInfo(name)
                info.size = len(content)
                target.addfile(info, io.BytesIO(content))
    return out


def _evidence_flipped(name: str, data: bytes):
    if name.startswith("media/private/evidence/") and len(data) > 1000:
        data = data[:500] + bytes([data[500] ^ 1]) + data[501:]
    return [(name, data)]


def _escaping(name: str, data: bytes):
    return [(name, data), ("media/../../escaped.key", b"x")] if name == "manifest.json" else [(name, data)]


def _manifest_lost(name: str, data: bytes):
    return [] if name == "manifest.json" else [(name, data)]


def _database_swapped(name: str, data: bytes):
    return [(name, b"SQLite format 3\x00" + b"\x00" * 4096)] if name.startswith("database/") else [(name, data)]


def _corrupt_bytes(archive: Path, out: Path) -> Path:
    raw = bytearray(archive.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 64] = bytes(64)
    out.write_bytes(bytes(raw))
    return out


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """One installation with data for all the damaged archives: none of them may change it."""
    return _install(tmp_path_factory.mktemp("target"), "target")


@pytest.mark.parametrize("damage", ["bytes zeroed", "truncated", "evidence altered", "path escaping",
                                    "no manifest", "database swapped", "not an archive"])
def test_a_damaged_archive_is_refused_and_changes_nothing(archive: Path, target: Installed, tmp_path: Path,
                                                          damage: str) -> None:
    before, database = target.files(), hashlib.sha256(target.database.read_bytes()).hexdigest()
    broken = {
        "bytes zeroed": lambda: _corrupt_bytes(archive, tmp_path / "broken.tar.gz"),
        "truncated": lambda: _write(tmp_path / "broken.tar.gz", archive.read_bytes()[: archive.stat().st_size // 2]),
        "evidence altered": lambda: _rewrite(archive, tmp_path / "broken.tar.gz", _evidence_flipped),
        "path escaping": lambda: _rewrite(archive, tmp_path / "broken.tar.gz", _escaping),
        "no manifest": lambda: _rewrite(archive, tmp_path / "broken.tar.gz", _manifest_lost),
        "database swapped": lambda: _rewrite(archive, tmp_path / "broken.tar.gz", _database_swapped),
        "not an archive": lambda: _write(tmp_path / "broken.tar.gz", b"PK\x03\x04 not a backup"),
    }[damage]()

    refused = target.run("restore", "--force", str(broken), check=False)

    assert refused.returncode != 0, refused.stdout
    assert "nothing was changed" in refused.stderr, refused.stderr
    assert target.files() == before
    assert hashlib.sha256(target.database.read_bytes()).hexdigest() == database
    assert sorted(p.name for p in target.data.iterdir() if p.name.startswith(".")) == []
    assert not (target.data.parent / "escaped.key").exists() and not (tmp_path / "escaped.key").exists()
    assert "Audit chain intact" in target.run("audit", "verify").stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_restore_refuses_while_a_process_has_the_database_open(archive: Path, tmp_path: Path) -> None:
    target = _install(tmp_path, "busy")
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
                               "c.execute('SELECT count(*) FROM core_user').fetchone(); print('open', flush=True); "
                               "time.sleep(120)", str(target.database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        refused = target.run("restore", "--force", str(archive), check=False)
    finally:
        holder.kill()
        holder.wait()
    assert refused.returncode != 0 and str(holder.pid) in refused.stderr
    assert target.count("SELECT count(*) FROM suppliers_evidence") == 0


def test_check_reads_the_archive_without_changing_anything(archive: Path, tmp_path: Path) -> None:
    target = _install(tmp_path, "checked")
    before = target.files()
    answer = target.run("restore", "--check", str(archive))
    assert "The archive is intact" in answer.stdout
    assert target.files() == before
    manifest = _manifest(archive)
    assert manifest["format"] == "shuhi-backup" and manifest["database"]["engine"] == "sqlite"
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


# --- PostgreSQL -------------------------------------------------------------------------------------

def _postgres_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: DATABASE_URL is not a PostgreSQL URL (run `make test-postgres`, which runs "
                    "the tests through scripts/with-postgres.sh)")
    from shuhi.core.backup import BackupError, pg_tool

    for program in ("pg_dump", "pg_restore", "psql"):
        try:
            pg_tool(program)
        except BackupError:
            pytest.skip(f"needs PostgreSQL's {program} (Debian: postgresql-client)")
    return url


@contextlib.contextmanager
def _scratch_databases(url: str, count: int):
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    names = [f"shuhi_backup_{uuid.uuid4().hex[:10]}" for _index in range(count)]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [parsed._replace(path=f"/{name}").geturl() for name in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_postgresql_installation_round_trips_through_pg_dump(tmp_path: Path) -> None:
    import psycopg

    server = _postgres_server()
    with _scratch_databases(server, 2) as (source_url, target_url):
        source = _install(tmp_path, "pg-source", seed=2, database_url=source_url)
        started = time.monotonic()
        source.run("backup", str(tmp_path / "pg.tar.gz"))
        assert time.monotonic() - started < 120
        assert _manifest(tmp_path / "pg.tar.gz")["database"]["member"] == "database/shuhi.pgdump"

        target = _install(tmp_path, "pg-target", database_url=target_url)
        target.run("restore", "--force", str(tmp_path / "pg.tar.gz"))

        assert "Audit chain intact" in target.run("audit", "verify").stdout
        assert target.files() == source.files()
        with psycopg.connect(target_url) as connection:
            evidence = connection.execute("SELECT count(*) FROM suppliers_evidence").fetchone()[0]
            users = connection.execute("SELECT count(*) FROM core_user").fetchone()[0]
        assert (evidence, users) == (2, 1)


def test_a_backup_without_keys_restores_once_the_keys_are_put_back(original: Installed, tmp_path: Path) -> None:
    made = original.run("backup", "--without-keys", str(tmp_path / "nokeys.tar.gz"))
    assert "keys are not in the archive" in made.stderr
    assert not [entry for entry in _manifest(tmp_path / "nokeys.tar.gz")["files"]
                if entry["path"].startswith("secrets/")]

    restored = Installed(env=_environment(tmp_path / "restored"), data=tmp_path / "restored")
    answer = restored.run("restore", str(tmp_path / "nokeys.tar.gz"), check=False)
    assert answer.returncode != 0 and "holds no keys" in answer.stderr  # the chain needs the original key
    assert restored.count("SELECT count(*) FROM suppliers_evidence") == 3  # the data is back all the same

    for key in original.data.glob("*.key"):
        (restored.data / key.name).write_bytes(key.read_bytes())
    assert "Audit chain intact" in restored.run("audit", "verify").stdout


@pytest.mark.django_db
def test_a_restore_whose_database_step_fails_puts_the_files_and_keys_back(tmp_path: Path, monkeypatch) -> None:
    from shuhi.core import backup_restore
    from shuhi.core.backup import Installation, backup_create

    def installation(name: str, evidence: bytes) -> Installation:
        data = tmp_path / name
        (data / "media" / "private").mkdir(parents=True)
        (data / "media" / "private" / "evidence.pdf").write_bytes(evidence)
        (data / "audit_key.key").write_text(f"{name}-key")
        with contextlib.closing(sqlite3.connect(data / "shuhi.sqlite3")) as database:
            database.execute(f"CREATE TABLE marker AS SELECT '{name}' AS name")
            database.commit()
        return Installation(data_dir=data, media_root=data / "media", engine="sqlite",
                            sqlite_path=data / "shuhi.sqlite3", database={})

    source, target = installation("source", b"%PDF source"), installation("target", b"%PDF target")
    backup_create(out=tmp_path / "a.tar.gz", installation=source)
    before = {path: path.read_bytes() for path in target.data_dir.rglob("*") if path.is_file()}
    real_put = backup_restore._Swap.put

    def failing_put(self, new, final):
        if final == target.sqlite_path:
            raise OSError("disk full")
        real_put(self, new, final)

    monkeypatch.setattr(backup_restore._Swap, "put", failing_put)
    with pytest.raises(OSError):
        backup_restore.backup_restore(archive=tmp_path / "a.tar.gz", force=True, installation=target)

    after = {path: path.read_bytes() for path in target.data_dir.rglob("*") if path.is_file()}
    assert after == before
    assert sorted(p.name for p in target.data_dir.iterdir()) == ["audit_key.key", "media", "shuhi.sqlite3"]
