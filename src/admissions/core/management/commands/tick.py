from django.core.management.base import BaseCommand

from admissions.core.schedule import run_due_jobs


class Command(BaseCommand):
    help = "Run the scheduled work that is due, once. Safe to run as often as you like."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run every job now, due or not.")

    def handle(self, *args, force: bool = False, **options):
        for name, outcome in run_due_jobs(force=force).items():
            self.stdout.write(f"{name}: {outcome}")
