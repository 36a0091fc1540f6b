"""``manage.py create_service_account`` makes a program's account: no password, the staff
roles given, every grant audited; a wrong role or programme stops it with nothing made."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from admissions.accounts.models import User
from admissions.core.models import AuditEvent


def test_a_service_account_is_created_with_its_roles(post_master):
    call_command(
        "create_service_account",
        "sis@school.example",
        "Student information system",
        "--role",
        f"finance_officer:{post_master.slug}",
        "--role",
        "admissions_officer:*",
    )
    account = User.objects.get(email="sis@school.example")
    assert account.is_service_account and not account.has_usable_password()
    assert set(account.role_assignments.values_list("role", "programme")) == {
        ("finance_officer", post_master.pk),
        ("admissions_officer", None),
    }
    assert AuditEvent.objects.filter(action="accounts.role_granted").count() == 2


@pytest.mark.parametrize("role", ["applicant:*", "wizard:*", "finance_officer:no-such-programme"])
def test_a_wrong_role_creates_nothing(db, role):
    with pytest.raises(CommandError):
        call_command("create_service_account", "crm@school.example", "CRM", "--role", role)
    assert not User.objects.filter(email="crm@school.example").exists()
