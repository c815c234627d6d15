"""`shuhi training reminders [--date YYYY-MM-DD]`: remind people of overdue training (run daily);
`shuhi training refresh`: rebuild the classification module from the ledger's criteria if they changed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy("Training: `training reminders` reminds people of overdue training (run daily); "
                        "`training refresh` rebuilds the classification module from the ledger.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reminders = sub.add_parser("reminders", help=gettext_lazy("remind people of overdue training"))
        reminders.add_argument("--date", help=gettext_lazy("the day to run for (YYYY-MM-DD; default today)"))
        sub.add_parser("refresh",
                       help=gettext_lazy("rebuild the classification module if the ledger's criteria changed"))

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _reminders(self, *, date=None, **_options):
        from shuhi.core.permissions import SYSTEM_CLI
        from shuhi.training.services_assign import training_reminders_send

        reminded = training_reminders_send(actor=SYSTEM_CLI, today=self.date_option(date))
        self.stdout.write(_("%(n)s overdue training assignments reminded.") % {"n": len(reminded)})

    def _refresh(self, **_options):
        from shuhi.core.permissions import SYSTEM_CLI
        from shuhi.training.models import Module
        from shuhi.training.services import module_refresh

        for module in Module.objects.filter(kind=Module.Kind.CLASSIFICATION, is_active=True):
            version = module_refresh(actor=SYSTEM_CLI, module=module)
            if version is None:
                self.stdout.write(_("%(title)s: up to date.") % {"title": module.title})
            else:
                self.stdout.write(_("%(title)s: version %(v)s built from the ledger.")
                                  % {"title": module.title, "v": version.version})
