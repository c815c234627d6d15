"""Re-computing the audit chain, and checking it against its head, its anchors and its witnesses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from shuhi.core.audit.anchors import Anchor
from shuhi.core.audit.chain import digest_of
from shuhi.core.audit.integrity import head_is_signed, organisations_not_recorded
from shuhi.core.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_entry: int | None = None
    reason: str = ""
    # The newest entry that was checked: what an anchor written now may vouch for.
    last_id: int = 0
    last_hash: str = GENESIS_HASH


def verify_chain(progress: Callable[[int, int], None] | None = None,
                 anchors: Sequence[Anchor] = ()) -> VerifyResult:
    """Walk the chain in id order; report the first thing that does not fit.

    Then the head must be signed and name the last entry, every anchor's entry must be in the chain
    with the anchored hash, and every organisation's creation must be in the log.
    """
    total = AuditEntry.objects.count()
    anchored: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        anchored.setdefault(anchor.last_id, []).append(anchor)
    expected_prev, expected_id, checked = GENESIS_HASH, 1, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        failure = _check_entry(entry, expected_id, expected_prev, anchored.get(entry.pk, ()))
        if failure:
            return VerifyResult(False, checked, entry.pk, failure)
        expected_prev, expected_id, checked = entry.hash, entry.pk + 1, checked + 1
        if progress and checked % 1000 == 0:
            progress(checked, total)
    last_id, last_hash = expected_id - 1, expected_prev
    for check in (_check_head, _check_anchors_reached, _check_witnesses):
        failure = check(last_id, last_hash, anchors)
        if failure:
            return VerifyResult(False, checked, failure[0], failure[1], last_id, last_hash)
    return VerifyResult(True, checked, last_id=last_id, last_hash=last_hash)


def _check_entry(entry: AuditEntry, expected_id: int, expected_prev: str, anchors: Sequence[Anchor]) -> str:
    if entry.pk != expected_id:
        return _("Entry #%(id)s follows #%(prev)s: entries are missing or were inserted.") % {
            "id": entry.pk, "prev": expected_id - 1}
    if entry.prev_hash != expected_prev:
        return _("Entry #%(id)s does not link to the entry before it: entries were deleted, inserted "
                 "or reordered.") % {"id": entry.pk}
    if digest_of(entry) != entry.hash:
        return _("Entry #%(id)s was changed after it was written.") % {"id": entry.pk}
    for anchor in anchors:
        if anchor.last_hash != entry.hash:
            return _("Entry #%(id)s is not the entry anchored in %(file)s at %(time)s.") % {
                "id": entry.pk, "file": anchor.source, "time": anchor.anchored_at}
    return ""


def _check_head(last_id: int, last_hash: str, anchors: Sequence[Anchor]) -> tuple[int, str] | None:
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        # An empty log may have no head yet; whether it should be empty is for the anchors and witnesses.
        return (last_id, _("The chain head is missing.")) if last_id else None
    if not head_is_signed(head):
        return last_id, _("The chain head's signature is wrong: the head was changed without the audit key.")
    if head.last_id > last_id:
        return last_id + 1, _("Entry #%(id)s and later are missing: the chain head records #%(head)s.") % {
            "id": last_id + 1, "head": head.last_id}
    if head.last_id != last_id or head.last_hash != last_hash:
        return last_id, _("Entry #%(id)s does not match the chain head.") % {"id": last_id}
    return None


def _check_anchors_reached(last_id: int, last_hash: str, anchors: Sequence[Anchor]) -> tuple[int, str] | None:
    beyond = [a for a in anchors if a.last_id > last_id]
    if not beyond:
        return None
    anchor = max(beyond, key=lambda a: a.last_id)
    return last_id + 1, _(
        "Entry #%(id)s, anchored in %(file)s at %(time)s, is missing: the chain ends at #%(last)s."
    ) % {"id": anchor.last_id, "file": anchor.source, "time": anchor.anchored_at, "last": last_id}


def _check_witnesses(last_id: int, last_hash: str, anchors: Sequence[Anchor]) -> tuple[int, str] | None:
    missing = organisations_not_recorded().order_by("pk").first()
    if missing is None:
        return None
    return 1, _("The log does not record the creation of organisation #%(org)s: the beginning of the log, "
                "or all of it, was deleted.") % {"org": missing.pk}
