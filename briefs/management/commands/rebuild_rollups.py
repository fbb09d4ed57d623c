"""Write the dashboard's campaign roll-ups again from the campaigns as they stand (briefs/rollups.py):
after loading data by other means than the services, or to repair them."""

from django.core.management.base import BaseCommand

from briefs import rollups


class Command(BaseCommand):
    help = "Rebuild the dashboard's campaign and client figures from the campaigns."

    def handle(self, *args, **options):
        counted = rollups.rebuild()
        self.stdout.write(f"Roll-ups rebuilt from {counted} campaigns.")
