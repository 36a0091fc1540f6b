from admissions.demo.management.base import DemoCommand
from admissions.demo.services import APPLICANT_COUNT, seed_demo


class Command(DemoCommand):
    help = "Load the seed programmes and the demo people. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=APPLICANT_COUNT)

    def handle(self, *args, applicants: int, **options):
        for line in seed_demo(applicants=applicants):
            self.stdout.write(line)
