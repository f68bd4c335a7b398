"""Fixtures for browser tests: a real ``streamlit run`` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here, so it drives ``/usr/bin/chromium`` (or ``$CHROMIUM_PATH``).
Without Chromium or Playwright the tests in this folder are skipped, unless ``CI`` is set: then they fail,
so a CI machine that lost its browser cannot pass silently.

Fixtures
--------
streamlit_server
    Factory (session scope): ``streamlit_server("app.py", "--some.flag=value")`` starts the app with
    production flags on a free port, waits for ``/_stcore/health`` and returns a ``StreamlitServer``
    (``.url``, ``.pid``, ``.log_tail()``). One server per (script, flags) for the whole session.
app_url, bare_app_url
    URLs of ``app.py`` (skipped if it does not exist yet) and of ``benchmarks/bare_app.py``.
browser
    The Chromium browser, one per test module: Playwright's sync API keeps an asyncio loop running in
    the main thread while it is open, which would break ``asyncio.run`` in the other test modules.
page
    A new page in a fresh context (1280x900, locale en-US) for each test; on failure a screenshot is
    saved. ``page_errors`` lists the uncaught JavaScript errors it saw.
open_app
    ``open_app(url)`` loads a page and waits until its first script run has finished; returns the page.
wait_for_run
    ``wait_for_run()`` waits until the page's script is not running (after a change has started a rerun).
screenshot
    ``screenshot("name")`` saves ``artifacts/screenshots/<test>-<name>.png`` and returns its path.

Typical app test::

    import pytest
    from playwright.sync_api import expect

    pytestmark = pytest.mark.browser

    def test_language_switch(page, app_url, open_app, screenshot):
        open_app(app_url)
        page.get_by_text("English").click()
        expect(page.get_by_role("heading").first).to_contain_text("...")
        screenshot("english")
"""

import os
import re
from pathlib import Path

import pytest

from benchmarks.loadtest_server import StreamlitServer

REPO_ROOT = Path(__file__).resolve().parents[2]

BROWSER_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Longest wait for a page or a script run [ms]; a shared two-core machine can be slow.
TIMEOUT_MS = 30_000
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None if there is none."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if os.access(path, os.X_OK) else None


def _missing_requirement() -> str | None:
    if chromium_path() is None:
        where = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        return f"Chromium not found at {where} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    missing = _missing_requirement()
    for item in items:
        if BROWSER_DIR not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {missing}"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so the page fixture can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def streamlit_server():
    servers: dict[tuple[str, tuple[str, ...]], StreamlitServer] = {}

    def start(script: str = "app.py", *flags: str) -> StreamlitServer:
        if (script, flags) not in servers:
            if not (REPO_ROOT / script).is_file():
                pytest.skip(f"{script} does not exist")
            servers[(script, flags)] = StreamlitServer(script, extra_flags=flags).start()
        return servers[(script, flags)]

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def app_url(streamlit_server):
    return streamlit_server("app.py").url


@pytest.fixture(scope="session")
def bare_app_url(streamlit_server):
    return streamlit_server("benchmarks/bare_app.py").url


@pytest.fixture(scope="module")
def browser():
    missing = _missing_requirement()
    if missing:
        pytest.fail(f"CI is set but {missing}") if os.environ.get("CI") else pytest.skip(missing)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_errors():
    return []


@pytest.fixture
def screenshot(request):
    name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def save(label: str = "page", target=None) -> Path:
        target = target or request.getfixturevalue("page")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}-{label}.png"
        target.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def page(browser, request, page_errors, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    new_page = context.new_page()
    new_page.set_default_timeout(TIMEOUT_MS)
    new_page.on("pageerror", lambda error: page_errors.append(str(error)))
    yield new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            screenshot("failure", new_page)
        except Exception as exc:  # the page may be gone; the test's own failure is what matters
            print(f"no failure screenshot: {exc}")
    context.close()


@pytest.fixture
def wait_for_run(page):
    def wait(timeout_ms: int = TIMEOUT_MS) -> None:
        page.wait_for_selector(APP_IDLE, timeout=timeout_ms)

    return wait


@pytest.fixture
def open_app(page, wait_for_run):
    def open_(url: str):
        page.goto(url)
        wait_for_run()
        return page

    return open_
