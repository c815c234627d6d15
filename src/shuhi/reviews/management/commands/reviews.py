"""`shuhi reviews roll`: schedule the log-review cycles that are due (run daily, e.g. from cron)."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.reviews.services_schedule import cycles_roll_forward


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Log review tools. `reviews roll` schedules the next cycle of every source whose cycle has ended.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        roll = sub.add_parser("roll", help=gettext_lazy("schedule the cycles that are due and start the reviews of "
                                                        "ended periods; safe to run repeatedly"))
        roll.add_argument("--date", help=gettext_lazy("pretend today is this date (YYYY-MM-DD)"))
        roll.add_argument("--no-run", action="store_true", help=gettext_lazy("only schedule; do not start the reviews"))

    def handle(self, *args, action, date=None, no_run=False, **options):
        today = self.date_option(date)
        created = cycles_roll_forward(actor=SYSTEM_CLI, today=today, run=not no_run)
        for source, n in sorted(Counter(cycle.source for cycle in created).items(), key=lambda item: item[0].name):
            self.stdout.write(ngettext("%(source)s: %(n)s cycle scheduled", "%(source)s: %(n)s cycles scheduled", n)
                              % {"source": source.name, "n": n})
        self.stderr.write(ngettext("%(n)s review cycle scheduled.", "%(n)s review cycles scheduled.",
                                   len(created)) % {"n": len(created)})
