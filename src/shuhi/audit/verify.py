"""Re-computing the audit chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from shuhi.audit.chain import digest_of
from shuhi.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_entry: int | None = None
    reason: str = ""


def verify_chain(progress: Callable[[int, int], None] | None = None) -> VerifyResult:
    """Walk the chain in id order; report the first entry that does not fit."""
    total = AuditEntry.objects.count()
    expected_prev, expected_id, checked = GENESIS_HASH, 1, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.pk != expected_id:
            return VerifyResult(False, checked, entry.pk, _(
                "Entry #%(id)s follows #%(prev)s: entries are missing or were inserted."
            ) % {"id": entry.pk, "prev": expected_id - 1})
        if entry.prev_hash != expected_prev:
            return VerifyResult(False, checked, entry.pk, _(
                "Entry #%(id)s does not link to the entry before it: entries were deleted, inserted "
                "or reordered."
            ) % {"id": entry.pk})
        if digest_of(entry) != entry.hash:
            return VerifyResult(False, checked, entry.pk, _(
                "Entry #%(id)s was changed after it was written."
            ) % {"id": entry.pk})
        expected_prev, expected_id, checked = entry.hash, entry.pk + 1, checked + 1
        if progress and checked % 1000 == 0:
            progress(checked, total)
    return _check_head(checked, expected_id - 1, expected_prev)


def _check_head(checked: int, last_id: int, last_hash: str) -> VerifyResult:
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if checked == 0:
            return VerifyResult(True, 0)
        return VerifyResult(False, checked, last_id, _("The chain head is missing."))
    if head.last_id > last_id:
        return VerifyResult(False, checked, last_id + 1, _(
            "Entry #%(id)s and later are missing: the chain head records #%(head)s."
        ) % {"id": last_id + 1, "head": head.last_id})
    if head.last_id != last_id or head.last_hash != last_hash:
        return VerifyResult(False, checked, last_id, _(
            "Entry #%(id)s does not match the chain head."
        ) % {"id": last_id})
    return VerifyResult(True, checked)
