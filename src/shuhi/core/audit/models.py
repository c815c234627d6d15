"""The tamper-evident audit log: an append-only hash chain.

Each entry stores the hash of the entry before it and its own keyed hash over its content, its id
and that previous hash. Editing an entry breaks its own hash; deleting, inserting or reordering
breaks the link to the next one; deleting the newest entries is caught by the chain head, a
single row, signed with the audit key, that records the id and hash of the last entry and is
updated in the same transaction. What the database alone cannot show (a rollback to an older
signed head) is caught against anchors kept outside it: see docs/audit.md.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager, ScopedQuerySet

GENESIS_HASH = "0" * 64


class AuditEntryQuerySet(ScopedQuerySet):
    """The core gate, minus entries about objects the reader may not see.

    The log's own scope lets the full-view roles read every entry, but some objects are hidden even
    from them (a supplier's private self-assessment and everything under it). An entry about such an
    object would show what its page hides: file names, sizes, hashes, which answers changed.
    """

    def visible_to(self, user) -> AuditEntryQuerySet:
        rows = super().visible_to(user)
        for object_type, hidden_ids in _hidden_objects(user):
            rows = rows.exclude(object_type=object_type, object_id__in=hidden_ids)
        return rows


def _hidden_objects(user):
    """(object type, subquery of the ids `user` may not see) for each model whose gate hides rows from them.

    One subquery per such model, not per entry, so a long log costs no more queries than a short one.
    A model whose gate adds no condition for this user hides nothing and is skipped without a query.
    """
    for model in apps.get_models():
        if model is AuditEntry or not hasattr(model, "scope") or not hasattr(model._default_manager, "visible_to"):
            continue
        manager = model._default_manager
        visible = manager.visible_to(user)
        if len(visible.query.where.children) <= len(manager.all().query.where.children):
            continue
        hidden = manager.exclude(pk__in=visible.values("pk"))
        yield model._meta.label_lower, hidden.annotate(
            audit_object_id=Cast("pk", output_field=models.CharField())).values("audit_object_id")


class AuditEntryManager(ScopedManager.from_queryset(AuditEntryQuerySet)):
    pass


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Kept as text too: the entry must still say who acted after the account is gone.
    actor_label = models.CharField(_("actor"), max_length=254)
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, default="web")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryManager()
    scope = Scope(org="organisation", change_roles=frozenset())

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row: the id and hash of the newest entry, signed, to catch truncation of the chain.

    The signature covers the id, the hash and the time of signing (see chain.head_signature), so
    that pointing the head at an earlier entry needs the audit key, not just write access.
    """

    # Bookkeeping only: no view, API route or selector reads it, so it needs no permission scope.
    gate_internal = True

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    signed_at = models.DateTimeField(null=True, blank=True)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.last_id}"
