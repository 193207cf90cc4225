"""Suite-wide fixtures: the PostgreSQL marker and a headless Chromium for browser tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# ORM calls from the same thread as "async unsafe", which they are not here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Thai). A test client request sent in English
    leaves English active in the thread (LocaleMiddleware activates, nothing deactivates),
    and texts made outside a request (engine verdicts, commands) would follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _geography_after_flush(request):
    """Transactional tests (live_server, concurrency) flush every table after each test,
    the geography of the data migration included: put it back for them."""
    names = request.fixturenames
    if "transactional_db" not in names and "live_server" not in names:
        return
    request.getfixturevalue("transactional_db")
    from registry.models import District, Province, Subdistrict
    from registry.places import load_geography

    if not Subdistrict.objects.exists():
        load_geography(Province, District, Subdistrict)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (a browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'bash bin/setup' (installs chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """Log a page in as a user through the real login form."""

    def do_login(page, username, password="demo-pass-1234"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill(password)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url(f"{live_server.url}/")

    return do_login
