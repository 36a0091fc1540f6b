"""A score is written as on the certificate: "TOEIC 820", not "820.0"; a half band keeps its
decimal in the reader's way ("IELTS 6.5", "IELTS 6,5")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.applicants.factories import LanguageTestFactory

pytestmark = pytest.mark.django_db


def test_a_whole_score_has_no_decimal():
    test = LanguageTestFactory(test="TOEIC_LR", score=Decimal("820.0"))
    test.refresh_from_db()

    with translation.override("en"):
        assert str(test) == "TOEIC Listening & Reading 820"


@pytest.mark.parametrize(("language", "written"), [("en", "IELTS 6.5"), ("fr", "IELTS 6,5")])
def test_a_half_band_is_written_the_readers_way(language, written):
    test = LanguageTestFactory(test="IELTS", score=Decimal("6.5"))
    test.refresh_from_db()

    with translation.override(language):
        assert str(test) == written


def test_the_profile_page_lists_the_score_as_printed(client):
    test = LanguageTestFactory(test="TOEIC_LR", score=Decimal("820"))
    client.force_login(test.profile.user)

    page = client.get("/me/profile/language-tests/").content.decode()

    assert "TOEIC Listening &amp; Reading 820" in page
    assert "820.0" not in page


def test_the_edit_form_shows_the_score_as_printed(client):
    test = LanguageTestFactory(test="TOEIC_LR", score=Decimal("820"))
    client.force_login(test.profile.user)

    page = client.get(f"/me/profile/language-tests/{test.pk}/edit/").content.decode()

    assert 'name="score" value="820"' in page
