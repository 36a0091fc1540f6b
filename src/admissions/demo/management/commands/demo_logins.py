from admissions.demo.management.base import DemoCommand
from admissions.demo.services import DEMO_APPLICANT, DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF


class Command(DemoCommand):
    help = "Print the demo site's address and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        w = self.stdout.write
        w("")
        w(f"The admissions demo is at {url}")
        w("")
        w(f"Every demo account's password: {DEMO_PASSWORD}")
        w(f"  applicant            {DEMO_APPLICANT[0]}")
        for person in STAFF:
            scope = person.programme_slug or "all programmes"
            w(f"  {person.role.label.lower():<20} {person.email:<32} ({scope})")
        w("")
        w("Staff accounts ask for a two-factor code. Add this secret to an authenticator app:")
        w(f"  {DEMO_TOTP_SECRET}")
        w("or print the current code with: .venv/bin/python manage.py demo_code")
        w("Stop the demo with Ctrl+C.")
        w("")
