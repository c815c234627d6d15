from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.demo import DEMO_PASSWORD, demo_logins, load_demo


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Load demo data: a fictional manufacturer with about 50 employees in 5 departments, 3 projects "
        "and 5 suppliers (one a sub-supplier), with a demo user for every role. Does nothing if data exists.")

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help=gettext_lazy("do not print the demo log-ins"))

    def handle(self, *args, quiet, **options):
        loaded = load_demo()
        self.stdout.write(_("Demo data loaded.") if loaded else _("Demo data already present; nothing changed."))
        if quiet:
            return
        self.stdout.write("\n" + _("Demo log-ins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for login in demo_logins():
            self.stdout.write(f"  {login.email:38} {login.role} — {login.organisation}")
        self.stdout.write(_("Administrators and security managers set up two-factor authentication at first log-in."))
