from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.roles import FULL_VIEW_ROLES
from shuhi.core.viewutils import gated, paginate
from shuhi.jobs.models import Job
from shuhi.jobs.selectors import job_list, may_read_error_detail
from shuhi.jobs.services import job_enqueue


@login_required
@require_GET
def jobs(request):
    return render(request, "jobs/job_list.html", paginate(request, job_list(user=request.user)))


@login_required
@require_GET
@gated(Job)
def job_detail(request, pk: int):
    job = access_object(request.user, Job, pk)
    template = "jobs/job_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job, "show_error_detail": may_read_error_detail(request.user)})


@login_required
@require_POST
def start_audit_verify(request):
    if request.user.is_supplier or request.user.role not in FULL_VIEW_ROLES:
        raise Http404(_("Not found."))
    job = job_enqueue(actor=request.user, kind="audit.verify")
    messages.success(request, _("The check has started; this page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)
