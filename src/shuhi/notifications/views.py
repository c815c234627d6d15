"""The inbox, and the administrators' page of e-mails that could not be sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.notifications import permissions as can
from shuhi.notifications import selectors, services
from shuhi.notifications.events import EVENTS
from shuhi.notifications.models import Notification


@login_required
@require_GET
def inbox(request):
    user = request.user
    unread = request.GET.get("unread") == "1"
    rows = selectors.inbox(user=user, unread=unread)
    return render(request, "notifications/inbox.html", {
        "unread": unread, "unread_count": selectors.inbox(user=user, unread=True).count(),
        "labels": {key: e.label for key, e in EVENTS.items()}, **paginate(request, rows),
    })


@login_required
@require_POST
@gated(Notification)
def open_notification(request, pk: int):
    """Mark it read and go where it points (only to a page of this site)."""
    notification = access_object(request.user, Notification, pk, may=can.can_read_notification)
    services.notification_mark_read(actor=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(n)s notifications marked as read.") % {"n": count})
    return redirect("notifications:inbox")


@login_required
@require_GET
def failures(request):
    page_for(can.can_read_mail_failures(request.user))
    rows = selectors.mail_failures(user=request.user)
    return render(request, "notifications/failures.html", {
        "labels": {key: e.label for key, e in EVENTS.items()}, **paginate(request, rows)})


@login_required
@require_POST
@gated(Notification)
def resend(request, pk: int):
    page_for(can.can_read_mail_failures(request.user))
    notification = access_object(request.user, Notification, pk, may=can.can_resend_mail)
    services.notification_resend(actor=request.user, notification=notification)
    messages.success(request, _("The e-mail to %(email)s will be sent again.") % {"email": notification.email})
    return redirect("notifications:failures")
