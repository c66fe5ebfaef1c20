"""The review page at `/` and GraphiQL at `/graphql`, in a real headless Chromium, offline.

The browser is Debian's `chromium` driven by Selenium through Debian's `chromium-driver`; nothing
downloads a browser. Its resolver maps every host name but 127.0.0.1 to nowhere, so a page that
loaded anything from the internet would come up broken. With no Chromium these tests fail, saying
what to install (.ci/run installs it); they are never skipped.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import yaml

from kg.analysis.engine import assess
from kg.api.app import create_app
from kg.api.pages import WEB
from kg.api.settings import ApiSettings
from kg.config import Settings
from kg.db import Database
from kg.lineage.importer import import_manifest
from kg.resources import resource_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CASE = resource_dir("examples") / "case5-hybrid-remix.yaml"
VENDORED = {"react", "react-dom", "graphiql", "cytoscape"}


# ---- the assets themselves (no browser, no database) -------------------------------------------

class _Links(HTMLParser):
    """Every src= and href= of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in {"src", "href"} and value]


@pytest.mark.parametrize("page", ["index.html", "graphiql.html"])
def test_pages_load_only_files_kg_ships(page: str) -> None:
    parser = _Links()
    parser.feed((WEB / page).read_text(encoding="utf-8"))
    assets = [link for link in parser.links if link.startswith("static/")]
    assert assets, "the page loads no scripts or styles"
    assert not [link for link in parser.links if re.match(r"[a-z]+:|//", link)], "a page links outside kg"
    for link in assets:
        assert (WEB / link.removeprefix("static/")).is_file(), link


def test_vendored_libraries_are_versioned_and_licensed() -> None:
    versions = dict(line.split() for line in (WEB / "vendor" / "VERSIONS").read_text().splitlines())
    assert set(versions) == VENDORED and all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions.values())
    for name in VENDORED:
        assert "MIT" in (WEB / "vendor" / name / "LICENSE").read_text(), name
    bundled = (WEB / "vendor" / "graphiql" / "THIRD-PARTY-LICENSES.txt").read_text()
    assert "==== graphql " in bundled and "==== codemirror " in bundled   # what GraphiQL's bundle holds


# ---- served pages --------------------------------------------------------------------------------

@pytest.fixture
def served(neo4j_server: Settings, lineage_db: Database) -> Iterator[str]:
    """Case study 5 imported and assessed, and kg's app served by uvicorn on a free local port."""
    import_manifest(lineage_db, CASE)
    assess(lineage_db, "remix-5", "share")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(neo4j_server, ApiSettings()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def test_pages_are_served(served: str) -> None:
    page = httpx.get(f"{served}/", timeout=30)
    assert page.status_code == 200 and "static/review.js" in page.text
    ide = httpx.get(f"{served}/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert ide.status_code == 200 and "static/vendor/graphiql/graphiql.min.js" in ide.text
    assert "unpkg.com" not in ide.text and "cdn" not in ide.text.lower()
    script = httpx.get(f"{served}/static/vendor/cytoscape/cytoscape.min.js", timeout=30)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium that can reach 127.0.0.1 and nothing else."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(f"no {', '.join(missing)}: install Debian's browser with "
                    "`apt-get install chromium chromium-driver` (.ci/run does)", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1440,1400", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, script: str, timeout: float = 90) -> Any:
    """Poll a JavaScript expression until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        time.sleep(0.2)


def severe_logs(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def texts(driver: Any, css: str) -> list[str]:
    return driver.execute_script(f"return [...document.querySelectorAll({css!r})].map(e => e.textContent)")


def test_review_page_shows_the_case_study(served: str, browser: Any, lineage_db: Database, tmp_path: Path) -> None:
    result = assess(lineage_db, "remix-5", "share")   # the stored verdict, to compare with the page
    manifest = yaml.safe_load(CASE.read_text())
    works = {w["id"] for w in manifest["works"]} | {d["output"]["id"] for d in manifest["derivations"]}

    browser.get(f"{served}/")
    assert wait_for(browser, "document.body.dataset.ready") == "true", browser.find_element("id", "problem").text
    screenshot = tmp_path / "review-case5.png"
    browser.save_screenshot(str(screenshot))
    shutil.copy(screenshot, tmp_path.parent / "review-case5-latest.png")  # easy to find when looking at it

    verdict = browser.find_element("id", "verdict").text
    assert result.status == "error" and "remix-5" in verdict and "share" in verdict and "ERROR" in verdict
    assert [t.split()[0] for t in texts(browser, "#releases li")] == ["ERROR"]
    assert sorted(texts(browser, "#findings .finding .code")) == sorted(f.code for f in result.findings)
    error = " ".join(browser.find_element("css selector", "#findings .finding.ERROR").text.split())  # worst first
    assert error.startswith("ERROR CANNOT_SHARE on vimeo · CC-BY-NC-ND-4.0") and "path: remix-5 → videos-5 → vimeo" in error
    assert texts(browser, "#findings .finding .path") == ["path: " + " → ".join(f.path) for f in result.findings]

    drawn = set(browser.execute_script("return window.kgReview.cy.nodes().map(n => n.id())"))
    assert drawn == works and len(drawn) == 16
    assert set(texts(browser, "#lineage-table tbody tr td:first-child")) == works
    flagged = set(browser.execute_script("return window.kgReview.cy.nodes('.finding-error').map(n => n.id())"))
    assert flagged == {f.work for f in result.findings if f.severity == "error"} and flagged
    edges = browser.execute_script("return window.kgReview.cy.edges().length")
    assert edges >= len(works) - 1
    assert screenshot.stat().st_size > 20_000

    browser.find_element("css selector", "#findings .finding.ERROR").click()   # its path, drawn
    on_path = browser.execute_script("return window.kgReview.cy.elements('.onpath').map(e => e.isNode() ? e.id() : e.data('source') + '>' + e.data('target'))")
    assert sorted(on_path) == sorted(["remix-5", "videos-5", "vimeo", "remix-5>videos-5", "videos-5>vimeo"])
    assert severe_logs(browser) == []


def test_filters_and_the_impact_of_a_license(served: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(f"{served}/")
    assert wait_for(browser, "document.body.dataset.ready") == "true"
    codes = texts(browser, "#findings .finding .code")
    Select(browser.find_element("id", "filter-code")).select_by_value("LICENSE_TYPE_MISMATCH")
    filtered = texts(browser, "#findings .finding .code")
    assert set(filtered) == {"LICENSE_TYPE_MISMATCH"} and len(filtered) == codes.count("LICENSE_TYPE_MISMATCH") == 2
    assert "filtered" in browser.find_element("id", "findings-count").text

    Select(browser.find_element("id", "filter-code")).select_by_value("")
    Select(browser.find_element("id", "filter-license")).select_by_value("CC-BY-NC-ND-4.0")
    summary = wait_for(browser, "document.getElementById('impact-summary')?.textContent")
    assert summary.startswith("CC-BY-NC-ND-4.0 reaches") and "1 release" in summary
    assert "remix-5" in browser.find_element("id", "impact").text
    licenses = browser.execute_script(
        "return [...document.querySelectorAll('#findings .finding')].map(f => [...f.querySelectorAll('.license')].map(l => l.textContent))")
    assert licenses and all("CC-BY-NC-ND-4.0" in ids for ids in licenses)
    # how a finding's clause reads once the API reports one (Finding.clause: license, section, text)
    clause = browser.execute_script(
        "return [clauseText({license: 'CC-BY-NC-ND-4.0', section: '2(a)(1)', text: 'reproduce and Share'}),"
        " clauseText({license: 'MIT', section: null, text: null}), clauseText(null)]")
    assert clause == ["CC-BY-NC-ND-4.0 § 2(a)(1) — “reproduce and Share”", "MIT", None]
    assert severe_logs(browser) == []


def test_graphiql_works_offline(served: str, browser: Any, tmp_path: Path) -> None:
    browser.get(f"{served}/graphql")
    wait_for(browser, "document.querySelector('.graphiql-execute-button')")
    browser.find_element("css selector", ".graphiql-execute-button").click()
    answer = wait_for(browser, "document.querySelector('.result-window')?.textContent.includes('remix-5')"
                               " && document.querySelector('.result-window').textContent")
    assert '"status": "ERROR"' in answer or "ERROR" in answer
    browser.save_screenshot(str(tmp_path / "graphiql.png"))
    assert severe_logs(browser) == []
