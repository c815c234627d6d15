"""The anonymous reporter's page: no log-in, only the follow-up code.

The code travels in the body of a POST only (never in a URL, which browsers, proxies and logs
keep). Each answer page is rendered as the response to that POST; nothing about the reporter is
put in a session or a cookie. Failed codes are counted per client (a keyed hash of its address,
kept only for the window) and refused after a few.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shuhi.core.permissions import PermissionDenied
from shuhi.incidents import services
from shuhi.incidents.forms import AnswerForm, CodeForm


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request):
    """Enter the code (step "open"), then read the exchange and answer (step "answer")."""
    code_form = CodeForm(request.POST or None)
    context = {"code_form": code_form}
    if request.method != "POST":
        return render(request, "incidents/follow_up.html", context)
    if not services.follow_up_allowed(_client(request)):
        context["refused"] = _("Too many wrong codes. Wait 15 minutes and try again.")
        return render(request, "incidents/follow_up.html", context, status=429)
    report = services.report_for_code(request.POST.get("code", "")) if code_form.is_valid() else None
    if report is None:
        services.follow_up_failed(_client(request))
        code_form.add_error("code", _("No report has this code. Check it and type it again."))
        return render(request, "incidents/follow_up.html", context, status=200)
    answer_form = AnswerForm(request.POST if request.POST.get("step") == "answer" else None,
                             request.FILES or None)
    if answer_form.is_bound and answer_form.is_valid():
        try:
            services.report_answer_with_code(code=code_form.cleaned_data["code"],
                                             body=answer_form.cleaned_data["body"],
                                             attachments=answer_form.cleaned_data["attachments"])
        except (ValidationError, PermissionDenied) as exc:
            answer_form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            context["sent"] = True
            answer_form = AnswerForm()
    report.refresh_from_db()
    context.update({
        "report": report, "code": code_form.cleaned_data["code"],
        "messages_list": report.messages.all(), "attachments_count": report.attachments.count(),
        "answer_form": answer_form if report.status != report.Status.CLOSED else None,
    })
    return render(request, "incidents/follow_up_report.html", context)
