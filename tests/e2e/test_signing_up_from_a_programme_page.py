"""In a browser: a visitor on a programme page clicks to apply, signs up, gets the school's
email, confirms in the same browser and is back on the programme page, signed in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.calendar import paris_calendar

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-and-unusual-passphrase-2027"


def test_the_visitor_signs_up_confirms_and_is_back_on_the_programme_page(live_server, page):
    cache.clear()  # allauth's rate limits
    paris_calendar()
    page.goto(f"{live_server.url}/programmes/post-master-ai/")
    page.locator('main a[href^="/accounts/signup/?next="]').first.click()

    page.locator('input[name="email"]').fill("amina.browser@example.org")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.locator('input[name="accept_privacy_notice"]').check()
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state()

    [message] = mail.outbox
    assert "Hello from" not in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s>]+)", message.body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.locator('main form button[type="submit"]').first.click()

    page.wait_for_url(f"{live_server.url}/programmes/post-master-ai/")
    assert page.get_by_role("button", name="Sign out").is_visible()
