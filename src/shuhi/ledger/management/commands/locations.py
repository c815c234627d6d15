from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.ledger.management.commands._ledger_io import (
    DRY_RUN_HELP,
    ORGANISATION_HELP,
    organisation_option,
    report_import,
)


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Storage locations: `locations import FILE [--dry-run]` (the 保管場所 sheet of a workbook, or a CSV), "
        "`locations export FILE`.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import", help=gettext_lazy("import storage locations; all or nothing, exit 1 on rejection"))
        importing.add_argument("file", type=Path)
        importing.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
        exporting = sub.add_parser("export", help=gettext_lazy("export storage locations (.xlsx or .csv)"))
        exporting.add_argument("file", type=Path)
        for parser_ in (importing, exporting):
            parser_.add_argument("--organisation", default=None, help=ORGANISATION_HELP)

    def handle(self, *args, action, file, organisation=None, dry_run=False, **options):
        target = organisation_option(organisation)
        if action == "export":
            from shuhi.ledger.spreadsheet.exporter import export_locations

            count = export_locations(organisation=target, path=file)
            self.stdout.write(_("%(n)s locations exported to %(path)s.") % {"n": count, "path": file})
            return
        from shuhi.ledger.spreadsheet.importer import import_ledger

        if not file.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        report_import(self, import_ledger(actor=SYSTEM_CLI, organisation=target, path=file, dry_run=dry_run,
                                          locations_only=True))
