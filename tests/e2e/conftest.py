import os
from pathlib import Path

import pytest

from tests.e2e.server import Server, database_for_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def server_database():
    with database_for_server() as url:
        yield url


@pytest.fixture(scope="session")
def served(tmp_path_factory, server_database):
    """One platform served for all the browser walks, as a court runs one: each walk makes its own
    callers, orders and courts, and reads only what it made (or counts before and after), so none
    depends on another's. Starting one per module cost about half a minute each."""
    server = Server(tmp_path_factory.mktemp("serve-data"), server_database).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Saves a page as the user sees it under the test run's output (or COURT12368_SCREENSHOTS, where the
    user guide's pictures are retaken: docs/guide/img), and returns the file."""
    configured = os.environ.get("COURT12368_SCREENSHOTS")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, *, full_page: bool = False) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if configured:  # pictures for the docs: 256 colours keep the repository small and text sharp
            from PIL import Image

            with Image.open(path) as image:
                image.convert("RGB").quantize(colors=256).save(path, optimize=True)
        return path

    return save


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
