from __future__ import annotations

import csv
import json

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from shuhi.core.audit.models import AuditEntry
from shuhi.core.audit.permissions import can_read_audit
from shuhi.core.audit.selectors import audit_entries, object_types
from shuhi.core.permissions import access_object
from shuhi.core.spreadsheet import csv_safe
from shuhi.core.viewutils import gated, page_for, paginate

FILTER_KEYS = ("q", "action", "object_type", "since", "until")


def _require_audit_reader(user) -> None:
    page_for(can_read_audit(user))


@login_required
@require_GET
def entry_list(request):
    _require_audit_reader(request.user)
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    entries = audit_entries(user=request.user, filters=filters)
    context = {"filters": filters, "object_types": object_types(user=request.user), **paginate(request, entries)}
    template = "audit/entry_rows.html" if request.htmx else "audit/entry_list.html"
    return render(request, template, context)


@login_required
@require_GET
@gated(AuditEntry)
def entry_detail(request, pk: int):
    _require_audit_reader(request.user)
    entry = access_object(request.user, AuditEntry, pk)
    return render(request, "audit/entry_detail.html", {
        "entry": entry,
        "before": json.dumps(entry.before, ensure_ascii=False, indent=2),
        "after": json.dumps(entry.after, ensure_ascii=False, indent=2),
    })


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def entry_export(request):
    """CSV of the filtered log, streamed so a long history does not sit in memory."""
    _require_audit_reader(request.user)
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    entries = audit_entries(user=request.user, filters=filters).order_by("id")
    writer = csv.writer(_Echo())
    header = ["id", "time", "actor", "source", "action", "object_type", "object_id", "object",
              "before", "after", "prev_hash", "hash"]

    def rows():
        yield "\ufeff" + writer.writerow(header)  # BOM so Excel opens Japanese text correctly
        for e in entries.iterator(chunk_size=2000):
            # Names and texts typed by users and suppliers (evidence file names...) must not run as formulas.
            yield writer.writerow([csv_safe(cell) for cell in (
                e.pk, e.created_at.isoformat(), e.actor_label, e.source, e.action, e.object_type,
                e.object_id, e.object_repr, json.dumps(e.before, ensure_ascii=False),
                json.dumps(e.after, ensure_ascii=False), e.prev_hash, e.hash,
            )])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="shuhi-audit-{stamp}.csv"'
    return response
