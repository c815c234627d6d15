"""Uploaded files that must never be served directly: where they are kept, what is accepted, and
how a file leaves the disk again when the transaction that stored it rolls back.

Supplier evidence, signed NDAs and other private uploads share these rules."""

from __future__ import annotations

import contextlib
import weakref
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private: outside the static root, with no URL; files leave only through gated views."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, str(Path(settings.MEDIA_ROOT) / "private"))

    @cached_property
    def base_url(self):
        return None


EVIDENCE_MAX_BYTES = getattr(settings, "SHUHI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Extension → the leading bytes a genuine file of that kind starts with (None: plain text).
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def check_private_upload(upload) -> tuple[str, bytes]:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(_("This type of file is not accepted. Use one of: %(types)s.")
                              % {"types": ", ".join(sorted(EVIDENCE_TYPES))})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is too large (at most %(mb)s MB).") % {"mb": EVIDENCE_MAX_BYTES // 2**20})
    data = upload.read()
    content_type, magic = EVIDENCE_TYPES[suffix]
    if magic is not None and not data.startswith(magic):
        raise ValidationError(_("The file's content does not match its extension %(ext)s.") % {"ext": suffix})
    if magic is None and b"\x00" in data[:4096]:
        raise ValidationError(_("The file's content does not match its extension %(ext)s.") % {"ext": suffix})
    return content_type, data


def delete_unless_committed(storage, name: str) -> None:
    """Delete the file `name` if the current transaction rolls back, keep it if it commits.

    Django has no rollback hook, but it drops the on_commit callbacks of a transaction (or
    savepoint) that rolls back; the finaliser of the dropped callback deletes the file. Without it
    a form that saves one file and then fails on the next one would leave a file with no row.
    """
    kept = [False]

    def keep() -> None:
        kept[0] = True

    weakref.finalize(keep, _delete_if_dropped, storage, name, kept)
    transaction.on_commit(keep)


def _delete_if_dropped(storage, name: str, kept: list[bool]) -> None:
    if not kept[0]:
        with contextlib.suppress(OSError):
            storage.delete(name)
