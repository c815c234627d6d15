"""`shuhi reminders`: record today's due-soon and overdue reminders (run daily, e.g. from cron)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.suppliers.services import reminders_record


class Command(ShuhiCommand):
    help = gettext_lazy("Record reminders for assessments due within a week or overdue. Safe to run repeatedly.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=gettext_lazy("pretend today is this date (YYYY-MM-DD)"))

    def handle(self, *args, date=None, **options):
        today = self.date_option(date)
        created = reminders_record(actor=SYSTEM_CLI, today=today)
        # One tab-separated line per reminder on standard output, for scripts, and so left as it is;
        # the count below is for the person at the terminal.
        for reminder in created:
            self.stdout.write(f"{reminder.kind}\t{reminder.due_date}\tassessment {reminder.assessment_id}")
        self.stderr.write(ngettext("%(n)s reminder recorded.", "%(n)s reminders recorded.", len(created))
                          % {"n": len(created)})
