import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.management.base import CommandError

from admissions.demo.management.base import DemoCommand
from admissions.demo.services import DEMO_APPLICANT, DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def _shown(path: Path) -> str:
    """A folder as a person types it from the project's root (``var/mail/``)."""
    try:
        return f"{path.resolve().relative_to(Path.cwd().resolve())}/"
    except ValueError:
        return f"{path}/"


class Command(DemoCommand):
    help = (
        "Print the demo site's address, where its mail and logs go, and the demo logins: "
        "the short block `make demo` ends with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")
        parser.add_argument(
            "--logs", default="", help="The folder where `make demo` writes the processes' logs."
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Print only once the server answers /healthz (for a minute at most).",
        )

    def wait_for(self, url: str, seconds: float = 60) -> None:
        health = urljoin(url, "/healthz")
        if not health.startswith(("http://", "https://")):
            raise CommandError("The demo's address must start with http:// or https://.")
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310  # nosec B310  # http(s) only, checked above
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)  # a person is waiting for the server to start, not a test
        raise CommandError(f"The server did not answer {health} within {seconds:.0f} seconds.")

    def handle(self, *args, url: str, logs: str, wait: bool, **options):
        if wait:
            self.wait_for(url)
        w = self.stdout.write
        w("")
        w("=" * 72)
        w(f"The admissions demo is at {url}")
        if settings.EMAIL_BACKEND == FILE_BACKEND:
            folder = _shown(Path(settings.EMAIL_FILE_PATH))
            w(f"Mail it sends is written to {folder} (one file per message)")
        if logs:
            w(f"Server, worker and scheduler logs: {logs}")
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
        w("=" * 72)
