"""Unpacking an uploaded .zip for scanning, without trusting anything the archive says.

The whole archive is refused, before a byte is written, when a member's name is absolute or
climbs out with `..` (zip slip), when a member is a symbolic link, when there are too many
members, or when the declared sizes or the compression ratio look like a zip bomb. Extraction
then counts the bytes it really writes, so a member that lies about its size is caught too.

Members are written as `<dest>/<n>/<file name>`: the archive's folders never become folders on
the server, yet the file name (which can carry a label such as 【極秘】) reaches the scanner.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# The naming rules are the engine's, shared with folder scans that open .zip files themselves.
from shuhi.documents.extract.archive import CHUNK, is_encrypted, is_symlink, member_name, safe_file_name, unsafe_name


class ArchiveError(ValueError):
    """The archive is refused; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class Limits:
    members: int
    total_bytes: int
    ratio: int


@dataclass
class Extracted:
    """Files ready to scan: server path -> path inside the archive; `skipped` are (name, reason)."""

    files: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """The members to extract, or ArchiveError for an archive that must not be unpacked."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ArchiveError(_("The archive has %(n)s entries; the limit is %(limit)s.")
                           % {"n": len(infos), "limit": limits.members})
    total = 0
    for info in infos:
        name = member_name(info)
        if unsafe_name(name):
            raise ArchiveError(_("The archive was refused: the entry %(name)s points outside the archive.")
                               % {"name": name[:200]})
        if is_symlink(info):
            raise ArchiveError(_("The archive was refused: the entry %(name)s is a symbolic link.")
                               % {"name": name[:200]})
        total += info.file_size
        if info.file_size > limits.ratio * max(info.compress_size, 1) and info.file_size > CHUNK:
            raise ArchiveError(_("The archive was refused: %(name)s expands too much to be a real document.")
                               % {"name": name[:200]})
    if total > limits.total_bytes:
        raise ArchiveError(_("The archive expands to %(size)s MB; the limit is %(limit)s MB.")
                           % {"size": total // (1024 * 1024), "limit": limits.total_bytes // (1024 * 1024)})
    return [info for info in infos if not info.is_dir()]


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Write one member, stopping at its declared size and at the archive's remaining budget."""
    written = 0
    with archive.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size or written > budget:
                raise ArchiveError(_("The archive was refused: %(name)s is larger than it claims.")
                                   % {"name": member_name(info)[:200]})
            sink.write(chunk)
    return written


def extract_archive(path: str | Path, dest: str | Path, limits: Limits) -> Extracted:
    """Check, then unpack `path` into `dest` (an empty folder the caller removes afterwards)."""
    dest = Path(dest)
    result = Extracted()
    try:
        with zipfile.ZipFile(path) as archive:
            members = check_archive(archive, limits)
            budget = limits.total_bytes
            for index, info in enumerate(members):
                name = member_name(info)
                if is_encrypted(info):
                    result.skipped.append((name, "encrypted"))
                    continue
                folder = dest / str(index)
                folder.mkdir()
                target = folder / safe_file_name(name)
                budget -= _copy(archive, info, target, budget)
                result.files[str(target)] = name
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise ArchiveError(_("The file is not a readable .zip archive (%(error)s).") % {"error": str(exc)[:200]}) \
            from exc
    return result

