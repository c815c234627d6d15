from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.audit.verify import verify_chain
from shuhi.core.management.base import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Audit log tools. `audit verify` re-computes the hash chain and exits 1 at the first bad entry.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help=gettext_lazy("re-compute the hash chain; exit 1 naming the first bad entry"))

    def handle(self, *args, action, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(_("Audit chain broken at entry #%(id)s: %(reason)s (%(n)s entries verified before it)")
                               % {"id": result.bad_entry, "reason": result.reason, "n": result.checked})
        self.stdout.write(_("Audit chain intact: %(n)s entries verified.") % {"n": result.checked})
