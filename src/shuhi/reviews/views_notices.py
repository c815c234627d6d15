"""The notice that access logs are kept and reviewed: staff acknowledge it; managers see the rate.

The notice is the people app's policy of kind "log monitoring" (one acknowledgement model for every
policy); this page shows its current version in the log review's context.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shuhi.core.permissions import is_home_member
from shuhi.core.viewutils import page_for
from shuhi.people import permissions as people_can
from shuhi.people import services_policies
from shuhi.people.models import Policy
from shuhi.reviews import selectors
from shuhi.reviews.forms import NoticeForm

DEFAULT_TITLE = gettext_lazy("Access logs are recorded and reviewed")
DEFAULT_BODY = gettext_lazy(
    "Use of company PCs, file servers, e-mail and the internet is logged. The logs are reviewed "
    "periodically to protect trade secrets. Reviewers see pseudonyms, not names; only the security "
    "manager can identify a person, for a recorded reason."
)


@login_required
@require_http_methods(["GET", "POST"])
def notice_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(is_home_member(user))
    notice = selectors.current_notice(user=user)
    if request.method == "POST":
        if notice is None:
            raise Http404(_("Not found."))
        services_policies.policy_acknowledge(actor=user, policy=notice)
        messages.success(request, _("Thank you. Your acknowledgement has been recorded."))
        return redirect("reviews:notice")
    manager = people_can.can_publish_policy(user, user.organisation)
    return render(request, "reviews/notice.html", {
        "notice": notice,
        "acknowledged": notice is not None and selectors.has_acknowledged(user=user, notice=notice),
        "may_acknowledge": notice is not None and people_can.can_acknowledge_policy(user, notice),
        "rate": selectors.acknowledgement_rate(user=user, notice=notice)
        if notice is not None and people_can.can_read_acknowledgement_rate(user, notice) else None,
        "form": NoticeForm(initial={"title": notice.title if notice else DEFAULT_TITLE,
                                    "body": notice.body if notice else DEFAULT_BODY}) if manager else None,
    })


@login_required
@require_POST
def notice_publish(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(people_can.can_publish_policy(user, user.organisation))
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services_policies.policy_publish(actor=user, organisation=user.organisation,
                                             kind=Policy.Kind.LOG_MONITORING, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The notice has been published; staff are asked to acknowledge it."))
    else:
        messages.error(request, _("Give the notice a title and a text."))
    return redirect("reviews:notice")
