"""`shuhi report monthly --month 2026-11 OUT.pdf`: the monthly management report, as the schedule makes it.

Snapshots the month's indicators when it has none yet (or when it is the current month), stores a
new version of the report like the page and the schedule do, and writes the PDF to OUT.pdf.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.reports.months import last_month, parse_month
from shuhi.reports.services import report_generate


class Command(BaseCommand):
    help = gettext_lazy("Management reports. `report monthly --month YYYY-MM OUT.pdf` makes the monthly report.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help=gettext_lazy("make the monthly management report (a new version)"))
        monthly.add_argument("--month", default="", help=gettext_lazy("YYYY-MM (default: last month)"))
        monthly.add_argument("out", help=gettext_lazy("where to write the PDF"))

    def handle(self, *args, action, month, out, **options):
        try:
            chosen = parse_month(month) if month else last_month()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        organisation = Organisation.objects.filter(kind=Organisation.Kind.HOME).order_by("pk").first()
        if organisation is None:
            raise CommandError(_("There is no home organisation yet: run `shuhi demo` or create one first."))
        report = report_generate(actor=SYSTEM_CLI, organisation=organisation, month=chosen)
        with report.file.open("rb") as handle:
            Path(out).write_bytes(handle.read())
        self.stderr.write(_("Version %(version)s of the report for %(month)s: %(pages)s pages, written to %(out)s")
                          % {"version": report.version, "month": f"{chosen:%Y-%m}", "pages": report.pages, "out": out})
