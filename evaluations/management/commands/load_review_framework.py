from django.core.management.base import BaseCommand

from evaluations import default_framework
from evaluations.models import CompetencyFramework


class Command(BaseCommand):
    help = "Load the default competency framework for account people, unless one exists."

    def handle(self, *args, **options):
        framework = default_framework.load(CompetencyFramework)
        self.stdout.write(self.style.SUCCESS(f"Competency framework ready: {framework}"))
