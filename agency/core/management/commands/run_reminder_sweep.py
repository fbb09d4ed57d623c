from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from agency.core import reminders


class Command(BaseCommand):
    help = "Send the reminders that are due now (or at --now), each exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="evaluate the rules at this ISO 8601 moment, e.g. 2026-10-09T09:00+08:00")

    def handle(self, *args, now=None, **options):
        moment = parse_datetime(now) if now else None
        if now and (moment is None or moment.tzinfo is None):
            raise CommandError("--now must be an ISO 8601 moment with a time zone offset.")
        result = reminders.sweep(moment)
        for rule, count in sorted(result.sent.items()):
            self.stdout.write(f"{rule}: {count} sent")
        self.stdout.write(f"{result.total} sent, {result.already} already sent earlier")
