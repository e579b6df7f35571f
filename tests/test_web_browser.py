"""The web app in a real browser (Debian's chromium through its chromedriver, headless): an editor opens an
alert from a link taken out of a real email, confirms it, and the position and the decision log change;
screenshots of the alert page and the alert list at desktop and phone width."""

import json
import os
import re
import shutil
from datetime import datetime
from email import message_from_bytes, policy
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from matplotlib.image import imread
from sqlalchemy import select

from flows.delivery import send_alerts
from parsers.lexicon import load_lexicon
from parsers.types import Claim
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert
from tests.conftest import ROOT, free_port
from tests.test_web import SECRET, TOKEN, _alert_of, _server, article_with, state
from web.app import create_app
from web.auth import hash_token

# Where the screenshots go (the README shows the alert page's)
SCREENSHOTS = Path(os.environ.get("STANCEWATCH_SCREENSHOTS", ROOT / ".cache" / "screenshots"))
WIDTHS = {"desktop": (1280, 1000), "phone": (390, 844)}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no browser: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    # the system driver: selenium's own manager would try to download one
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def realistic_alerts(engine):
    """Three moves in the wording of real coverage (written for the project): a first position, then a shift."""
    moves = [
        ("russia", "territory_donbas",
         "The Kremlin insists that Ukraine withdraw its forces from the part of Donetsk it still holds.",
         ("Kremlin aide Yuri Ushakov said Moscow could accept a demilitarised zone in Donetsk instead of a full "
         "Ukrainian withdrawal."), "open"),
        ("ukraine", "elections",
         "Zelensky said no election can be held while martial law is in force.",
         "Zelensky said Ukraine is ready to hold elections within 60 to 90 days if its partners guarantee security.",
         "support"),
        ("usa", "security_guarantees",
         "Washington has declined to commit to any guarantee for Ukraine beyond continued arms sales.",
         "Witkoff said the United States backs binding security guarantees for Kyiv to be put to Congress.",
         "support"),
    ]
    for n, (actor, issue, before, after, stance) in enumerate(moves):
        first = "oppose" if stance != "oppose" else "support"
        article_with(engine, f"https://wire.example/{n}/before", datetime(2026, 1, 2 + n),
                     [Claim(actor, issue, first, "asserted", before, 0.8)], title=f"Talks, day {n + 1}")
        article_with(engine, f"https://daily.example/{n}/after", datetime(2026, 1, 12 + n),
                     [Claim(actor, issue, stance, "asserted", after, 0.8)], title=f"Negotiators move, round {n + 1}")


def shot(driver, name, size):
    driver.set_window_size(*size)
    # the page's own width must fit the window: nothing runs off the side of a phone
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size[0], max(size[1], min(height + 100, 4000)))
    driver.save_screenshot(str(path))
    pixels = imread(path)
    assert pixels.shape[1] >= size[0] - 20 and pixels.std() > 0.05  # a real picture, not a blank page
    return path


def test_an_editor_confirms_an_alert_from_an_email_link_in_a_real_browser(home, smtp_server, monkeypatch, browser):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    controller, inbox = smtp_server
    port = free_port()
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("STANCEWATCH_WEB_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("STANCEWATCH_WEB_SECRET", SECRET)
    monkeypatch.setenv("STANCEWATCH_WEB_EDITORS", json.dumps({"anna": hash_token(TOKEN, iterations=1000)}))
    engine = make_engine(Settings().db_url())
    realistic_alerts(engine)
    send_alerts(load_lexicon(), Settings())
    html = "".join(unescape(message_from_bytes(raw, policy=policy.default).get_body(("html",)).get_content())
                   for _, _, raw in inbox.messages)
    with session_scope(engine) as session:
        alert_id = session.scalar(select(Alert.id).where(Alert.actor == "russia", Alert.kind == "shift"))
    # the Donbas shift's confirm link, as an editor would click it in the email
    links = re.findall(rf'href="(http://127\.0\.0\.1:{port}/act/[^"]+)">Confirm<', html)
    confirm = next(link for link in links if _alert_of(link) == alert_id)

    config = uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning")
    with _server(config):
        browser.get(confirm)
        assert f"Confirm alert #{alert_id}" in browser.page_source
        assert state(engine, alert_id)[0] == "open"  # opening the link changed nothing
        browser.find_element(By.XPATH, f"//button[contains(., 'Confirm alert #{alert_id}')]").click()
        # a click returns before the next page is there: wait for it (a loaded machine is slow)
        WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Done")
        status, stance, log = state(engine, alert_id)
        assert (status, stance) == ("confirmed", "open") and log[-1][1:3] == ("link", "confirm")

        # the editor signs in and sees the change in the position and the decision log
        browser.get(f"http://127.0.0.1:{port}/login?next=/decisions")
        browser.find_element(By.NAME, "name").send_keys("anna")
        browser.find_element(By.NAME, "token").send_keys(TOKEN)
        browser.find_element(By.XPATH, "//button[@type='submit' and contains(., 'Sign in')]").click()
        WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: urlsplit(d.current_url).path == "/decisions")
        rows = browser.find_elements(By.XPATH, "//table[1]//tr[td]")
        assert any("confirm" in r.text and "link" in r.text and f"#{alert_id}" in r.text for r in rows)
        browser.get(f"http://127.0.0.1:{port}/positions/russia/territory_donbas")
        assert "Stored position: open" in browser.find_element(By.CSS_SELECTOR, "main .card").text

        for name, size in WIDTHS.items():
            browser.set_window_size(*size)
            browser.get(f"http://127.0.0.1:{port}/alerts/{alert_id}")
            assert browser.find_element(By.CSS_SELECTOR, "img.timeline").get_property("naturalWidth") > 0
            shot(browser, f"alert-{name}", size)
            browser.get(f"http://127.0.0.1:{port}/alerts?status=any")
            shot(browser, f"alerts-{name}", size)
    assert sorted(p.name for p in SCREENSHOTS.glob("*.png")) >= sorted(
        f"{page}-{name}.png" for page in ("alert", "alerts") for name in WIDTHS)
