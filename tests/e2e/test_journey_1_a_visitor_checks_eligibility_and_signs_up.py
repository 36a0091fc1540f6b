"""Journey 1, in a browser: a visitor browses the catalogue, filters it, reads the
Post-Master's page, runs the eligibility self-check as a French engineer with a TOEIC score
and reads why they are eligible, then clicks to apply from the programme page, signs up, gets
the school's email, confirms in the same browser and is back on the programme page, signed
in. Every page visited is checked again in French on a phone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.calendar import IN_ROUND_1

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-and-unusual-passphrase-2027"


def test_a_visitor_checks_eligibility_signs_up_confirms_and_is_back_on_the_programme_page(
    journey, seed_programmes, settings
):
    cache.clear()  # allauth's rate limits
    settings.CLOCK_FROZEN_AT = IN_ROUND_1
    visitor = journey.person("visitor")

    page = visitor.goto("/programmes/")
    page.get_by_label("Kind").select_option("post_master")
    page.get_by_role("button", name="Show programmes").click()
    page.wait_for_url("**kind=post_master**")
    visitor.screenshot("catalogue")
    page.get_by_role("link", name="Post-Master's degree in Artificial Intelligence").first.click()
    page.wait_for_load_state()
    assert "18,500" in page.locator("main").inner_text()

    page = visitor.goto("/eligibility/")
    form = page.locator("main form")
    form.locator('select[name="nationality"]').select_option("FR")
    form.locator('select[name="residence_country"]').select_option("FR")
    form.locator('input[name="native_languages"][value="fr"]').check()
    form.locator('select[name="degree_level"]').select_option("engineering")
    form.locator('select[name="degree_field"]').select_option("computer_science")
    form.locator('input[name="degree_ects"]').fill("300")
    form.locator('input[name="degree_years"]').fill("5")
    form.locator('select[name="degree_country"]').select_option("FR")
    form.locator('input[name="degree_cti_accredited"][value="yes"]').check()
    form.locator('input[name="degree_completed"][value="yes"]').check()
    form.locator('input[name="instruction_languages"][value="fr"]').check()
    form.locator('select[name="test1_test"]').select_option("TOEIC_LR")
    form.locator('input[name="test1_score"]').fill("720")
    form.locator('input[name="test1_date"]').fill("2026-05-01")
    form.locator('input[name="certification_mooc_big_data_basics"][value="passed"]').check()
    page.get_by_role("button", name="Check my eligibility").click()
    page.wait_for_load_state()
    post_master = page.locator('article[aria-labelledby="programme-post-master-ai"]')
    assert "Outcome: Eligible" in post_master.inner_text()
    page.locator("#results").scroll_into_view_if_needed()
    visitor.screenshot("eligibility-self-check")
    visitor.assert_accessible()

    page = visitor.goto("/programmes/post-master-ai/")
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
    page = visitor.goto(link)
    page.locator('main form button[type="submit"]').first.click()

    page.wait_for_url(journey.url("/programmes/post-master-ai/"))
    assert page.get_by_role("button", name="Sign out").is_visible()

    journey.check_every_visited_page()
