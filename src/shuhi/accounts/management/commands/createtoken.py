from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.accounts.services import api_token_create
from shuhi.core.commands import ShuhiCommand
from shuhi.core.models import User
from shuhi.core.permissions import SYSTEM_CLI


class Command(ShuhiCommand):
    help = gettext_lazy("Create an API token for a user and print it (shown once).")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=90, help=gettext_lazy("validity in days (default 90)"))

    def handle(self, *args, email, days, **options):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(email)s.") % {"email": email})
        _instance, token = api_token_create(actor=SYSTEM_CLI, user=user, days=days)
        self.stdout.write(token)
