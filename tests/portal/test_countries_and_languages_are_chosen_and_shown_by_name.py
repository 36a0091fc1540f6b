"""Countries and languages are chosen from lists of names in the reader's language and shown
by name everywhere (profile, receipt, merged PDF), never as the codes they are stored as."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from admissions.applicants.models import Profile
from admissions.core import choosers
from admissions.documents import services as document_services
from tests.pages import text_of
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
    in_round_1_fixture,
    make_submitted,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")


def option(html: str, value: str) -> str:
    found = re.search(rf'<option value="{value}"( selected)?>([^<]*)</option>', html)
    assert found, f"no option {value}"
    return found.group(2)


@pytest.mark.parametrize(("language", "arabic"), [("en", "Arabic"), ("fr", "Arabe")])
def test_the_languages_form_offers_languages_by_name_in_the_readers_language(
    client, applicant, language, arabic
):
    client.cookies["django_language"] = language
    client.force_login(applicant)

    html = client.get("/me/profile/languages/").content.decode()

    start = html.index('name="native_languages"')
    native = html[start : html.index("</select>", start)]
    assert option(native, "ar") == arabic
    assert "Two-letter codes" not in html


@pytest.mark.parametrize(("language", "morocco"), [("en", "Morocco"), ("fr", "Maroc")])
def test_the_identity_form_offers_countries_by_name_in_the_readers_language(
    client, applicant, language, morocco
):
    client.cookies["django_language"] = language
    client.force_login(applicant)
    complete_profile(applicant, moroccan_in_morocco=True)

    html = client.get("/me/profile/identity/").content.decode()

    residence = html[html.index('name="residence_country"') :]
    assert re.search(rf'<option value="MA" selected>{morocco}</option>', residence)
    nationalities = html[html.index('name="nationalities"') :]
    assert re.search(rf'<option value="MA" selected>{morocco}</option>', nationalities)


def test_languages_chosen_from_the_list_are_saved_as_codes(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/languages/", {"native_languages": ["ar", "fr"], "instruction_languages": "fr"}
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=applicant)
    assert profile.native_languages == ["ar", "fr"]
    assert profile.instruction_languages == ["fr"]


def test_a_language_not_in_the_list_is_refused_on_its_field(client, applicant):
    client.force_login(applicant)

    response = client.post("/me/profile/languages/", {"native_languages": "Arabic"})

    assert response.status_code == 422
    assert 'id="native_languages-error"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Morocco", "France", "Arabic, French"]),
        ("fr", ["Maroc", "France", "Arabe, Français"]),
    ],
)
def test_the_profile_page_prints_names_not_codes(client, applicant, language, expected):
    complete_profile(applicant, moroccan_in_france=True, native_languages=["ar", "fr"])
    client.cookies["django_language"] = language
    client.force_login(applicant)

    page = text_of(client.get("/me/profile/"))

    for name in expected:
        assert name in page
    assert " MA " not in page
    assert " ar " not in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["Morocco", "Arabic"]), ("fr", ["Maroc", "Arabe"])],
)
def test_the_receipt_prints_country_and_language_names(
    client, applicant, seed_programmes, in_round_1, language, expected
):
    complete_profile(applicant, moroccan_in_france=True)
    application = make_submitted(applicant, seed_programmes["post-master-ai"], in_round_1)
    client.cookies["django_language"] = language
    client.force_login(applicant)

    pdf = client.get(f"/applications/{application.reference}/receipt.pdf")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for name in expected:
        assert name in text
    assert "MA\n" not in text


def test_the_merged_pdf_cover_prints_names(applicant, officer, seed_programmes, in_round_1):
    complete_profile(applicant, moroccan_in_france=True)
    application = make_submitted(applicant, seed_programmes["post-master-ai"], in_round_1)

    merged = document_services.request_merged_file(application=application, actor=officer)

    from django.core.files.storage import default_storage

    with default_storage.open(merged.stored_name, "rb") as handle:
        cover = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Morocco" in cover
    assert "Arabic" in cover


def test_each_list_is_rendered_once_per_language_and_reused(client, applicant):
    choosers.options_html.cache_clear()
    client.force_login(applicant)

    client.get("/me/profile/identity/")  # two country lists
    client.get("/me/profile/identity/")

    info = choosers.options_html.cache_info()
    assert info.misses == 1
    assert info.hits == 3


def test_french_after_english_still_says_maroc(client, applicant):
    client.force_login(applicant)
    complete_profile(applicant, moroccan_in_morocco=True)

    english = client.get("/me/profile/identity/").content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get("/me/profile/identity/").content.decode()

    assert '<option value="MA" selected>Morocco</option>' in english
    assert '<option value="MA" selected>Maroc</option>' in french


def test_a_value_sent_back_is_never_written_into_the_page_as_markup(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/languages/", {"native_languages": ['"><script>alert(1)</script>', "ar"]}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "<script>alert(1)" not in page
    assert '<option value="ar" selected>' in page
