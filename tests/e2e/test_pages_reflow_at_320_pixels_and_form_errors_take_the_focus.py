"""A 320-pixel-wide screen (a small phone, or a desktop zoomed four times) shows the main pages
without sideways scrolling; after a failed sign-up the error summary has the focus and leads
to the fields; the keyboard focus ring is the site's, not Bootstrap's faint glow. The browser
enforces the real Content-Security-Policy here, so the static focus script is what runs."""

import pytest

from admissions.catalogue.services import load_programme_files
from tests.conftest import PROGRAMMES_DIR

# The live server runs in another thread: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/programmes/",
    "/programmes/post-master-ai/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accessibility/",
]


@pytest.fixture
def catalogue():
    return load_programme_files([PROGRAMMES_DIR]).programmes


@pytest.fixture
def narrow(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_page_needs_no_sideways_scrolling_at_320_pixels(live_server, catalogue, narrow, path):
    narrow.goto(live_server.url + path)

    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("language", ["en-GB", "fr-FR"])
def test_the_statement_needs_no_sideways_scrolling_at_320_pixels_in_either_language(
    live_server, browser, language
):
    context = browser.new_context(locale=language, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/accessibility/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_an_empty_sign_up_puts_the_focus_on_the_error_summary(live_server, narrow):
    narrow.goto(live_server.url + "/accounts/signup/")
    narrow.get_by_role("button", name="Sign Up").click()
    narrow.wait_for_selector("[data-error-summary]")

    focused = narrow.evaluate(
        "[document.activeElement.id, document.activeElement.getAttribute('role')]"
    )
    assert focused == ["form-errors", "alert"]
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_link_of_the_error_summary_puts_the_focus_in_its_field(live_server, desktop):
    desktop.goto(live_server.url + "/accounts/signup/")
    desktop.get_by_role("button", name="Sign Up").click()
    desktop.wait_for_selector("[data-error-summary]")

    desktop.locator("[data-error-summary] a[href='#id_password1']").click()

    assert desktop.evaluate("document.activeElement.id") == "id_password1"


def test_a_focused_field_shows_the_sites_focus_ring(live_server, catalogue, desktop):
    # A Bootstrap-styled control (.form-select), whose own focus style drops the outline.
    desktop.goto(live_server.url + "/programmes/")
    desktop.keyboard.press("Tab")  # the skip link: the keyboard is in use
    desktop.get_by_label("Kind").focus()

    ring = desktop.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
    )
    # --accent, #8a5a00: 5.9:1 on the white page (tests/core/test_focus_ring_contrast.py).
    assert ring == ["solid", "3px", "rgb(138, 90, 0)"]
