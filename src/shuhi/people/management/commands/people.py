"""`shuhi people import FILE [--dry-run] [--organisation NAME]`: register or update people from HR's list."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.core.spreadsheet import skipped_note
from shuhi.people.spreadsheet import MAX_BYTES


class Command(ShuhiCommand):
    help = gettext_lazy(
        "People register: `people import FILE [--dry-run]` registers or updates people from HR's CSV or Excel "
        "file, all or nothing; existing employee numbers are updated.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help=gettext_lazy("register or update people from a .csv or .xlsx file"))
        load.add_argument("file", type=Path, help=gettext_lazy("HR's list (.csv in UTF-8 or Shift_JIS, or .xlsx)"))
        load.add_argument("--dry-run", action="store_true", help=gettext_lazy("check the file; write nothing"))
        load.add_argument("--organisation", default="", help=gettext_lazy(
            "the supplier whose on-site staff the file lists (default: your own organisation)"))
        load.add_argument("--json", action="store_true", dest="as_json", help=gettext_lazy("print the result as JSON"))

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _import(self, *, file, dry_run, organisation, as_json, **_options):
        from shuhi.people.services_import import people_import

        if organisation:
            target = Organisation.objects.filter(name=organisation).first()
        else:
            target = Organisation.objects.filter(kind=Organisation.Kind.HOME).first()
        if target is None:
            raise CommandError(_("No organisation %(name)s.") % {"name": organisation or "(home)"})
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                                   % {"size": file.stat().st_size // 2**20, "limit": MAX_BYTES // 2**20})
            upload = SimpleUploadedFile(file.name, file.read_bytes())
        except OSError as exc:
            raise CommandError(_("Could not read %(path)s: %(reason)s") % {"path": file, "reason": exc}) from exc
        result = people_import(actor=SYSTEM_CLI, organisation=target, upload=upload, dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            for problem in result.errors:
                self.stdout.write(str(problem))
            if result.ok:
                message = _("New people: %(created)s. Updated (employee number already registered): %(updated)s.")
                self.stdout.write(message % {"created": len(result.created), "updated": len(result.updated)})
                if result.updated:
                    self.stdout.write(_("Updated: %(numbers)s") % {"numbers": ", ".join(result.updated)})
                if result.samples_skipped:
                    self.stdout.write(skipped_note(result.samples_skipped))
                if result.dry_run:
                    self.stdout.write(_("Dry run: nothing was written."))
        if not result.ok:
            raise CommandError(_("The file was not imported; nothing was written."))
