"""Excel download and upload of a questionnaire, for suppliers who prefer to answer offline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated
from shuhi.suppliers.excel import ExcelError, build_workbook, read_workbook
from shuhi.suppliers.forms import ExcelUploadForm
from shuhi.suppliers.models import Assessment
from shuhi.suppliers.services import assessment_save

MAX_XLSX_BYTES = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
@gated(Assessment)
def excel_download(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    data = build_workbook(doc=assessment.framework.doc, assessment_id=assessment.pk,
                          answers=assessment.answers or {})
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.xlsx"'
    return response


def upload_problems(user, assessment: Assessment, upload) -> list[str]:
    """Saves the workbook's answers, all or nothing; returns the problems (empty when saved)."""
    if upload.size > MAX_XLSX_BYTES:
        return [_("The file is too large.")]
    doc = assessment.framework.doc
    try:
        values, comments = read_workbook(upload.read(), doc=doc, assessment_id=assessment.pk)
        assessment_save(actor=user, assessment=assessment, values=values, comments=comments, source="excel")
    except ExcelError as exc:
        return exc.problems
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return exc.messages
        ids = [q.id for q in doc.questions()]
        return [_("Row %(row)s (%(id)s): %(message)s") % {"row": ids.index(qid) + 2 if qid in ids else "?",
                                                           "id": qid, "message": " ".join(msgs)}
                for qid, msgs in exc.message_dict.items()]
    return []


@login_required
@require_POST
@gated(Assessment)
def excel_upload(request, pk: int):
    assessment = access_object(request.user, Assessment, pk, change=True)
    if not assessment.editable:
        raise Http404(_("Not found."))
    form = ExcelUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the filled-in .xlsx file."))
        return redirect("suppliers:assessment", pk=pk)
    problems = upload_problems(request.user, assessment, form.cleaned_data["file"])
    if problems:
        messages.error(request, _("Nothing was imported. Fix these and upload again:"))
        for problem in problems[:50]:
            messages.error(request, problem)
    else:
        messages.success(request, _("The answers from the workbook have been saved as a draft."))
    return redirect("suppliers:assessment", pk=pk)
