"""The public pages pass axe-core's WCAG 2.1 AA rules: desktop in English, phone in French."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from admissions.catalogue.services import load_programme_files
from tests.conftest import PROGRAMMES_DIR

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = [
    "/",
    "/programmes/",
    "/programmes/post-master-ai/",
    "/programmes/msc-cps2-ai-iot/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accessibility/",
]


# Browser tests need committed data (the live server runs in another thread). The standard
# document types come from a data migration, so the flush between tests must restore them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def catalogue():
    return load_programme_files([PROGRAMMES_DIR]).programmes


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_aa_violations_on_a_desktop_in_english(live_server, catalogue, page, path):
    page.goto(live_server.url + path)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_aa_violations_and_no_sideways_scrolling_on_a_phone_in_french(
    live_server, catalogue, phone, path
):
    phone.goto(live_server.url + path)
    assert phone.locator("html").get_attribute("lang") == "fr"
    results = Axe().run(phone, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360


def test_the_catalogue_filters_work_with_the_keyboard(live_server, catalogue, page):
    page.goto(live_server.url + "/programmes/")
    page.get_by_label("Kind").select_option("post_master")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Show programmes").press("Enter")
    page.wait_for_url("**kind=post_master**")
    assert page.get_by_role(
        "heading", name="Post-Master's degree in Artificial Intelligence"
    ).is_visible()
    assert page.get_by_text("CPS2").count() == 0
