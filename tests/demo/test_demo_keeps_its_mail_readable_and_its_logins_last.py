"""`make demo` ends with a short block: the address, where the mail and the logs are, and the
logins. The demo's mail goes to files under var/mail/ instead of the console, where 85 whole
emails buried the logins under 8,000 lines."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from admissions.demo.services import DEMO_APPLICANT, DEMO_PASSWORD, STAFF

ROOT = Path(__file__).resolve().parents[2]
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def settings_of_a_fresh_clone(*names: str) -> list[str]:
    """The values of ``names`` as a newcomer's ``make demo`` starts them (no configuration)."""
    unset = {"ADMISSIONS_ENV", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "VAR_DIR", "DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in unset and k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["DJANGO_SETTINGS_MODULE"] = "admissions.settings"
    code = (
        "from django.conf import settings as s; print('\\n'.join(str(getattr(s, n)) for n in %r))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code % (names,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.splitlines()


def test_outside_production_mail_is_written_to_files_under_var_mail():
    backend, folder = settings_of_a_fresh_clone("EMAIL_BACKEND", "EMAIL_FILE_PATH")

    assert backend == FILE_BACKEND
    assert Path(folder) == ROOT / "var" / "mail"


def logins(settings, **options) -> list[str]:
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = Path.cwd() / "var" / "mail"
    out = io.StringIO()
    call_command("demo_logins", stdout=out, **options)
    return out.getvalue().splitlines()


def test_the_block_says_the_address_the_mail_folder_the_logs_and_every_login(settings, db):
    lines = logins(settings, url="http://127.0.0.1:8000/", logs="var/log/")
    text = "\n".join(lines)

    assert "The admissions demo is at http://127.0.0.1:8000/" in text
    assert "Mail it sends is written to var/mail/" in text
    assert "var/log/" in text
    assert DEMO_PASSWORD in text
    assert DEMO_APPLICANT[0] in text
    for person in STAFF:
        assert person.email in text


def test_the_block_is_short_enough_to_stay_on_screen(settings, db):
    lines = logins(settings)

    assert len(lines) <= len(STAFF) + 16
    assert lines[-1].startswith("=")


# A live server needs committed data; serialized_rollback puts back what data migrations
# created once the test ends, so the tests after it on this worker still find it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_wait_it_prints_once_the_server_answers(settings, live_server):
    lines = logins(settings, url=f"{live_server.url}/", wait=True)

    assert f"The admissions demo is at {live_server.url}/" in "\n".join(lines)


def test_make_demo_sends_the_processes_output_to_files_and_prints_the_logins_last():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile[makefile.index("\nserve:") : makefile.index("\n## test:")]
    commands = [line.strip() for line in serve.splitlines() if line.startswith("\t")]

    assert "--verbosity 0" in makefile[makefile.index("\ndemo:") : makefile.index("\nserve:")]
    for process in ("db_worker", "tick", "runserver"):
        line = next(c for c in commands if process in c)
        assert ">>$(LOGS)/" in line, line
    assert "demo_logins" in commands[-2] and "--wait" in commands[-2]
    assert commands[-1] == "wait"
