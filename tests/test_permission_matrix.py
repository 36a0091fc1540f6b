"""Every URL pattern of the project answers every kind of caller as the permission matrix says
(``tests/permission_matrix.py``, the table of ``docs/security.md``).

The world is built once for the module (the demo's programmes, applications, documents,
payments, receipts, quotes, a waiver and a bank statement, plus one person per staff role on
each programme); each request then runs in a savepoint that is rolled back, so a POST that
changes something leaves the next caller the same world.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from admissions.core import clock
from admissions.core.roles import Role
from tests import permission_matrix as matrix
from tests.people import make_user, sign_in_without_two_factor

ROLES = {
    "reviewer": Role.REVIEWER,
    "interviewer": Role.INTERVIEWER,
    "programme_head": Role.PROGRAMME_HEAD,
    "admissions_officer": Role.ADMISSIONS_OFFICER,
    "finance_officer": Role.FINANCE_OFFICER,
    "panel_member": Role.PANEL_MEMBER,
}


# --- The patterns ------------------------------------------------------------------------------


def patterns(resolvers: list[Any] | None = None, prefix: str = "") -> list[str]:
    """Every URL pattern of the project as one string, includes (the API's routes too)
    walked recursively, in the resolver's order, each once."""
    found: list[str] = []
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(entry, URLResolver):
            found.extend(patterns(entry.url_patterns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return list(dict.fromkeys(found))


def test_every_url_pattern_has_a_row_in_the_permission_matrix():
    rows = matrix.by_pattern()
    missing = [p for p in patterns() if p not in rows and not p.startswith(matrix.ADMIN_FAMILY)]
    assert missing == [], (
        "These URL patterns have no row in the permission matrix. Add one per pattern to "
        "ROWS in tests/permission_matrix.py (who may call it, in which scope) and the same "
        "line to the table in docs/security.md:\n  " + "\n  ".join(missing)
    )


def test_every_row_of_the_permission_matrix_is_a_url_pattern_and_names_every_caller():
    known = set(patterns())
    stale = [row.pattern for row in matrix.ROWS if row.pattern not in known]
    assert stale == [], f"Rows for patterns that no longer exist: {stale}"
    incomplete = [
        (row.pattern, row.method) for row in matrix.ROWS if set(row.answers) != set(matrix.CALLERS)
    ]
    assert incomplete == []


def test_the_docs_show_the_matrix_as_it_is_tested():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text()
    assert matrix.markdown_table() in docs, (
        "docs/security.md's permission matrix is not the one tested: print it with "
        '`python -m tests.permission_matrix` and paste it under "Every URL pattern, every '
        'caller".'
    )


# --- The world -----------------------------------------------------------------------------------


@dataclass
class World:
    applicant: Any = None
    other_applicant: Any = None
    waiver_applicant: Any = None
    application: Any = None
    document: Any = None
    education: Any = None
    message: Any = None
    message_with_attachment: Any = None
    attachment_recipient: Any = None
    referee: Any = None
    referee_token: str = ""
    payment: Any = None
    receipt: Any = None
    quote: Any = None
    waiver: Any = None
    merged: Any = None
    statement: Any = None
    webhook_delivery: Any = None
    committee: Any = None
    # The reviewer's (published) assignment on the owner's application.
    assignment: Any = None
    committee_token: str = ""
    # The owner's interview, booked on a slot the Post-Master's interviewer sits on, and a
    # free slot of the same intake to move to.
    interview: Any = None
    interview_slot: Any = None
    free_slot: Any = None
    service_token: Any = None
    # Objects of other applications, asked for under the owner's reference.
    foreign_document: Any = None
    foreign_receipt: Any = None
    foreign_quote: Any = None
    staff: dict[str, Any] = field(default_factory=dict)


def assign_reviewer(application: Any, user: Any, now: Any) -> Any:
    """A published assignment of ``user`` on ``application``, on its intake's committee."""
    import datetime as dt

    from admissions.review.models import (
        Assignment,
        AssignmentStatus,
        Committee,
        CommitteeMember,
        MemberRole,
    )

    committee, _ = Committee.objects.get_or_create(
        intake=application.intake,
        round=None,
        entry_level=None,
        defaults={"name": "Admissions committee", "published_at": now},
    )
    member, _ = CommitteeMember.objects.get_or_create(
        committee=committee, user=user, defaults={"role": MemberRole.INTERNAL}
    )
    return Assignment.objects.create(
        committee=committee,
        member=member,
        application=application,
        status=AssignmentStatus.ACTIVE,
        due_at=now + dt.timedelta(days=14),
    )


def build_world() -> World:
    from admissions.applications.models import Application
    from admissions.catalogue.models import Programme
    from admissions.demo.services import seed_demo
    from admissions.documents import referees
    from admissions.documents.models import Document
    from admissions.documents.services import request_merged_file
    from admissions.finance.models import BankStatement, FeeWaiver, Quote, Receipt
    from admissions.finance.quote_delivery import deliver_quote
    from admissions.notifications.models import OutboxMessage, WebhookDelivery, WebhookEndpoint
    from admissions.review import committees
    from admissions.review.models import Committee, Interview, InterviewSlot

    now = clock.now()
    seed_demo(now=now, applicants=12)
    w = World()
    post_master = Programme.objects.get(slug="post-master-ai")
    msc = Programme.objects.get(slug="msc-cps2-ai-iot")
    # A submitted application with documents, a paid fee (a receipt) and a quote.
    w.application = (
        Application.objects.filter(
            programme=post_master,
            status="submitted",
            quotes__isnull=False,
            intake__starts_on__gt=now,
        )
        .select_related("applicant", "intake")
        .first()
    )
    w.applicant = w.application.applicant
    w.other_applicant = make_user("otto.other@example.org", first_name="Otto")
    w.document = Document.objects.filter(application=w.application).first()
    w.education = w.applicant.applicant_profile.degrees.first()
    w.receipt = Receipt.objects.filter(payment__fee__application=w.application).first()
    w.payment = w.receipt.payment
    w.quote = Quote.objects.filter(application=w.application).first()
    w.foreign_document = Document.objects.filter(application__programme=msc).first()
    w.foreign_receipt = (
        Receipt.objects.exclude(payment__fee__application=w.application)
        .filter(payment__fee__application__programme=post_master)
        .first()
    )
    w.foreign_quote = Quote.objects.exclude(application=w.application).first()
    w.waiver = FeeWaiver.objects.select_related("fee__application__applicant").first()
    w.waiver_applicant = w.waiver.fee.application.applicant
    w.statement = BankStatement.objects.first()
    w.referee, w.referee_token = referees.add_referee(
        application=w.application,
        name="Rémi Référent",
        email="remi.referent@example.org",
        relationship="Thesis supervisor",
        institution="Université Côte d'Azur",
        actor=w.applicant,
        now=now,
    )
    w.message = OutboxMessage.objects.filter(user=w.applicant).first()
    # A quote mailed to its applicant, with the PDF attached (normally after commit).
    issued = Quote.objects.filter(status="issued").first()
    deliver_quote(quote_id=issued.pk)
    w.message_with_attachment = (
        OutboxMessage.objects.filter(user__isnull=False).exclude(attachments=[]).first()
    )
    w.attachment_recipient = w.message_with_attachment.user
    for name, role in ROLES.items():
        w.staff[name] = make_user(f"{name}@pmai.example.org", [(role, post_master)], mfa=True)
        w.staff[f"{name}_elsewhere"] = make_user(f"{name}@msc.example.org", [(role, msc)], mfa=True)
    w.staff["administrator"] = make_user(
        "adele.admin@example.org", [(Role.ADMINISTRATOR, None)], mfa=True, is_staff=True
    )
    w.staff["staff_without_two_factor"] = make_user(
        "olivia.password-only@example.org",
        [(Role.ADMISSIONS_OFFICER, post_master), (Role.ADMINISTRATOR, None)],
        mfa=True,
        is_staff=True,
    )
    w.interview_slot, w.free_slot = (
        InterviewSlot.objects.create(
            intake=w.application.intake,
            starts_at=now + dt.timedelta(days=days),
            duration_minutes=30,
            mode="phone",
            phone_number="+33 4 93 00 00 00",
        )
        for days in (7, 8)
    )
    w.interview_slot.interviewers.add(w.staff["interviewer"])
    w.free_slot.interviewers.add(w.staff["interviewer"])
    w.interview = Interview.objects.create(
        application=w.application,
        slot=w.interview_slot,
        status="booked",
        uid="interview-permission-matrix@example.org",
        invited_at=now,
        booked_at=now,
    )
    endpoint = WebhookEndpoint.objects.create(
        url="https://crm.example.org/hooks", events=["application.submitted"]
    )
    w.webhook_delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="application.submitted",
        payload={"reference": w.application.reference},
        status="dead",
        created_at=now,
    )
    # A committee of the owner's intake; the programme's reviewer sits on it and reviews
    # the owner's application (a published assignment).
    w.committee, _created = Committee.objects.get_or_create(
        intake=w.application.intake,
        round=None,
        entry_level=None,
        defaults={"name": "Post-Master's committee"},
    )
    w.assignment = assign_reviewer(w.application, w.staff["reviewer"], now)
    w.merged = request_merged_file(
        application=w.application, actor=w.staff["administrator"], now=now
    )
    _invitation, w.committee_token = committees.invite_external_member(
        committee=w.committee,
        email="external.member@example.edu",
        capacity=5,
        actor=w.staff["administrator"],
        now=now,
    )
    # A service account's token: administrators manage it, nobody else sees it.
    from admissions.accounts import tokens
    from admissions.core.permissions import SYSTEM

    account = tokens.create_service_account(
        email="sis@school.example",
        name="Student information system",
        roles=[(Role.FINANCE_OFFICER, post_master)],
        actor=SYSTEM,
    )
    w.service_token = tokens.create_token(
        owner=account,
        name="Nightly import",
        scopes=["finance:read"],
        expires_at=now + dt.timedelta(days=30),
        actor=SYSTEM,
        now=now,
    ).token
    return w


@pytest.fixture(autouse=True)
def private_storage():
    """The module's world keeps its files in the folder ``world`` chose for the module."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(MEDIA_ROOT=media, STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
    # The API's throttles counted this module's requests: later modules start afresh.
    cache.clear()


# --- Asking --------------------------------------------------------------------------------------


class Callers:
    """One client per caller, signed in once."""

    def __init__(self, world: World):
        self.world = world
        self.clients: dict[str, Client] = {}

    def client(self, caller: str, row: matrix.Row) -> Client:
        if caller == "owner":
            user = getattr(self.world, row.owner)
            key = f"owner:{user.pk}"
        else:
            user = {"other_applicant": self.world.other_applicant, **self.world.staff}.get(caller)
            key = caller
        if key not in self.clients:
            client = Client()
            if caller == "staff_without_two_factor":
                sign_in_without_two_factor(client, user)
            elif user is not None:
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]


def kind_of(response: Any) -> str:
    status = response.status_code
    if 300 <= status < 400:
        path = urlsplit(response["Location"]).path
        if path.startswith("/accounts/login/"):
            return matrix.LOGIN
        if path.startswith("/accounts/2fa/"):
            return matrix.TWO_FACTOR
        if path.startswith("/accounts/reauthenticate/"):
            return matrix.REAUTHENTICATE
        return matrix.REDIRECT
    if (
        status == 403
        and response.get("Content-Type", "").startswith("application/json")
        and json.loads(response.content).get("code") == "mfa_required"
    ):
        return matrix.MFA_REQUIRED
    if 200 <= status < 300:
        return matrix.OK
    return str(status)


HANDLED = {matrix.OK, matrix.REDIRECT, "400", "409", "422"}


def agrees(expected: str, got: str) -> bool:
    return got in HANDLED if expected == matrix.DONE else got == expected


def ask(client: Client, method: str, path: str) -> tuple[str, str]:
    """The kind of answer, and where a redirect leads (for the failure message)."""
    # A savepoint per request: what a POST changes is undone before the next caller.
    with transaction.atomic():
        if method == "GET":
            response = client.get(path)
        elif path.startswith("/api/"):
            # The API takes JSON only; another type is refused (415) before anything else.
            response = client.post(path, "{}", content_type="application/json")
        else:
            response = client.post(path)
        # A file's answer holds the file open until closed. Closing fires request_finished,
        # whose close_old_connections would close PostgreSQL's connection inside this
        # module's transaction (the test client unhooks it around its own close; so do we).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        transaction.set_rollback(True)
    return kind_of(response), response.get("Location", "")


def url_of(pattern: str, kwargs: dict[str, Any]) -> str:
    """The path of a pattern string with ``kwargs`` put in its regex groups and converters."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.mark.django_db
def test_every_pattern_answers_every_caller_as_the_matrix_says(world):
    callers = Callers(world)
    wrong: list[str] = []
    for row in matrix.ROWS:
        for caller, expected in row.answers.items():
            kwargs = row.kwargs(world)
            if row.secret and caller != "referee":
                kwargs[row.secret] = "made-up-" + row.secret
            path = url_of(row.pattern, kwargs)
            got, location = ask(callers.client(caller, row), row.method, path)
            if not agrees(expected, got):
                wrong.append(
                    f"{row.method} {row.pattern} as {caller}: expected {expected}, got {got}"
                    + (f" ({location})" if location else "")
                )
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_the_django_admin_opens_to_administrators_only(world):
    callers = Callers(world)
    row = matrix.Row("admin/", "GET", {})
    wrong = [
        f"GET {path} as {caller}: expected {expected}, got {got} {location}"
        for path, answers in matrix.ADMIN.items()
        for caller, expected in answers.items()
        if (answer := ask(callers.client(caller, row), "GET", path))[0] != expected
        for got, location in [answer]
    ]
    assert wrong == [], "\n".join(wrong)
