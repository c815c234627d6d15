from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background job worker (django-q2; the database is the broker unless REDIS_URL is set)."

    def handle(self, *args, **options):
        call_command("qcluster")
