from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.jobs.models import Job
from shuhi.jobs.permissions import can_read_error_detail, can_verify_audit_chain
from shuhi.jobs.selectors import job_list
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
    return render(request, template, {"job": job, "show_error_detail": can_read_error_detail(request.user)})


@login_required
@require_POST
def start_audit_verify(request):
    page_for(can_verify_audit_chain(request.user))
    job = job_enqueue(actor=request.user, kind="audit.verify")
    messages.success(request, _("The check has started; this page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)
