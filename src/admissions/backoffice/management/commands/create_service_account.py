"""``manage.py create_service_account``: an account for a program (the student information
system, a CRM), which never signs in and acts only through the API tokens an administrator
then creates for it on ``/staff/api-tokens/new/``.

    manage.py create_service_account sis@school.example "Student information system" \\
        --role finance_officer:post-master-ai --role admissions_officer:post-master-ai

A role is ``<role>:<programme code>``, or ``<role>:*`` for every programme. The account and
each role are recorded in the audit trail (no person acted: the actor is empty).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from admissions.accounts import tokens
from admissions.catalogue.models import Programme
from admissions.core.permissions import SYSTEM
from admissions.core.roles import STAFF_ROLES, Role


class Command(BaseCommand):
    help = "Create a service account (no password, no sign-in) holding staff roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("name")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            metavar="ROLE:PROGRAMME",
            help="a staff role and a programme code, or * for every programme; repeatable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        roles = [self._role(text) for text in options["role"]]
        if not roles:
            raise CommandError("Give at least one --role: an account without one can do nothing.")
        try:
            account = tokens.create_service_account(
                email=options["email"], name=options["name"], roles=roles, actor=SYSTEM
            )
        except tokens.TokenRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Service account {account.email} created with {len(roles)} role(s). An "
            "administrator creates its tokens on /staff/api-tokens/new/."
        )

    def _role(self, text: str) -> tuple[Role, Programme | None]:
        name, _colon, code = text.partition(":")
        try:
            role = Role(name)
        except ValueError:
            raise CommandError(f"{name!r} is not a role.") from None
        if role not in STAFF_ROLES:
            raise CommandError(f"{name!r} is not a staff role.")
        if code in ("", "*"):
            return role, None
        programme = Programme.objects.filter(slug=code).first()
        if programme is None:
            raise CommandError(f"No programme has the code {code!r}.")
        return role, programme
