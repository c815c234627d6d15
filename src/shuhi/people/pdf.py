"""A pledge as a PDF, in Japanese with IPAex Gothic embedded: its text, the secrets it names, and
the record of its acknowledgement (time, account, SHA-256) or paper signature.

The caller has already fetched the pledge through the gate.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuhi.core.pdf import build, key_values, para, styles, table
from shuhi.people.models import Pledge


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else "—"


def render_pledge(pledge: Pledge) -> bytes:
    pledge = Pledge.objects.select_related("person__organisation", "template", "acknowledged_by").get(pk=pledge.pk)
    s = styles()
    story = [para(pledge.title, s["title"]),
             para(_("Version %(version)s of the template; issued %(date)s by shuhi.") % {
                 "version": pledge.template.version, "date": timezone.localdate().isoformat()}, s["small"]),
             Spacer(1, 6), para(pledge.text, s["body"]), para(_("Secrets named"), s["heading"])]
    rows = [[_("Asset ID"), _("Name"), _("Tier"), _("Storage locations")]]
    rows += [[item["code"], item["name"], item["tier"], "、".join(item.get("locations") or []) or "—"]
             for item in pledge.items]
    story.append(table(rows, [28 * mm, 80 * mm, 25 * mm, 47 * mm]))
    story.append(para(_("Record"), s["heading"]))
    acknowledged_by = pledge.acknowledged_by
    story.append(key_values([
        (_("Person"), f"{pledge.person.employee_number} {pledge.person.name} ({pledge.person.organisation.name})"),
        (_("Status"), pledge.get_status_display()),
        (_("Sent"), _when(pledge.sent_at)),
        (_("Acknowledged"), _when(pledge.acknowledged_at)),
        (_("Account"), acknowledged_by.email if acknowledged_by else "—"),
        (_("Signed on paper on"), pledge.signed_on.isoformat() if pledge.signed_on else "—"),
        (_("SHA-256 of the text and scope"), pledge.sha256 or "—"),
    ]))
    if pledge.status == Pledge.Status.REFUSED:
        story.append(key_values([(_("Reason for refusal"), pledge.refusal_reason),
                                 (_("Follow-up steps"), pledge.follow_up)]))
    return build(story, title=f"{pledge.title} {pledge.person.employee_number}")
