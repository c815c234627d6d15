"""The certificate of return or destruction (返却・廃棄証明書) of one disclosure, as a PDF.

It restates what the register holds: who gave what to whom (and through whom), the stamped files
with their SHA-256 and fingerprint, when they were handed over, how and when they were returned or
destroyed, the holder's statement and who certified it, and the audit entry that recorded the
certification, so that the paper can be checked against the chain.

The caller has already fetched the disclosure through the gate.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuhi.core.audit.models import AuditEntry
from shuhi.core.pdf import build, key_values, para, styles, table, text
from shuhi.disclosures.models import Disclosure


def certification_entry(disclosure: Disclosure) -> AuditEntry | None:
    """The audit entry that recorded the return or destruction of `disclosure`, if there is one."""
    return (AuditEntry.objects.filter(object_type=disclosure._meta.label_lower, object_id=str(disclosure.pk),
                                      action="disclosure.end").order_by("-id").first())


def _person(user) -> str:
    if user is None:
        return "—"
    return f"{user.full_name or user.email} <{user.email}>" if user.full_name else user.email


def _title(disclosure: Disclosure) -> str:
    if disclosure.status == Disclosure.Status.RETURNED:
        return _("Certificate of return of disclosed secrets")
    if disclosure.status == Disclosure.Status.DESTROYED:
        return _("Certificate of destruction of disclosed secrets")
    return _("Certificate of return or destruction of disclosed secrets (not yet certified)")


def _parties(disclosure: Disclosure) -> list[tuple[str, str]]:
    holder = disclosure.recipient.name
    if disclosure.recipient_id != disclosure.supplier_id:
        holder = _("%(holder)s (sub-supplier, through %(supplier)s)") % {
            "holder": disclosure.recipient.name, "supplier": disclosure.supplier.name}
    nda = disclosure.nda
    return [
        (_("Outsourcer"), disclosure.organisation.name),
        (_("Holder"), holder),
        (_("Disclosure number"), disclosure.number),
        (_("Re-disclosed from"), disclosure.parent.number if disclosure.parent_id else "—"),
        (_("NDA"), f"{nda.reference} {nda.title}" if nda else "—"),
        (_("Purpose"), disclosure.purpose),
        (_("Channel and copies"), f"{disclosure.get_channel_display()} / {disclosure.copies}"),
        (_("Handed over on"), disclosure.handed_over_on.isoformat() if disclosure.handed_over_on else "—"),
        (_("Return or destroy by"), disclosure.due_date.isoformat()),
    ]


def _end(disclosure: Disclosure, entry: AuditEntry | None) -> list[tuple[str, str]]:
    ended = disclosure.status in Disclosure.ENDED
    rows = [
        (_("Method"), disclosure.get_status_display() if ended else _("Not certified yet")),
        (_("Date"), disclosure.ended_on.isoformat() if disclosure.ended_on else "—"),
        (_("Statement"), disclosure.end_statement),
        (_("Certified by"), _person(disclosure.ended_by) if ended else "—"),
    ]
    if entry is not None:
        rows += [
            (_("Audit entry"), f"#{entry.pk} ({timezone.localtime(entry.created_at):%Y-%m-%d %H:%M:%S})"),
            (_("Entry hash (SHA-256)"), entry.hash),
        ]
    return rows


def render_certificate(disclosure: Disclosure) -> bytes:
    """The certificate as PDF bytes, in the user's language, with IPAex Gothic embedded."""
    disclosure = (Disclosure.objects.select_related("organisation", "supplier", "recipient", "nda", "parent",
                                                    "ended_by")
                  .prefetch_related("assets__tier", "files__asset").get(pk=disclosure.pk))
    s = styles()
    title = _title(disclosure)
    story = [para(title, s["title"]),
             para(_("Issued %(date)s by shuhi from the disclosure register.") % {
                 "date": timezone.localdate().isoformat()}, s["small"]), Spacer(1, 6),
             key_values(_parties(disclosure))]
    story.append(para(_("Secrets disclosed"), s["heading"]))
    assets = [[_("Asset ID"), _("Name"), _("Tier")]]
    assets += [[a.code, a.name, a.tier.name] for a in disclosure.assets.all()]
    story.append(table(assets, [30 * mm, 115 * mm, 35 * mm]))
    story.append(para(_("Stamped files handed over"), s["heading"]))
    files = list(disclosure.files.all())
    if files:
        rows = [[_("File"), _("Fingerprint"), _("SHA-256 of the stamped copy")]]
        rows += [[f.original_name, f.fingerprint or _("not stamped"), f.sha256] for f in files]
        story.append(table(rows, [55 * mm, 30 * mm, 95 * mm]))
    else:
        story.append(para(_("No files were recorded: the secrets went by %(channel)s.") % {
            "channel": disclosure.get_channel_display()}))
    story.append(para(_("Return or destruction"), s["heading"]))
    story.append(key_values(_end(disclosure, certification_entry(disclosure))))
    story += [Spacer(1, 10), para(_(
        "The holder named above certifies that every copy of the secrets listed, including the stamped files and "
        "any copies, extracts or notes made from them, was returned to the outsourcer or destroyed as stated, "
        "and that none is kept."), s["body"])]
    if disclosure.status not in Disclosure.ENDED:
        story.append(para(_("Status now: %(status)s.") % {"status": text(disclosure.get_status_display())},
                          s["body"]))
    return build(story, title=f"{title} {disclosure.number}")
