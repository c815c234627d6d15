"""The ledger's import/export page: template download, export, and upload for import.

Only administrators and security managers reach these views; everyone else gets 404 so the page's
existence is not revealed. Large uploads run as a background job and the user follows its progress.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.permissions import access_object
from shuhi.core.rest.params import parse_int
from shuhi.core.viewutils import page_for
from shuhi.jobs.models import Job
from shuhi.ledger import permissions as can
from shuhi.ledger.spreadsheet.exporter import export_ledger, write_template
from shuhi.ledger.spreadsheet.importer import ImportReport, Problem, import_ledger
from shuhi.ledger.spreadsheet.reader import MAX_BYTES, count_rows

# Above this many rows an upload is imported by the worker, not inside the web request.
BACKGROUND_ROWS = 5000
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Ledger file (.xlsx or .csv)"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and count the changes, but write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                                        % {"size": upload.size // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)})
        if Path(upload.name).suffix.lower() not in {".xlsx", ".xlsm", ".csv", ".txt"}:
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
        return upload


def _save_upload(upload) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # A random name: the user's file name never becomes a path on the server.
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def _job_report(request: HttpRequest) -> ImportReport | None:
    """The result of a background import, shown like a direct one (?job=<id>)."""
    job_id = parse_int(request.GET.get("job", ""))
    if job_id is None:
        return None
    job = access_object(request.user, Job, job_id)
    if job.kind != "ledger.import" or not isinstance(job.result, dict) or "created" not in job.result:
        return None
    result = job.result
    errors = [Problem(e["row"], e["column"], e["message"], e.get("sheet", "")) for e in result.get("errors", [])]
    return ImportReport(created=result["created"], updated=result["updated"], unchanged=result["unchanged"],
                        locations_created=result.get("locations_created", 0),
                        locations_updated=result.get("locations_updated", 0), errors=errors,
                        dry_run=result.get("dry_run", False), samples_skipped=result.get("samples_skipped", 0))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_manage_ledger(user))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = _job_report(request) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        path = _save_upload(form.cleaned_data["file"])
        dry_run = form.cleaned_data["dry_run"]
        if count_rows(path) > BACKGROUND_ROWS:
            return _start_job(request, path, dry_run)
        try:
            report = import_ledger(actor=user, organisation=user.organisation, path=path, dry_run=dry_run)
        finally:
            path.unlink(missing_ok=True)
        if report.ok and not report.dry_run:
            messages.success(request, _("The ledger was imported."))
    return render(request, "ledger/import.html", {"form": form, "report": report})


def _start_job(request: HttpRequest, path: Path, dry_run: bool) -> HttpResponse:
    from shuhi.jobs.services import job_enqueue

    job = job_enqueue(actor=request.user, kind="ledger.import",
                      params={"file": path.name, "dry_run": dry_run, "organisation_id": request.user.organisation_id})
    messages.info(request, _("The file is large, so it is imported in the background; this page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)


def _download(path: Path, filename: str) -> FileResponse:
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    import io

    kind = "csv" if filename.endswith(".csv") else "xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind])


def _scratch(suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 — read back, then removed
    handle.close()
    return Path(handle.name)


@login_required
@require_GET
def export(request: HttpRequest) -> FileResponse:
    user = request.user
    page_for(can.can_export_ledger(user))
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    path = _scratch(f".{kind}")
    export_ledger(user_or_none=user, organisation=user.organisation, path=path)
    stamp = timezone.localtime().strftime("%Y%m%d")
    return _download(path, f"ledger-{stamp}.{kind}")


@login_required
@require_GET
def template(request: HttpRequest) -> FileResponse:
    page_for(can.can_manage_ledger(request.user))
    path = _scratch(".xlsx")
    write_template(path, request.user.organisation)
    return _download(path, "ledger-template.xlsx")
