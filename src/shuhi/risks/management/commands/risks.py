"""`shuhi risks reminders|starter`: tell owners of insider risks past their review date (run daily),
or load the starter set of insider risks and the shipped leak cases into the home organisation."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.commands import ShuhiCommand
from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI


class Command(ShuhiCommand):
    help = gettext_lazy("Insider-fraud risk register: `risks reminders` tells the owners of risks past their "
                        "review date (run daily; safe to repeat); `risks starter` loads the starter insider risks "
                        "and the shipped leak cases (adds only what is missing).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reminders = sub.add_parser("reminders", help=gettext_lazy("tell owners of risks past their review date"))
        reminders.add_argument("--date", help=gettext_lazy("pretend today is this date (YYYY-MM-DD)"))
        sub.add_parser("starter", help=gettext_lazy("load the starter insider risks and the shipped leak cases"))

    def handle(self, *args, action, **options):
        from shuhi.risks import services

        if action == "reminders":
            made = services.risk_review_reminders_record(actor=SYSTEM_CLI, today=self.date_option(options["date"]))
            for reminder in made:
                self.stdout.write(f"{reminder.review_date}\trisk {reminder.risk_id}")
            self.stderr.write(ngettext("%(n)s review reminder recorded.", "%(n)s review reminders recorded.",
                                       len(made)) % {"n": len(made)})
            return
        home = Organisation.objects.filter(kind=Organisation.Kind.HOME).first()
        if home is None:
            raise CommandError(_("There is no home organisation yet: run `shuhi demo` or create it first."))
        risks = services.risk_load_starter_set(actor=SYSTEM_CLI, organisation=home)
        cases = services.cases_load_starter_set(actor=SYSTEM_CLI, organisation=home)
        self.stderr.write(_("%(risks)s insider risks and %(cases)s leak cases added.")
                          % {"risks": len(risks), "cases": len(cases)})
