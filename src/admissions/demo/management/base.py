"""What every demo command shares: it refuses to run on a production site."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from admissions.demo.services import DemoRefusedInProduction, refuse_in_production


class DemoCommand(BaseCommand):
    """A demo command. The demo accounts' password and TOTP secret are published in the
    README, so nothing of the demo may ever exist on a site run with
    ``ADMISSIONS_ENV=production``."""

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            refuse_in_production()
        except DemoRefusedInProduction as refusal:
            raise CommandError(str(refusal)) from refusal
        return super().execute(*args, **options)
