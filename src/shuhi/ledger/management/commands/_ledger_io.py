"""Shared by the `ledger` and `locations` commands: choosing the organisation and printing an import report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.models import Organisation
from shuhi.core.services import home_organisation
from shuhi.core.spreadsheet import skipped_note

ORGANISATION_HELP = gettext_lazy("organisation name (default: the home one)")
DRY_RUN_HELP = gettext_lazy("validate and count, write nothing")


def organisation_option(name: str | None) -> Organisation:
    if name:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            raise CommandError(_("No organisation is called “%(name)s”.") % {"name": name})
        return organisation
    organisation = home_organisation()
    if organisation is None:
        raise CommandError(_("There is no home organisation yet: run `shuhi demo` or create one first."))
    return organisation


def report_import(command: Any, report: Any) -> None:
    """Print counts, or every problem followed by a non-zero exit."""
    if not report.ok:
        for problem in report.errors:
            command.stderr.write(f"{problem.sheet}: {problem}" if problem.sheet and problem.row else str(problem))
        raise CommandError(_("The file was rejected: %(n)s problems; nothing was imported.")
                           % {"n": len(report.errors)})
    counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
              "lc": report.locations_created, "lu": report.locations_updated}
    if report.dry_run:
        message = _("Dry run: %(created)s would be created, %(updated)s updated, %(unchanged)s unchanged; "
                    "locations: %(lc)s new, %(lu)s changed. Nothing was written.") % counts
    else:
        message = _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; "
                    "locations: %(lc)s new, %(lu)s changed.") % counts
    if report.samples_skipped:
        message += " " + skipped_note(report.samples_skipped)
    command.stdout.write(message)
