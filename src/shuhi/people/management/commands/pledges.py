"""`shuhi pledges pending [--json]`: the pledges waiting (draft or sent), with the secrets they name."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy("Pledges: `pledges pending [--json]` lists the pledges not yet acknowledged, with their scope.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        pending = sub.add_parser("pending", help=gettext_lazy("pledges in draft or sent, with the secrets they name"))
        pending.add_argument("--json", action="store_true", dest="as_json", help=gettext_lazy("print them as JSON"))

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _pending(self, *, as_json, **_options):
        from shuhi.people.models import Pledge
        from shuhi.people.selectors import PENDING

        rows = (Pledge.objects.filter(status__in=PENDING).select_related("person__organisation", "template")
                .order_by("created_at", "pk"))
        found = [{"id": p.pk, "person": {"employee_number": p.person.employee_number, "name": p.person.name,
                                         "organisation": p.person.organisation.name},
                  "kind": p.kind, "title": p.title, "status": p.status, "template_version": p.template.version,
                  "sent_at": p.sent_at.isoformat() if p.sent_at else None, "scope": p.items} for p in rows]
        if as_json:
            self.stdout.write(json.dumps({"pending": found}, ensure_ascii=False, indent=2))
            return
        for item in found:
            codes = ", ".join(i["code"] for i in item["scope"]) or "—"
            self.stdout.write(f"{item['id']}\t{item['status']}\t{item['person']['employee_number']} "
                              f"{item['person']['name']}\t{item['title']}\t{codes}")
        if not found:
            self.stdout.write(_("No pledges are pending."))
