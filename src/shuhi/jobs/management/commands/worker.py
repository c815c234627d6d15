from django.core.management import call_command
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Run the background job worker (django-q2; the database is the broker unless REDIS_URL is set).")

    def handle(self, *args, **options):
        call_command("qcluster")
