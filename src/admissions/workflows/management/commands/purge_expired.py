from django.core.management.base import BaseCommand

from admissions.workflows.privacy.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Erase the personal data whose time is up: erasure requests past their grace period, "
        "and applications to intakes that ended more than RETENTION_MONTHS_AFTER_INTAKE "
        "months ago. A dry run that reports and changes nothing unless --apply is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Erase, rather than report.")

    def handle(self, *args, apply: bool = False, **options):
        for line in purge_expired(apply=apply).lines():
            self.stdout.write(line)
