"""Management messages: the list (filters, pagination), one message, recording and correcting one."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.people import permissions as can
from shuhi.people import selectors, services_messages
from shuhi.people.forms_more import ManagementMessageForm
from shuhi.people.models import ManagementMessage


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@login_required
@require_GET
def message_list(request):
    user = request.user
    page_for(is_home_member(user))
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "channel", "speaker", "since", "until")}
    rows = selectors.management_messages(user, q=filters["q"], channel=filters["channel"], speaker=filters["speaker"],
                                         since=_date(filters["since"]), until=_date(filters["until"]))
    return render(request, "people/message_list.html", {
        "filters": filters, "channels": ManagementMessage.Channel.choices,
        "can_record": can.can_record_management_message(user, user.organisation), **paginate(request, rows),
    })


@login_required
@require_GET
@gated(ManagementMessage)
def message_detail(request, pk: int):
    user = request.user
    message = access_object(user, ManagementMessage, pk)
    return render(request, "people/message_detail.html", {
        "message": message, "can_edit": can.can_record_management_message(user, message)})


def _save(request, form, message: ManagementMessage | None):
    user = request.user
    try:
        if message is None:
            message = services_messages.management_message_record(actor=user, organisation=user.organisation,
                                                                   **form.cleaned_data)
        else:
            message = services_messages.management_message_update(actor=user, message=message, **form.cleaned_data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, _("The message has been recorded."))
    return redirect("people:message", pk=message.pk)


@login_required
@require_http_methods(["GET", "POST"])
def message_new(request):
    user = request.user
    page_for(can.can_record_management_message(user, user.organisation))
    form = ManagementMessageForm(request.POST or None, initial={"said_on": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, None)
        if done is not None:
            return done
    return render(request, "people/message_form.html", {"form": form, "message": None})


@login_required
@require_http_methods(["GET", "POST"])
@gated(ManagementMessage)
def message_edit(request, pk: int):
    user = request.user
    message = access_object(user, ManagementMessage, pk, may=can.can_record_management_message)
    form = ManagementMessageForm(request.POST or None, instance=message)
    if request.method == "POST" and form.is_valid():
        # The form only validates; the service writes (and audits) the change.
        message.refresh_from_db()
        done = _save(request, form, message)
        if done is not None:
            return done
    return render(request, "people/message_form.html", {"form": form, "message": message})
