import json
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
        "Information-asset ledger: `ledger import FILE [--dry-run]`, `ledger export FILE` (.xlsx or .csv), "
        "`ledger template FILE`, `ledger check [--json]`.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import", help=gettext_lazy("import a ledger file; all or nothing, exit 1 on rejection"))
        importing.add_argument("file", type=Path)
        importing.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
        exporting = sub.add_parser(
            "export", help=gettext_lazy("export the ledger; the format follows the suffix (.xlsx/.csv)"))
        exporting.add_argument("file", type=Path)
        template = sub.add_parser("template", help=gettext_lazy("write a blank template with instructions (.xlsx)"))
        template.add_argument("file", type=Path)
        check = sub.add_parser("check", help=gettext_lazy("consistency checks of the ledger"))
        check.add_argument("--json", action="store_true",
                           help=gettext_lazy("findings as JSON: kind, asset_code, message"))
        for parser_ in (importing, exporting, template, check):
            parser_.add_argument("--organisation", default=None, help=ORGANISATION_HELP)

    def handle(self, *args, action, **options):
        organisation = organisation_option(options.pop("organisation", None))
        getattr(self, f"_{action}")(organisation, **options)

    def _import(self, organisation, *, file, dry_run, **_options):
        from shuhi.ledger.spreadsheet.importer import import_ledger

        if not file.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        report_import(self, import_ledger(actor=SYSTEM_CLI, organisation=organisation, path=file, dry_run=dry_run))

    def _export(self, organisation, *, file, **_options):
        from shuhi.ledger.spreadsheet.exporter import export_ledger

        if file.suffix.lower() not in {".xlsx", ".csv"}:
            raise CommandError(_("Give a file name ending in .xlsx or .csv."))
        count = export_ledger(user_or_none=None, organisation=organisation, path=file)
        self.stdout.write(_("%(n)s assets exported to %(path)s.") % {"n": count, "path": file})

    def _template(self, organisation, *, file, **_options):
        from shuhi.ledger.spreadsheet.exporter import write_template

        write_template(file, organisation)
        self.stdout.write(_("Template written to %(path)s.") % {"path": file})

    def _check(self, organisation, *, json: bool = False, **_options):
        from shuhi.ledger.checks import run_checks

        findings = run_checks(organisation)
        if json:
            rows = [{"kind": f.kind, "asset_code": f.asset_code, "message": str(f.message)} for f in findings]
            self.stdout.write(_dumps(rows))
            return
        for finding in findings:
            self.stdout.write(f"{finding.asset_code or '—'}\t{finding.kind}\t{finding.message}")
        self.stdout.write(_("%(n)s findings.") % {"n": len(findings)})


def _dumps(rows):
    return json.dumps(rows, ensure_ascii=False, indent=2)
