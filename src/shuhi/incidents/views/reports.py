"""Pages of the reporting channel: the hub, filing, a report (for its handlers and its named reporter),
one's own reports, and the channel's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.downloads import private_download
from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.incidents import permissions as can
from shuhi.incidents import selectors, services
from shuhi.incidents.forms import AnswerForm, ChannelForm, CloseReportForm, MessageForm, ReportForm
from shuhi.incidents.models import (
    DEFAULT_RETENTION_DAYS,
    ChannelSettings,
    Incident,
    Report,
    ReportAccess,
    ReportAttachment,
)


@login_required
@require_GET
def home(request):
    user = request.user
    return render(request, "incidents/home.html", {
        "mine": selectors.reports(user, role=ReportAccess.Role.REPORTER)[:10],
        "to_handle": selectors.reports_to_handle(user)[:10] if can.can_handle_report(user) else None,
        "can_register": is_home_member(user) and can.can_view_incident_register(user),
        "can_settings": can.can_manage_channel(user),
    })


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def file_report(request):
    user = request.user
    page_for(can.can_file_report(user))
    form = ReportForm(request.POST or None, request.FILES or None,
                      concerned_choices=services.concerned_choices(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, code = services.report_file(
                actor=user, anonymous=data["anonymous"], category=data["category"], subject=data["subject"],
                body=data["body"], occurred_on=data["occurred_on"], concerned=data["concerned"],
                attachments=data["attachments"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if code:
                # Shown on this response only; never stored, never sent, never in a redirect or a session.
                return render(request, "incidents/filed_anonymous.html", {"code": code, "number": report.number})
            messages.success(request, _("Your report %(number)s has been filed. The handlers will look at it.")
                             % {"number": report.number})
            return redirect("incidents:report", report.pk)
    return render(request, "incidents/file.html", {"form": form})


@login_required
@require_GET
def my_reports(request):
    user = request.user
    rows = selectors.reports(user, role=ReportAccess.Role.REPORTER)
    if request.GET.get("awaiting"):
        rows = selectors.reports_awaiting_answer(user)
    return render(request, "incidents/my_reports.html", paginate(request, rows))


@login_required
@require_GET
def report_list(request):
    user = request.user
    page_for(can.can_handle_report(user) or selectors.reports(user, role=ReportAccess.Role.HANDLER).exists())
    status = request.GET.get("status", "")
    rows = selectors.reports(user, status=status, role=ReportAccess.Role.HANDLER).select_related("incident")
    if request.GET.get("open"):
        rows = selectors.reports_to_handle(user)
    return render(request, "incidents/report_list.html", {
        **paginate(request, rows), "status": status, "statuses": Report.Status.choices})


def _report_context(user, report: Report) -> dict:
    handler = can.handles(user, report)
    return {
        "report": report, "handler": handler,
        "reporter_access": report.accesses.filter(role=ReportAccess.Role.REPORTER).select_related("user").first()
        if handler else None,
        "handlers": report.accesses.filter(role=ReportAccess.Role.HANDLER).select_related("user") if handler else (),
        "messages_list": report.messages.select_related("author"),
        "attachments": report.attachments.all(),
        "ask_form": MessageForm() if can.can_ask_reporter(user, report) else None,
        "answer_form": AnswerForm() if can.can_answer_report(user, report) else None,
        "close_form": CloseReportForm() if can.can_close_report(user, report) else None,
        "can_escalate": can.can_open_incident_from_report(user, report),
        "incident_visible": bool(report.incident_id) and Incident.objects.visible_to(user).filter(
            pk=report.incident_id).exists(),
    }


@login_required
@require_GET
@gated(Report)
def report_detail(request, pk: int):
    report = access_object(request.user, Report, pk)
    return render(request, "incidents/report_detail.html", _report_context(request.user, report))


@login_required
@require_POST
@gated(Report)
def report_ask(request, pk: int):
    report = access_object(request.user, Report, pk, may=can.can_ask_reporter)
    form = MessageForm(request.POST)
    if form.is_valid():
        services.report_ask(actor=request.user, report=report, body=form.cleaned_data["body"])
        messages.success(request, _("Your question has been sent to the reporter."))
    else:
        messages.error(request, _("Write the question."))
    return redirect("incidents:report", report.pk)


@login_required
@require_POST
@gated(Report)
def report_answer(request, pk: int):
    report = access_object(request.user, Report, pk, may=can.can_answer_report)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_answer(actor=request.user, report=report, body=form.cleaned_data["body"],
                                   attachments=form.cleaned_data["attachments"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your answer has been sent to the handlers."))
    else:
        messages.error(request, _("Write your answer."))
    return redirect("incidents:report", report.pk)


@login_required
@require_POST
@gated(Report)
def report_close(request, pk: int):
    report = access_object(request.user, Report, pk, may=can.can_close_report)
    form = CloseReportForm(request.POST)
    if form.is_valid():
        services.report_close(actor=request.user, report=report, outcome=form.cleaned_data["outcome"])
        messages.success(request, _("The report has been closed."))
    else:
        messages.error(request, _("Say how the report was dealt with; the reporter reads it."))
    return redirect("incidents:report", report.pk)


@login_required
@require_GET
@gated(ReportAttachment)
def attachment_download(request, pk: int):
    item = access_object(request.user, ReportAttachment, pk)
    return _send(item)


def _send(item: ReportAttachment):
    try:
        handle = item.file.open("rb")
    except OSError as exc:
        raise Http404(_("Not found.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return private_download(response)


@login_required
@require_http_methods(["GET", "POST"])
def channel_settings(request):
    user = request.user
    page_for(can.can_manage_channel(user))
    organisation = user.organisation
    current = ChannelSettings.objects.visible_to(user).filter(organisation=organisation).first()
    initial = {"handlers": list(current.handlers.all()) if current else [],
               "retention_days": current.retention_days if current else DEFAULT_RETENTION_DAYS}
    form = ChannelForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_update(actor=user, organisation=organisation, handlers=list(form.cleaned_data["handlers"]),
                                    retention_days=form.cleaned_data["retention_days"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The settings of the reporting channel have been saved. The change is in "
                                        "the audit log."))
            return redirect("incidents:settings")
    return render(request, "incidents/settings.html", {"form": form})
