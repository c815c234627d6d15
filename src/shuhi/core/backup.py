"""`shuhi backup`: one archive with everything an installation needs to come back.

The archive (tar.gz) holds

- ``database/shuhi.sqlite3``: a snapshot taken with SQLite's online backup API in one step, so it
  is consistent while the server writes (a copy of the file, or of the file and its WAL, is not); or
  ``database/shuhi.pgdump``: ``pg_dump --format=custom``, which dumps one consistent snapshot;
- ``media/...``: the private files under MEDIA_ROOT (supplier evidence, uploads waiting for a job);
- ``secrets/*.key``: the installation secrets of the data directory (audit key, secret key,
  pseudonym and fingerprint keys). Without the audit key the restored audit chain cannot be verified;
  `--without-keys` leaves them out, for operators who keep the keys apart from the database;
- ``manifest.json``, last: format, shuhi version, time, the database's migrations, and the size and
  SHA-256 of every other member, which `shuhi restore` checks before it changes anything.

The database is snapshotted before the files are read: files are only ever added (evidence is
never rewritten), so every file a snapshot row names is there, and a file newer than the snapshot
is merely one file too many. Secrets given in the environment (``SHUHI_AUDIT_KEY``...) are not
files and are not in the archive; the manifest names them so that restore can say so.

The archive holds the keys: keep it like the keys themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.paths import data_dir

FORMAT = "shuhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/shuhi.sqlite3"
PGDUMP_MEMBER = "database/shuhi.pgdump"
# The secrets shuhi keeps as <name>.key in the data directory (shuhi.paths.installation_secret).
KNOWN_SECRETS = ("audit_key", "secret_key", "pseudonym", "fingerprint")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message, translated, says why and what to do."""


@dataclass(frozen=True)
class Installation:
    """Where an installation keeps what a backup holds, from the settings in force."""

    data_dir: Path
    media_root: Path
    engine: str  # "sqlite" or "postgresql"
    sqlite_path: Path | None
    database: dict = field(repr=False)

    @classmethod
    def current(cls) -> Installation:
        db = settings.DATABASES["default"]
        engine = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite" if "sqlite3" in db["ENGINE"] else ""
        if not engine:
            raise BackupError(_("Backups support SQLite and PostgreSQL; this installation uses %(engine)s.")
                              % {"engine": db["ENGINE"]})
        return cls(data_dir=data_dir().resolve(), media_root=Path(settings.MEDIA_ROOT).resolve(), engine=engine,
                   sqlite_path=Path(db["NAME"]).resolve() if engine == "sqlite" else None, database=db)

    def secret_files(self) -> list[Path]:
        return sorted(path for path in self.data_dir.glob("*.key") if path.is_file() and not path.is_symlink())


@dataclass
class BackupSummary:
    path: Path
    size: int
    database_size: int
    files: int
    files_size: int
    secrets: list[str]
    secrets_in_environment: list[str]
    seconds: float


# --- tools shared with restore --------------------------------------------------------------------

def shuhi_version() -> str:
    try:
        return metadata.version("shuhi")
    except metadata.PackageNotFoundError:
        return "unknown"


def pg_tool(name: str) -> str:
    """The newest PostgreSQL client program of that name (`SHUHI_PG_BIN` first): pg_dump must not be
    older than the server, and Debian keeps each version under /usr/lib/postgresql/N/bin."""
    configured = os.environ.get("SHUHI_PG_BIN")
    folders = [Path(configured)] if configured else []
    folders += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _numeric(p.parent.name), reverse=True)
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(program)s was not found: install the PostgreSQL client programs (Debian: "
                            "postgresql-client) or set SHUHI_PG_BIN.") % {"program": name})
    return found


def _numeric(text: str) -> int:
    return int(text) if text.isdigit() else -1


def pg_command(database: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL programs; the password goes in the environment, not in
    the command line that every user of the machine can read."""
    args = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def run_tool(command: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(_("%(program)s failed: %(error)s") % {
            "program": Path(command[0]).name, "error": (done.stderr or done.stdout).strip()[-2000:]})
    return done


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def secrets_in_environment() -> list[str]:
    named = [name for name in KNOWN_SECRETS if os.environ.get(f"SHUHI_{name.upper()}")]
    if os.environ.get("SECRET_KEY") and "secret_key" not in named:
        named.append("secret_key")
    return sorted(named)


# --- backup ---------------------------------------------------------------------------------------

def archive_path(out: Path) -> Path:
    """OUT itself, or a dated file name inside OUT when it is a directory."""
    out = out.expanduser()
    if out.is_dir():
        return out / f"shuhi-backup-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"
    if not out.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    return out


def backup_create(*, out: Path, installation: Installation | None = None, keys: bool = True) -> BackupSummary:
    """`keys=False` leaves the keys out: whoever holds both the database and the audit key can forge
    the chain, so an operator may keep them apart (docs/audit.md) and restore the keys separately."""
    started = time.monotonic()
    where = installation or Installation.current()
    path = archive_path(out).resolve()
    if path == where.sqlite_path or where.media_root in path.parents:
        raise BackupError(_("Write the backup outside the database file and MEDIA_ROOT."))
    with transaction.atomic():
        # Who took a copy of everything, keys included: in the log, and so in the snapshot too.
        audit_record(actor=SYSTEM_CLI, action="backup.create", object_type="installation",
                     object_repr=path.name[:300], after={"file": path.name, "engine": where.engine, "keys": keys})
    migrations = applied_migrations()
    with tempfile.TemporaryDirectory(prefix=".shuhi-backup-", dir=path.parent) as scratch:
        member, snapshot = _snapshot_database(where, Path(scratch))
        partial = Path(scratch) / "archive.tar.gz"
        entries: list[dict[str, Any]] = []
        with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            entries.append(_add_file(tar, snapshot, member))
            for file in _media_files(where.media_root):
                with contextlib.suppress(FileNotFoundError):  # an upload a job removed meanwhile
                    entries.append(_add_file(tar, file, "media/" + file.relative_to(where.media_root).as_posix()))
            secrets = [_add_file(tar, key, f"secrets/{key.name}", mode=0o600)
                       for key in (where.secret_files() if keys else [])]
            entries += secrets
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "shuhi_version": shuhi_version(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "host": socket.gethostname(),
                "database": {"engine": where.engine, "member": member, "migrations": migrations},
                "keys_included": keys, "secrets_in_environment": secrets_in_environment(), "files": entries,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        os.replace(partial, path)  # whole or not at all: no half-written archive under the final name
    media = [e for e in entries[1:] if e["path"].startswith("media/")]
    return BackupSummary(path=path, size=path.stat().st_size, database_size=entries[0]["size"], files=len(media),
                         files_size=sum(e["size"] for e in media),
                         secrets=[Path(e["path"]).stem for e in secrets],
                         secrets_in_environment=manifest["secrets_in_environment"],
                         seconds=time.monotonic() - started)


@contextlib.contextmanager
def _private_file(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _snapshot_database(where: Installation, scratch: Path) -> tuple[str, Path]:
    if where.engine == "sqlite":
        target = scratch / "shuhi.sqlite3"
        sqlite_snapshot(where.sqlite_path, target)
        return SQLITE_MEMBER, target
    target = scratch / "shuhi.pgdump"
    args, env = pg_command(where.database)
    run_tool([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
             env)
    return PGDUMP_MEMBER, target


def sqlite_snapshot(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database.

    `Connection.backup` with its default of all pages in one step copies under one read transaction:
    in WAL mode writers go on meanwhile and the copy is the database as of that transaction's start.
    The copy is then made a self-contained file (no WAL) and checked.
    """
    if not source.is_file():
        raise BackupError(_("The database file %(path)s does not exist.") % {"path": source})
    origin = sqlite3.connect(str(source), timeout=60)
    copy = sqlite3.connect(str(target))
    try:
        origin.execute("PRAGMA busy_timeout=60000")
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        problem = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        origin.close()
    if problem != "ok":
        raise BackupError(_("The database snapshot failed its integrity check: %(problem)s") % {"problem": problem})


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):  # symbolic links are neither followed nor saved
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


class _HashingReader:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str, mode: int = 0o640) -> dict[str, Any]:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.mode, info.uid, info.gid, info.uname, info.gname = mode, 0, 0, "", ""
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))
