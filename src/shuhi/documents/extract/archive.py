"""Unpacking a .zip so that each member is scanned as a file of its own, trusting nothing it says.

Shared by folder scans (`batch.scan_paths`, one result line per member, its path written
`archive.zip!/folder/設計書.docx`), by e-mail attachments and by `scan_file` on an archive (the
members' labels are merged, each `where` reading `!/folder/設計書.docx/header` after the archive's
own path), and by the web app's upload scans, which import the naming rules from here.

Members are written flat as `<dest>/<n>/<file name>`: the archive's folders never become folders
on disk (so `..` or absolute names cannot escape), yet the file name, which may carry a label such
as 【極秘】, reaches the scanner. Sizes and the compression ratio are counted on the bytes really
inflated (a member can lie about its size); an archive past the limits is refused whole.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shuhi.documents.extract.base import (
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR_BYTES,
    Corrupt,
    TooLarge,
)

CHUNK = 1024 * 1024
MAX_DEPTH = 3  # archives and e-mails inside archives and e-mails, counted from the file scanned
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
SEPARATOR = "!/"  # archive.zip!/folder/member.docx


@dataclass(frozen=True)
class Limits:
    members: int = MAX_MEMBERS
    total_bytes: int = MAX_TOTAL_BYTES
    ratio: int = MAX_RATIO


@dataclass
class Unpacked:
    """(name inside the archive, path on disk) of each member written, and (name, reason) of the rest."""

    files: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: Japanese Windows writes Shift_JIS names without the UTF-8 flag."""
    name = info.filename
    if info.flag_bits & UTF8_FLAG:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def unsafe_name(name: str) -> bool:
    """Absolute (`/…`, `C:\\…`, `\\\\server\\…`) or climbing out with `..` (zip slip)."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return True
    return ".." in PurePosixPath(normal).parts


def is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & ENCRYPTED_FLAG)


def safe_file_name(name: str) -> str:
    """The member's file name alone, within a file-system-safe length, extension kept."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip() or "file"
    encoded = base.encode("utf-8")
    if len(encoded) <= 200:
        return base
    suffix = PurePosixPath(base).suffix[:20]
    return encoded[: 200 - len(suffix.encode())].decode("utf-8", "ignore") + suffix


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, limits: Limits) -> int:
    written = 0
    with archive.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > budget:
                raise TooLarge(f"archive expands past {limits.total_bytes} bytes")
            if written > RATIO_FLOOR_BYTES and written > limits.ratio * max(info.compress_size, 1):
                raise TooLarge(f"{member_name(info)[:100]} compression ratio over {limits.ratio}")
            sink.write(chunk)
    return written


def unpack(path: str | Path, dest: str | Path, limits: Limits | None = None) -> Unpacked:
    """Write the members of `path` into `dest` (an empty folder the caller removes afterwards)."""
    limits = limits or Limits()
    dest, result = Path(dest), Unpacked()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > limits.members:
                raise TooLarge(f"{len(infos)} archive members")
            budget = limits.total_bytes
            for index, info in enumerate(infos):
                name = member_name(info)
                if is_encrypted(info):
                    result.skipped.append((name, "encrypted"))
                    continue
                if is_symlink(info):
                    result.skipped.append((name, "unsupported"))
                    continue
                folder = dest / str(index)
                folder.mkdir()
                target = folder / safe_file_name(name)
                budget -= _copy(archive, info, target, budget, limits)
                result.files.append((name, str(target)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, zlib.error) as exc:
        raise Corrupt(f"bad zip: {exc}") from exc
    return result
