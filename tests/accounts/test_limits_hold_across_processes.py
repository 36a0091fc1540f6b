"""Failed-password limits and two-factor replay protection hold across worker processes.

An attack on production settings under gunicorn with four workers found 19 of 40 password
guesses reaching the check in five minutes (limit: 5) and one TOTP code signing in three
times: each worker counted in its own per-process cache. Production now needs a shared
cache (Redis or the database cache); these tests run two separate Python processes, as two
workers behind a load balancer, against one database (SQLite, or PostgreSQL on a PostgreSQL
run) and one shared cache, and send the requests of one story to both in turn.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("signin_worker.py")
PASSWORD = "correct-horse-battery-staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ADA = "ada.applicant@example.org"
OLIVIA = "olivia.officer@example.org"
ADDRESS = "203.0.113.7"
# A Redis database number of its own, emptied before and after: nobody else's keys.
REDIS_URL = "redis://127.0.0.1:6379/13"


class Worker:
    """A separate Python process answering sign-ins like one web worker."""

    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pid = self._read()["pid"]

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker stopped (exit code {self.process.wait()})")
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read()

    def sign_in(self, email: str, password: str, **extra) -> dict:
        return self.ask(action="sign_in", email=email, password=password, **extra)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "CACHE_BACKEND", "DATABASE_URL", "ADMISSIONS_ENV", "DEBUG"}
    }
    env.update(DATABASE_URL=database_url, EMAIL_BACKEND="locmem", **extra)
    return env


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def empty_redis_database() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class SQLiteDatabases:
    """A migrated SQLite file, copied for each test."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "template.sqlite3"

    def template_url(self) -> str:
        return f"sqlite:///{self.template}"

    def copy(self, name: str) -> str:
        database = self.folder / f"{name}.sqlite3"
        shutil.copy(self.template, database)
        return f"sqlite:///{database}"

    def drop(self, url: str) -> None:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)

    def drop_template(self) -> None:
        self.template.unlink(missing_ok=True)


class PostgresDatabases:
    """On a PostgreSQL run (DATABASE_URL=postgres://…), the workers share a database of their
    own on the same server, outside the test's transaction: created from a migrated
    template for each test, dropped after."""

    def __init__(self, url: str):
        import dj_database_url

        self.config = dj_database_url.parse(url)
        self.prefix = f"admissions_workers_{os.getpid()}"

    def _url(self, name: str) -> str:
        c = self.config
        password = f":{c['PASSWORD']}" if c.get("PASSWORD") else ""
        return f"postgres://{c['USER']}{password}@{c['HOST']}:{c['PORT'] or 5432}/{name}"

    def _run(self, statement: str) -> None:
        import psycopg

        c = self.config
        with psycopg.connect(
            host=c["HOST"],
            port=c["PORT"] or 5432,
            user=c["USER"],
            password=c.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(statement)

    def template_url(self) -> str:
        self._run(f"DROP DATABASE IF EXISTS {self.prefix}_template")
        self._run(f"CREATE DATABASE {self.prefix}_template")
        return self._url(f"{self.prefix}_template")

    def copy(self, name: str) -> str:
        self._run(f"CREATE DATABASE {self.prefix}_{name} TEMPLATE {self.prefix}_template")
        return self._url(f"{self.prefix}_{name}")

    def drop(self, url: str) -> None:
        self._run(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def drop_template(self) -> None:
        self._run(f"DROP DATABASE IF EXISTS {self.prefix}_template WITH (FORCE)")


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """A migrated database with Ada (password only) and Olivia (password and TOTP), on the
    engine of this run, and a way to copy it for each test."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        kind = PostgresDatabases(url)
    else:
        kind = SQLiteDatabases(tmp_path_factory.mktemp("shared"))
    worker = Worker(environment(kind.template_url(), CACHE_BACKEND="database"))
    try:
        worker.ask(
            action="prepare",
            people=[
                {"email": ADA, "password": PASSWORD},
                {"email": OLIVIA, "password": PASSWORD, "totp_secret": SECRET},
            ],
        )
    finally:
        worker.stop()
    yield kind
    kind.drop_template()


# With CACHE_BACKEND=local (one cache per process) both tests below fail: that was the finding.
@pytest.fixture(params=["database", "redis"])
def two_workers(request, databases):
    """Two worker processes sharing one database and the cache under test."""
    if request.param == "redis" and not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    database_url = databases.copy(f"site_{request.param}")
    if request.param == "redis":
        empty_redis_database()
        env = environment(database_url, REDIS_URL=REDIS_URL)
    else:
        env = environment(database_url, CACHE_BACKEND="database")
    workers = [Worker(env), Worker(env)]
    yield workers
    for worker in workers:
        worker.stop()
    databases.drop(database_url)
    if request.param == "redis":
        empty_redis_database()


def code_at(offset: int = 0) -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30 + offset))


def test_failed_passwords_counted_by_one_worker_refuse_the_next_attempt_on_the_other(
    two_workers,
):
    first, second = two_workers
    assert first.pid != second.pid != os.getpid()
    for worker in (first, second, first, second, first):
        wrong = worker.sign_in(ADA, "not-her-password", address=ADDRESS)
        assert wrong["status"] == 200
        assert not wrong["too_many_attempts"]

    right = second.sign_in(ADA, PASSWORD, address=ADDRESS)

    assert right["too_many_attempts"]
    assert not right["signed_in"]


def test_a_two_factor_code_used_through_one_worker_is_refused_by_the_other(two_workers):
    first, second = two_workers
    code = code_at()

    used = first.sign_in(OLIVIA, PASSWORD, code=code, address=ADDRESS)
    replayed = second.sign_in(OLIVIA, PASSWORD, code=code, address="198.51.100.4")

    assert used["signed_in"]
    assert replayed["code_refused"]
    assert not replayed["signed_in"]
    # The second worker accepts a code not used yet: it refused the replay, nothing else.
    fresh = second.sign_in(OLIVIA, PASSWORD, code=code_at(+1), address="198.51.100.4")
    assert fresh["signed_in"]
