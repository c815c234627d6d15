from django.core.management.base import BaseCommand, CommandError

from shuhi.accounts.services import api_token_create
from shuhi.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=90, help="validity in days (default 90)")

    def handle(self, *args, email, days, **options):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {email}.")
        _instance, token = api_token_create(actor="cli", user=user, days=days)
        self.stdout.write(token)
