"""`shuhi notifications digest|send`: the daily summary e-mails, or every immediate e-mail still waiting.

Both run as background jobs, as the web application's do; run `digest` daily (cron, a systemd timer).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.jobs.services import job_enqueue
from shuhi.notifications.models import Delivery, Notification


class Command(ShuhiCommand):
    help = gettext_lazy("Send the daily notification summaries (digest) or the e-mails still waiting (send).")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["digest", "send"])

    def handle(self, *args, what, **options):
        home = Organisation.objects.filter(kind=Organisation.Kind.HOME).order_by("pk").first()
        if home is None:
            return
        with transaction.atomic():
            if what == "digest":
                job = job_enqueue(actor=SYSTEM_CLI, kind="notifications.digest", organisation_id=home.pk)
            else:
                ids = list(Notification.objects.filter(mail_status=Notification.MailStatus.PENDING,
                                                       delivery=Delivery.IMMEDIATE).values_list("pk", flat=True))
                job = job_enqueue(actor=SYSTEM_CLI, kind="notifications.send", params={"ids": ids},
                                  organisation_id=home.pk)
        self.stderr.write(gettext_lazy("Background job %(id)s started.") % {"id": job.pk})
