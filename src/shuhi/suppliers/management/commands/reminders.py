"""`shuhi reminders`: record today's due-soon and overdue reminders (run daily, e.g. from cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from shuhi.suppliers.services_assessment import reminders_record


class Command(BaseCommand):
    help = "Record reminders for assessments due within a week or overdue. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        today = dt.date.fromisoformat(date) if date else None
        created = reminders_record(actor="cli", today=today)
        for reminder in created:
            self.stdout.write(f"{reminder.kind}\t{reminder.due_date}\tassessment {reminder.assessment_id}")
        self.stderr.write(f"{len(created)} reminders recorded")
