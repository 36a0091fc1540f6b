"""One web worker of the cross-process tests, as a separate Python process.

Started by ``test_limits_hold_across_processes.py`` with the environment of a deployment
(its own database, SQLite or PostgreSQL, and Redis or the database cache). It reads one
JSON command per line on stdin and answers one JSON line on stdout, so a test can drive two
workers in turn the way a load balancer spreads requests over gunicorn workers. Each
sign-in uses a new browser (a fresh test client), like a person trying again from another
tab.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admissions.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from admissions.accounts.models import User  # noqa: E402

# A code stays valid for one period either side of its own, so a refusal of the second use
# within the test's few seconds can only be the replay protection, never the clock.
settings.MFA_TOTP_TOLERANCE = 1


def prepare(command: dict) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    for person in command["people"]:
        user = User.objects.create_user(email=person["email"], password=person["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if person.get("totp_secret"):
            TOTP.activate(user, person["totp_secret"])
    if connection.vendor == "sqlite":
        # The test copies this file for each cache it tries: fold the write-ahead log into it.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {"ready": True}


def sign_in(command: dict) -> dict:
    client = Client(REMOTE_ADDR=command["address"])
    response = client.post(
        "/accounts/login/", {"login": command["email"], "password": command["password"]}
    )
    answer = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "too_many_attempts": b"Too many failed login attempts" in response.content,
    }
    if command.get("code") is not None and answer["location"] == "/accounts/2fa/authenticate/":
        second = client.post("/accounts/2fa/authenticate/", {"code": command["code"]})
        answer["code_status"] = second.status_code
        answer["code_refused"] = b"Incorrect code" in second.content
    answer["signed_in"] = "_auth_user_id" in client.session
    return answer


ACTIONS = {"prepare": prepare, "sign_in": sign_in}


def main() -> None:
    print(json.dumps({"pid": os.getpid()}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        print(json.dumps(ACTIONS[command["action"]](command)), flush=True)


if __name__ == "__main__":
    main()
