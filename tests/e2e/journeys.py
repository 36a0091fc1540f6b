"""What every browser journey shares: people in their own browser contexts, the pages they
visited, and the checks each of those pages gets once the journey is over.

A journey is played once in full, in English on a desktop. Every page it visits is then
opened again in French on a 360-pixel phone, signed in as the same person: axe-core must find
no serious or critical WCAG 2.1 AA violation there nor on the desktop page, and the phone page
must not scroll sideways. That keeps `make e2e` short while every page is seen in both
languages and both sizes.

When a journey fails, each of its browser contexts leaves a screenshot and a Playwright trace
(`playwright show-trace trace.zip`) in ``$E2E_ARTIFACTS`` (``var/e2e`` by default); CI
prints the folder. With ``UPDATE_SCREENSHOTS=1`` (``make screenshots``), the named
screenshots a journey takes replace the pictures in ``docs/screenshots/`` that the README and
the guides show.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", ROOT / "var" / "e2e"))
SCREENSHOTS = ROOT / "docs" / "screenshots"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SERIOUS = {"serious", "critical"}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Not pages: files, the payment simulator's redirects, sign-out.
NOT_A_PAGE = re.compile(r"\.(pdf|ics|csv|xlsx|zip|png|jpg)$|/accounts/logout/")


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on ``page``, one line each."""
    results = Axe().run(page, options=WCAG_AA)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@dataclass
class Person:
    """One person's browser (a context of its own, so cookies never mix)."""

    journey: Journey
    name: str
    context: Any
    page: Any
    session: str | None = None
    visited: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        self.page.goto(self.journey.url(path))
        return self.page

    def screenshot(self, name: str) -> None:
        """A picture for the docs: written to docs/screenshots/ under UPDATE_SCREENSHOTS=1,
        else beside the failure artifacts (so taking it is exercised on every run)."""
        folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else ARTIFACTS / "shots"
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=False)

    def assert_accessible(self) -> None:
        found = serious_violations(self.page)
        assert not found, f"{self.page.url}: " + "; ".join(found)


class Journey:
    def __init__(self, browser: Any, live_server: Any, name: str) -> None:
        self.browser = browser
        self.live_server = live_server
        self.name = name
        self.people: list[Person] = []

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.live_server.url}{path}"

    def person(self, name: str, user: Any = None, *, locale: str = "en-GB") -> Person:
        """A browser for ``name``, signed in as ``user`` (with two-factor passed, for staff)
        when one is given."""
        context = self.browser.new_context(locale=locale, viewport=DESKTOP)
        context.tracing.start(screenshots=True, snapshots=True, sources=False)
        page = context.new_page()
        person = Person(self, name, context, page)
        page.on("framenavigated", lambda frame: self._record(person, frame))
        if user is not None:
            self.sign_in(person, user)
        self.people.append(person)
        return person

    def sign_in(self, person: Person, user: Any) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        person.session = session
        person.context.add_cookies(
            [{"name": "sessionid", "value": session, "url": self.live_server.url}]
        )

    def _record(self, person: Person, frame: Any) -> None:
        if frame != person.page.main_frame:
            return
        parts = urlsplit(frame.url)
        if not frame.url.startswith(self.live_server.url) or NOT_A_PAGE.search(parts.path):
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in person.visited:
            person.visited.append(path)

    def check_every_visited_page(self) -> None:
        """Open every page each person visited again in French on a phone, as that person:
        no serious or critical axe violation, no sideways scrolling. Pages that answer
        differently now (a form already sent) are still checked as they are."""
        problems: list[str] = []
        assert any(person.visited for person in self.people), "the journey visited no page"
        for person in self.people:
            context = self.browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
            cookies = [c for c in person.context.cookies() if c["name"] == "sessionid"]
            if cookies:
                context.add_cookies(cookies)
            phone = context.new_page()
            for path in person.visited:
                phone.goto(self.url(path))
                if phone.locator("html").get_attribute("lang") != "fr":
                    problems.append(f"{person.name} {path}: the page is not in French")
                width = phone.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    problems.append(f"{person.name} {path}: {width} px wide on a phone")
                problems.extend(
                    f"{person.name} {path} (phone, fr): {line}"
                    for line in serious_violations(phone)
                )
            context.close()
        assert not problems, "\n".join(problems)

    def close(self, failed: bool) -> None:
        for index, person in enumerate(self.people):
            folder = ARTIFACTS / self.name / f"{index}-{person.name}"
            if failed:
                folder.mkdir(parents=True, exist_ok=True)
                for number, page in enumerate(person.context.pages):
                    page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True)
                person.context.tracing.stop(path=str(folder / "trace.zip"))
                print(f"\nBrowser artifacts of {person.name}: {folder}")
            else:
                person.context.tracing.stop()
            person.context.close()


class KeyboardOnly:
    """Drives a page the way a keyboard user does: Tab until the control has the focus (a
    control the Tab key never reaches fails the journey), then type, Space or Enter. Nothing
    is clicked."""

    def __init__(self, page: Any, *, limit: int = 400) -> None:
        self.page = page
        self.limit = limit
        self.date_order = "dmy"

    def _has_focus(self, locator: Any) -> bool:
        return bool(locator.evaluate("element => element === document.activeElement"))

    def reach(self, locator: Any) -> Any:
        locator = locator.first
        locator.wait_for(state="attached")
        for _ in range(self.limit):
            if self._has_focus(locator):
                return locator
            self.page.keyboard.press("Tab")
        raise AssertionError(f"The Tab key never reached {locator}")

    def type(self, locator: Any, text: str) -> None:
        self.reach(locator)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def date(self, locator: Any, iso: str) -> None:
        """A date field: its day, month and year typed in the order the browser shows them
        (Chromium follows its own language, not the page's: learnt on the first field)."""
        year, month, day = iso.split("-")
        parts = {"d": day, "m": month, "y": year}
        field = self.reach(locator)
        for order in dict.fromkeys((self.date_order, "dmy", "mdy", "ymd")):
            self.page.keyboard.type("".join(parts[part] for part in order))
            if field.input_value() == iso:
                self.date_order = order
                return
            # Back out of the field (Tab moves between its parts too), then into its first
            # part, to type it again in another order.
            for _ in range(4):
                if not self._has_focus(field):
                    break
                self.page.keyboard.press("Shift+Tab")
            self.page.keyboard.press("Tab")
        raise AssertionError(f"typed {iso}, the field holds {field.input_value()!r}")

    def select(self, locator: Any, value: str) -> None:
        """A drop-down: focus it and move through its options with the arrow keys until the
        wanted one is selected (typing ahead depends on the labels' language)."""
        self.reach(locator)
        element = locator.first
        values = element.evaluate("select => Array.from(select.options).map(o => o.value)")
        target = values.index(value)
        current = element.evaluate("select => select.selectedIndex")
        key = "ArrowDown" if target >= current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert element.input_value() == value, f"{value} not selected in {locator}"

    def toggle(self, locator: Any) -> None:
        """A checkbox (or a radio button reached by Tab): Space."""
        self.reach(locator)
        self.page.keyboard.press("Space")

    def choose(self, name: str, value: str) -> None:
        """A radio group: Tab into it, then the arrow keys until ``value`` is checked."""
        group = self.page.locator(f'input[type="radio"][name="{name}"]')
        for _ in range(self.limit):
            if self.page.evaluate(
                "name => document.activeElement && document.activeElement.name === name", name
            ):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"The Tab key never reached the {name} choices")
        for _ in range(group.count() + 1):
            if self.page.evaluate("() => document.activeElement.value") == value:
                break
            self.page.keyboard.press("ArrowDown")
        if not self.page.evaluate("() => document.activeElement.checked"):
            self.page.keyboard.press("Space")
        assert group.locator(f'xpath=self::*[@value="{value}"]').is_checked()

    def press(self, locator: Any, key: str = "Enter", *, navigates: bool = True) -> None:
        """A link or a button: Enter (and wait for the page it leads to)."""
        self.reach(locator)
        if not navigates:
            self.page.keyboard.press(key)
            return
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state()

    def upload(self, locator: Any, path: str) -> None:
        """A file field: Space opens the file chooser, which the test answers."""
        self.reach(locator)
        with self.page.expect_file_chooser() as chooser:
            self.page.keyboard.press("Space")
        chooser.value.set_files(path)
