"""`shuhi incidents purge|stats`: delete reports past their retention; print incident counts by cause and kind."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI


class Command(ShuhiCommand):
    help = gettext_lazy("Reporting channel and incident register: `incidents purge` deletes closed reports kept "
                        "longer than the retention period; `incidents stats` prints incidents by cause and kind.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help=gettext_lazy("delete closed reports past the retention period (run daily)"))
        sub.add_parser("stats", help=gettext_lazy("print incidents by cause and kind of information as JSON"))

    def handle(self, *args, action, **options):
        if action == "purge":
            from shuhi.incidents.services import reports_purge

            numbers = reports_purge(actor=SYSTEM_CLI)
            self.stdout.write(_("%(n)s reports deleted.") % {"n": len(numbers)})
            for number in numbers:
                self.stdout.write(number)
            return
        from shuhi.incidents.models import Incident
        from shuhi.incidents.selectors import cause_statistics

        # The command line is trusted server-side code: it counts every incident, as the management figures do.
        stats = cause_statistics(Incident.objects.all())
        self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
