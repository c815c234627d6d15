"""`shuhi disclosures`: who holds an asset across the chain, its evidence pack, and the NDA reminders."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.ledger.models import InformationAsset

ASSET_HELP = gettext_lazy("the asset: its id, or its asset ID in the ledger (e.g. W-1)")


def find_asset(value: str) -> InformationAsset:
    """An asset by its database id, or else by its code; an ambiguous or unknown one is an error."""
    rows = InformationAsset.objects.select_related("tier")
    if value.isascii() and value.isdigit():
        found = rows.filter(pk=int(value)).first()
        if found is not None:
            return found
    matches = list(rows.filter(code=value)[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommandError(_("Several assets have the asset ID %(code)s: give the id instead.") % {"code": value})
    raise CommandError(_("No asset with the id or asset ID %(value)s.") % {"value": value})


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Disclosure register: `disclosures holders ASSET [--json]` lists who holds an asset now, across the "
        "supply chain; `disclosures evidence ASSET OUT.pdf [--json OUT.json]` writes its evidence pack; "
        "`disclosures reminders` records reminders for NDAs that end soon or have ended.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        holders = sub.add_parser("holders", help=gettext_lazy("who holds an asset now, suppliers and sub-suppliers"))
        holders.add_argument("asset", help=ASSET_HELP)
        holders.add_argument("--json", action="store_true", dest="as_json",
                             help=gettext_lazy("print the holders as JSON"))
        evidence = sub.add_parser(
            "evidence", help=gettext_lazy("write the evidence pack of an asset (secrecy management) as a PDF"))
        evidence.add_argument("asset", help=ASSET_HELP)
        evidence.add_argument("out", type=Path, help=gettext_lazy("the PDF file to write"))
        evidence.add_argument("--json", type=Path, default=None, dest="json_out",
                              help=gettext_lazy("also write the pack as JSON to this file"))
        sub.add_parser("reminders", help=gettext_lazy(
            "record reminders for NDAs that end within 30 days or have ended (run daily; safe to repeat)"))

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _holders(self, *, asset, as_json, **_options):
        from shuhi.disclosures.selectors import holders

        target = find_asset(asset)
        found = holders(target)
        if as_json:
            self.stdout.write(_dumps({"asset": {"id": target.pk, "code": target.code, "name": target.name,
                                                "tier": target.tier.name},
                                      "holders": [h.as_dict() for h in found]}))
            return
        self.stdout.write(f"{target.code} {target.name} ({target.tier.name})")
        if not found:
            self.stdout.write(_("Nobody holds this asset now."))
            return
        for holder in found:
            through = _(" through %(supplier)s") % {"supplier": holder.through.name} if holder.through else ""
            self.stdout.write(_("[tier %(tier)s] %(holder)s%(through)s: since %(since)s, %(copies)s copies") % {
                "tier": holder.tier_in_chain, "holder": holder.organisation.name, "through": through,
                "since": holder.since.isoformat() if holder.since else "—", "copies": holder.copies})
            for d in holder.disclosures:
                nda = d.nda.reference if d.nda_id else _("no NDA")
                self.stdout.write(f"    {d.number}\t{d.get_status_display()}\t{_('due')} {d.due_date}\t{nda}")

    def _evidence(self, *, asset, out, json_out, **_options):
        from shuhi.disclosures.evidence import build_pack, render_pack_pdf

        target = find_asset(asset)
        pack = build_pack(target, user=SYSTEM_CLI)
        try:
            out.write_bytes(render_pack_pdf(pack))
            if json_out is not None:
                json_out.write_text(_dumps(pack) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(_("Could not write the pack: %(reason)s") % {"reason": exc}) from exc
        verified = pack["audit"]["verification"]["ok"]
        self.stdout.write(_("Evidence pack of %(code)s written to %(path)s (%(n)s disclosures, %(e)s audit entries).")
                          % {"code": target.code, "path": out, "n": len(pack["disclosures"]),
                             "e": len(pack["audit"]["entries"])})
        if not verified:
            self.stderr.write(_("Warning: the audit chain does not verify: %(reason)s")
                              % {"reason": pack["audit"]["verification"]["reason"]})

    def _reminders(self, **_options):
        from shuhi.disclosures.services import nda_reminders_record

        made = nda_reminders_record(actor=SYSTEM_CLI)
        for reminder in made:
            self.stdout.write(f"{reminder.kind}\t{reminder.ends_on}\t{reminder.nda.reference}")
        self.stderr.write(ngettext("%(n)s NDA reminder recorded.", "%(n)s NDA reminders recorded.", len(made))
                          % {"n": len(made)})


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
