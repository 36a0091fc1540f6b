"""The demo's accounts have a published password and two-factor secret: no demo command may
run on a production site (an attack found ``seed_demo`` creating that superuser there)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from admissions.accounts.models import User
from admissions.demo.services import DemoRefusedInProduction, seed_demo


@pytest.mark.parametrize("command", ["seed_demo", "demo_logins", "demo_code"])
def test_each_demo_command_refuses_production_and_prints_no_secret(settings, db, command):
    settings.PRODUCTION = True
    out = io.StringIO()

    with pytest.raises(CommandError, match="ADMISSIONS_ENV=production"):
        call_command(command, stdout=out)

    assert out.getvalue() == ""
    assert not User.objects.exists()


def test_the_seeding_service_itself_refuses_production(settings, db):
    settings.PRODUCTION = True

    with pytest.raises(DemoRefusedInProduction):
        seed_demo(applicants=1)

    assert not User.objects.filter(is_superuser=True).exists()


def test_demo_codes_are_printed_outside_production(settings, db):
    settings.PRODUCTION = False
    out = io.StringIO()

    call_command("demo_code", stdout=out)

    assert "valid for" in out.getvalue()
