"""Anchors: the chain's newest id and hash, signed and kept outside the database.

Someone who can write to the database and also holds the audit key, or who kept an old signed head
row (a backup holds one), can cut the newest entries off and leave a chain that is whole. Only a
record of how far the chain once reached, kept where they cannot reach it, shows that. An operator
writes one on a schedule (`shuhi audit anchor`, docs/audit.md) and `shuhi audit verify --anchor`
checks the chain still holds every anchored entry with its anchored hash.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.chain import anchor_signature, signatures_match

FORMAT = "shuhi-audit-anchor"
VERSION = 1


class AnchorError(Exception):
    """An anchor cannot be written or trusted; the message says which file and why."""


@dataclass(frozen=True)
class Anchor:
    last_id: int
    last_hash: str
    anchored_at: str
    source: str


def anchor_document(*, last_id: int, last_hash: str) -> dict[str, Any]:
    fields = {"format": FORMAT, "version": VERSION, "last_id": last_id, "last_hash": last_hash,
              "anchored_at": timezone.now().isoformat(timespec="seconds")}
    return {**fields, "signature": anchor_signature(fields)}


def anchor_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def anchor_target(out: Path, document: dict[str, Any]) -> Path:
    """The file to write: `out` itself, or a new file named by time and id inside the directory `out`."""
    if not out.is_dir():
        return out
    stamp = document["anchored_at"].replace("-", "").replace(":", "").replace("+0000", "Z")
    return out / f"shuhi-audit-anchor-{stamp}-{document['last_id']}.json"


def write_anchor(out: Path, document: dict[str, Any]) -> Path:
    """Write atomically, so a crash or a full disk never leaves a half-written anchor behind."""
    target = anchor_target(out, document)
    fd, temporary = tempfile.mkstemp(prefix=".anchor-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(anchor_text(document))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_anchors(path: Path) -> list[Anchor]:
    """Every anchor in a file, or in the *.json files of a directory. A file that cannot be trusted
    is an error rather than skipped: skipping it is exactly what someone hiding a truncation wants."""
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise AnchorError(_("%(path)s holds no anchor files (*.json).") % {"path": path})
        return [load_anchor(file) for file in files]
    return [load_anchor(path)]


def load_anchor(path: Path) -> Anchor:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AnchorError(_("Cannot read the anchor %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    if not _well_formed(document):
        raise AnchorError(_("%(path)s is not a shuhi audit anchor.") % {"path": path})
    if not signatures_match(anchor_signature(document), document["signature"]):
        raise AnchorError(_("The signature of the anchor %(path)s does not match: it was altered, or written "
                            "with another installation's audit key.") % {"path": path})
    return Anchor(last_id=document["last_id"], last_hash=document["last_hash"],
                  anchored_at=str(document.get("anchored_at", "")), source=str(path))


def _well_formed(document: Any) -> bool:
    return (isinstance(document, dict) and document.get("format") == FORMAT and document.get("version") == VERSION
            and isinstance(document.get("last_id"), int) and not isinstance(document.get("last_id"), bool)
            and document["last_id"] >= 0 and isinstance(document.get("last_hash"), str)
            and isinstance(document.get("signature"), str))
