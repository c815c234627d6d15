"""Checks the writer and the verifier share: the head's signature, and the organisations that witness
the log's beginning."""

from __future__ import annotations

from django.apps import apps
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from shuhi.core.audit.chain import head_signature, signatures_match
from shuhi.core.audit.models import AuditChainHead, AuditEntry

ORGANISATION_CREATED = "organisation.create"


def head_is_signed(head: AuditChainHead) -> bool:
    expected = head_signature(last_id=head.last_id, last_hash=head.last_hash, signed_at=head.signed_at)
    return signatures_match(expected, head.signature)


def organisations_not_recorded() -> QuerySet:
    """Organisations whose creation is not in the log.

    Every organisation is created by a service that records it in the same transaction, and deleting
    an organisation would take the data it owns with it. So an organisation without its entry means
    the log lost its beginning: the one deletion the chain's links cannot show, when the whole log and
    its head were deleted and a new chain was begun from #1.
    """
    organisation = apps.get_model("core", "Organisation")
    recorded = AuditEntry.objects.filter(action=ORGANISATION_CREATED,
                                         object_type=organisation._meta.label_lower).values("object_id")
    return (organisation._base_manager.annotate(audit_object_id=Cast("pk", output_field=CharField()))
            .exclude(audit_object_id__in=recorded))
