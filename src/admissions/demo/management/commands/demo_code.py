import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from admissions.demo.management.base import DemoCommand
from admissions.demo.services import DEMO_TOTP_SECRET


class Command(DemoCommand):
    help = "Print the current two-factor code of the demo staff accounts."

    def handle(self, *args, **options):
        counter = int(time.time()) // 30
        seconds_left = 30 - int(time.time()) % 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"{code}  (valid for {seconds_left} more seconds)")
