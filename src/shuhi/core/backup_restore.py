"""`shuhi restore`: put an installation back from a `shuhi backup` archive, whole or not at all.

1. Every member is unpacked next to where it will live (same file system, so that putting it in
   place is a rename) and checked against the manifest: size and SHA-256 of each, nothing missing,
   nothing extra, no path outside its place. A damaged or foreign archive stops here, and nothing
   of the installation has changed.
2. An installation that holds data is only overwritten with `--force`, and never while a process
   (`shuhi serve`, a worker) has its SQLite database open or is connected to its PostgreSQL database.
3. The keys and MEDIA_ROOT are renamed aside and the restored ones renamed in; then the database:
   SQLite by renaming the checked snapshot over the file (its old WAL set aside with it), PostgreSQL
   by replaying the dump in one transaction that first empties the schema. If the database step
   fails, the renames are undone. Only then is what was set aside deleted.
4. The restored audit chain is verified with the restored key, and the restore is recorded in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import psutil
from django.db import DatabaseError, connection, connections, transaction
from django.utils.translation import gettext as _

from shuhi.core.audit.chain import audit_key
from shuhi.core.audit.services import audit_record
from shuhi.core.backup import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PGDUMP_MEMBER,
    SQLITE_MEMBER,
    BackupError,
    Installation,
    pg_command,
    pg_tool,
    run_tool,
)
from shuhi.core.permissions import SYSTEM_CLI

SECRET_MEMBER = re.compile(r"^secrets/[a-z0-9_]{1,64}\.key$")
MAX_MANIFEST = 64 * 1024 * 1024


@dataclass
class Staging:
    """Where the archive is unpacked: each part beside its final place."""

    root: Path  # in the data directory: manifest, secrets, a PostgreSQL dump
    media: Path  # beside MEDIA_ROOT
    database: Path | None  # beside the SQLite file
    found: dict[str, tuple[int, str]] = field(default_factory=dict)  # member -> (size, sha256)

    def place(self, name: str) -> Path:
        if name.startswith("media/"):
            return self.media.joinpath(*PurePosixPath(name).parts[1:])
        if name == SQLITE_MEMBER and self.database is not None:
            return self.database / "shuhi.sqlite3"
        return self.root.joinpath(*PurePosixPath(name).parts)

    def remove(self) -> None:
        for folder in (self.root, self.media, self.database):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


@dataclass
class RestoreSummary:
    manifest: dict[str, Any]
    files: int
    secrets: list[str]
    audit_entries: int | None
    audit_problem: str
    pending_migrations: bool
    seconds: float


def backup_check(*, archive: Path, installation: Installation | None = None) -> dict[str, Any]:
    """Unpack into a scratch folder and check every member; change nothing. Returns the manifest."""
    where = installation or Installation.current()
    staging = _staging(where)
    try:
        return _unpack(archive, staging)
    finally:
        staging.remove()


def backup_restore(*, archive: Path, force: bool = False, installation: Installation | None = None) -> RestoreSummary:
    started = time.monotonic()
    where = installation or Installation.current()
    staging = _staging(where)
    try:
        manifest = _unpack(archive, staging)
        _check_fits(manifest, where)
        if not force and installation_has_data(where):
            raise BackupError(_("This installation already holds data. Restoring would replace all of it: run "
                                "`shuhi restore` again with --force if that is what you want."))
        connections.close_all()
        _refuse_if_in_use(where)
        if where.engine == "sqlite":
            _check_sqlite(staging.place(SQLITE_MEMBER))
        _swap(staging, where, manifest)
    finally:
        staging.remove()
    return _after_restore(manifest, archive, started)


def installation_has_data(where: Installation) -> bool:
    if any(path.is_file() for path in where.media_root.rglob("*")) if where.media_root.is_dir() else False:
        return True
    if where.engine == "sqlite" and not (where.sqlite_path.is_file() and where.sqlite_path.stat().st_size):
        return False
    from shuhi.core.audit.models import AuditEntry
    from shuhi.core.models import Organisation, User

    try:
        return any(model.objects.exists() for model in (User, Organisation, AuditEntry))
    except DatabaseError:  # no tables yet: a database that was never migrated
        return False
    finally:
        connections.close_all()


# --- unpack and check -----------------------------------------------------------------------------

def _staging(where: Installation) -> Staging:
    made: list[Path] = []
    try:
        made.append(Path(tempfile.mkdtemp(prefix=".shuhi-restore-", dir=where.data_dir)))
        where.media_root.parent.mkdir(parents=True, exist_ok=True)
        made.append(Path(tempfile.mkdtemp(prefix=f".{where.media_root.name}.restore-", dir=where.media_root.parent)))
        if where.sqlite_path is not None:
            where.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            made.append(Path(tempfile.mkdtemp(prefix=".shuhi-restore-db-", dir=where.sqlite_path.parent)))
        mask = os.umask(0)
        os.umask(mask)
        made[1].chmod(0o777 & ~mask)  # it becomes MEDIA_ROOT: as Django would have made it, not mkdtemp's 0700
    except OSError as exc:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        raise BackupError(_("Cannot make a scratch folder for the restore: %(error)s") % {"error": exc}) from exc
    return Staging(root=made[0], media=made[1], database=made[2] if len(made) > 2 else None)


def _unpack(archive: Path, staging: Staging) -> dict[str, Any]:
    if not archive.is_file():
        raise BackupError(_("The file %(path)s does not exist.") % {"path": archive})
    manifest = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _member_name(member)
                if name == MANIFEST:
                    manifest = _read_manifest(tar, member)
                    continue
                staging.found[name] = _write_member(tar, member, staging.place(name))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(_("The archive is damaged or is not a shuhi backup (%(error)s); nothing was changed.")
                          % {"error": exc}) from exc
    if manifest is None:
        raise BackupError(_("The archive has no manifest: it is not a shuhi backup; nothing was changed."))
    _compare(manifest, staging.found)
    return manifest


def _member_name(member: tarfile.TarInfo) -> str:
    name = member.name
    path = PurePosixPath(name)
    safe = (member.isfile() and not path.is_absolute() and ".." not in path.parts and "" not in name.split("/")
            and "\\" not in name and "\x00" not in name)
    allowed = name in {MANIFEST, SQLITE_MEMBER, PGDUMP_MEMBER} or SECRET_MEMBER.match(name) or (
        name.startswith("media/") and len(path.parts) > 1)
    if not (safe and allowed):
        raise BackupError(_("The archive holds %(name)r, which a shuhi backup does not; nothing was changed.")
                          % {"name": name[:200]})
    return name


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict[str, Any]:
    if member.size > MAX_MANIFEST:
        raise BackupError(_("The archive's manifest is too large; nothing was changed."))
    try:
        manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("The archive's manifest cannot be read; nothing was changed.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("The archive is not a shuhi backup; nothing was changed."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("The backup has format version %(found)s; this shuhi reads version %(known)s.")
                          % {"found": manifest.get("format_version"), "known": FORMAT_VERSION})
    return manifest


def _write_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> tuple[int, str]:
    if target.exists():
        raise BackupError(_("The archive holds %(name)r twice; nothing was changed.") % {"name": member.name[:200]})
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    source = tar.extractfile(member)
    mode = 0o600 if member.name.startswith(("secrets/", "database/")) else 0o640
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _compare(manifest: dict[str, Any], found: dict[str, tuple[int, str]]) -> None:
    try:
        listed = {entry["path"]: (int(entry["size"]), str(entry["sha256"])) for entry in manifest["files"]}
        member = manifest["database"]["member"]
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(_("The archive's manifest is incomplete; nothing was changed.")) from exc
    problems = [name for name in sorted(set(listed) | set(found)) if listed.get(name) != found.get(name)]
    if member not in found:
        problems.insert(0, member)
    if problems:
        raise BackupError(_("The archive does not match its manifest (%(names)s): it is damaged or was altered; "
                            "nothing was changed.") % {"names": ", ".join(problems[:5])})


def _check_fits(manifest: dict[str, Any], where: Installation) -> None:
    engine = manifest["database"].get("engine")
    if engine != where.engine:
        raise BackupError(_("The backup holds a %(archive)s database, but this installation uses %(here)s: restore "
                            "it into an installation on %(archive)s.") % {"archive": engine, "here": where.engine})
    known = _known_migrations()
    unknown = sorted(set(manifest["database"].get("migrations") or []) - known)
    if unknown:
        raise BackupError(_("The backup was made by a newer shuhi (version %(version)s; it has migrations this one "
                            "does not know, such as %(name)s): upgrade shuhi first.")
                          % {"version": manifest.get("shuhi_version", "?"), "name": unknown[0]})


def _known_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


def _check_sqlite(path: Path) -> None:
    database = sqlite3.connect(str(path))
    try:
        problem = database.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    finally:
        database.close()
    if problem != "ok":
        raise BackupError(_("The database in the archive is damaged (%(problem)s); nothing was changed.")
                          % {"problem": problem})


def _refuse_if_in_use(where: Installation) -> None:
    if where.engine == "sqlite":
        names = {str(where.sqlite_path) + suffix for suffix in ("", "-wal", "-shm")}
        users = sorted({process.pid for process in psutil.process_iter() if process.pid != os.getpid()
                        and _has_open(process, names)})
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
            users = sorted(row[0] for row in cursor.fetchall())
        connections.close_all()
    if users:
        raise BackupError(_("The database is in use (processes %(pids)s): stop `shuhi serve` and the worker "
                            "first; nothing was changed.") % {"pids": ", ".join(map(str, users[:10]))})


def _has_open(process: psutil.Process, names: set[str]) -> bool:
    with contextlib.suppress(psutil.Error):
        return any(opened.path in names for opened in process.open_files())
    return False


# --- put in place ---------------------------------------------------------------------------------

class _Swap:
    """Renames with their undo: each final path is moved aside before the new one takes its place."""

    def __init__(self, aside: Path) -> None:
        self.aside, self.done = aside, []

    def put(self, new: Path, final: Path) -> None:
        kept = None
        if final.exists() or final.is_symlink():
            kept = self.aside / f"{len(self.done)}-{final.name}"
            os.replace(final, kept)
        self.done.append((final, kept))
        if new is not None:
            os.replace(new, final)

    def undo(self) -> None:
        for final, kept in reversed(self.done):
            with contextlib.suppress(OSError):
                if final.is_dir() and not final.is_symlink():
                    shutil.rmtree(final)
                elif final.exists():
                    final.unlink()
                if kept is not None:
                    os.replace(kept, final)


def _swap(staging: Staging, where: Installation, manifest: dict[str, Any]) -> None:
    aside = Path(tempfile.mkdtemp(prefix=".shuhi-replaced-", dir=where.data_dir))
    media_aside = Path(tempfile.mkdtemp(prefix=f".{where.media_root.name}.replaced-", dir=where.media_root.parent))
    swap, media_swap = _Swap(aside), _Swap(media_aside)
    try:
        for key in sorted((staging.root / "secrets").glob("*.key")):
            swap.put(key, where.data_dir / key.name)
        media_swap.put(staging.media, where.media_root)
        if where.engine == "sqlite":
            db_swap = _Swap(staging.database)
            for suffix in ("-wal", "-shm", "-journal"):  # an old WAL replayed into the new file would corrupt it
                db_swap.put(None, Path(f"{where.sqlite_path}{suffix}"))
            try:
                db_swap.put(staging.place(SQLITE_MEMBER), where.sqlite_path)
            except OSError:
                db_swap.undo()
                raise
        else:
            _pg_replace(where, staging.place(PGDUMP_MEMBER))
    except BaseException:
        media_swap.undo()
        swap.undo()
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(media_aside, ignore_errors=True)


def _pg_replace(where: Installation, dump: Path) -> None:
    """Replay the dump as one transaction that starts by emptying the schema: all of it or none."""
    script = dump.with_suffix(".sql")
    args, env = pg_command(where.database)
    run_tool([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", str(script), str(dump)], env)
    run_tool([pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", *args,
              "--command", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", "--file", str(script)], env)


# --- after ----------------------------------------------------------------------------------------

def _after_restore(manifest: dict[str, Any], archive: Path, started: float) -> RestoreSummary:
    from django.db.migrations.executor import MigrationExecutor

    from shuhi.core.audit.verify import verify_chain

    audit_key.cache_clear()  # the restored key, not the one this process read before
    connections.close_all()
    executor = MigrationExecutor(connection)
    pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    entries, problem = None, ""
    if not pending:
        result = verify_chain()
        entries, problem = result.checked, "" if result.ok else f"#{result.bad_entry}: {result.reason}"
        if result.ok:
            with transaction.atomic():
                audit_record(actor=SYSTEM_CLI, action="backup.restore", object_type="installation",
                             object_repr=archive.name[:300],
                             after={"file": archive.name, "created_at": manifest.get("created_at"),
                                    "shuhi_version": manifest.get("shuhi_version")})
    files = [entry for entry in manifest["files"] if entry["path"].startswith("media/")]
    secrets = [Path(entry["path"]).stem for entry in manifest["files"] if entry["path"].startswith("secrets/")]
    connections.close_all()
    return RestoreSummary(manifest=manifest, files=len(files), secrets=secrets, audit_entries=entries,
                          audit_problem=problem, pending_migrations=pending, seconds=time.monotonic() - started)
