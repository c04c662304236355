"""Playwright against Debian's Chromium (/usr/bin/chromium). Missing Chromium fails these tests
under CI (CI is set) and for root (`make test` installs it then); only a newcomer who is neither
gets them skipped, with the command that installs it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One browser for the session."""
    if not CHROMIUM.exists():
        message = "install Chromium: sudo apt-get install chromium"
        if os.environ.get("CI") or os.geteuid() == 0:
            # CI, and root (`make test` installs it as root): a missing browser is a failure.
            pytest.fail(f"{CHROMIUM} is missing; {message}", pytrace=False)
        pytest.skip(message)  # only a newcomer who is neither root nor in CI
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; without this Django refuses
    # ORM calls from the test (and from pytest-django's teardown) as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(chromium: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    """new_page() -> a fresh page (own cookies) at desktop size, Indonesian, on live_server."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = chromium.new_context(
            base_url=live_server.url, viewport=DESKTOP, locale="id-ID", timezone_id="Asia/Jakarta",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], list[Path]]:
    """screenshot(page, name) -> full-page PNGs at desktop and phone width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> list[Path]:
        paths = []
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(DESKTOP)
        return paths

    return take
