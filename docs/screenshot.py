"""Take the README's screenshot of the app: ``python -m docs.screenshot`` writes ``docs/app.png``.

The real app under production settings (``benchmarks.loadtest_server``) in Chromium at 1400 x 900 px, in English,
with the status-quo settings, once the verdict and the chart are drawn. Needs playwright and a Chromium
(``CHROMIUM`` or ``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.loadtest_server import StreamlitServer

OUT = Path(__file__).resolve().with_name("app.png")
VIEWPORT = {"width": 1400, "height": 900}
DRAWN = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def main() -> None:
    from playwright.sync_api import sync_playwright

    with StreamlitServer("app.py") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport=VIEWPORT, locale="en-US")
        page.goto(f"{server.url}/?lang=en")
        page.wait_for_selector(DRAWN, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.wait_for_timeout(1_000)  # the chart's fade-in
        page.screenshot(path=str(OUT))
        browser.close()
    print(OUT)


if __name__ == "__main__":
    main()
