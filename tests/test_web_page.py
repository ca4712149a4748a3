"""The web page of `assistant serve` in a real headless Chromium (Debian's chromium and
chromium-driver): type a question, wait for the cited answer, open a citation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED_TEXT
from tests.test_server import TOKEN, start_server, stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    selenium = pytest.importorskip("selenium", reason="selenium is in the dev extra")
    from selenium.webdriver import Chrome, ChromeOptions
    from selenium.webdriver.chrome.service import Service

    del selenium
    options = ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_server(seed_store, tmp_path_factory.mktemp("web") / "log.txt", "-b", "extractive")
    yield base
    stop(proc)


def wait_for(driver, css: str, timeout: float = 60):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_ask_see_the_cited_answer_and_open_its_passage(browser, page: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(page + "/")
    wait_for(browser, "#documents li")
    assert "000_e6b707000bbe6f80.txt" in browser.find_element(By.ID, "documents").text
    box = browser.find_element(By.ID, "question")
    box.send_keys("Is Japan a member of NATO?")
    browser.find_element(By.ID, "send").click()
    turn = wait_for(browser, ".turn[data-done='true']")
    answer = turn.find_element(By.CSS_SELECTOR, ".answer").text
    assert answer.startswith("No.") and "[1]" in answer and "Sources:" not in answer
    turn.find_element(By.CSS_SELECTOR, "a.cite").click()
    passage = browser.find_element(By.ID, "passage")
    assert passage.is_displayed()
    quote = passage.find_element(By.TAG_NAME, "mark").text
    assert "would not join NATO" in quote and " ".join(quote.split()) in " ".join(SEED_TEXT.split())
    assert "000_e6b707000bbe6f80.txt" in passage.find_element(By.CSS_SELECTOR, ".where").text


def test_a_follow_up_keeps_the_conversation_and_markup_in_answers_stays_text(browser, page: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(page + "/")
    wait_for(browser, "#documents li")
    for question in ("Who objected to the NATO office in Tokyo?", "Why did he object?"):
        browser.find_element(By.ID, "question").send_keys(question)
        browser.find_element(By.ID, "send").click()
        count = len(browser.find_elements(By.CSS_SELECTOR, ".turn"))
        wait_for(browser, f".turn:nth-of-type({count})[data-done='true']")
    answers = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".turn .answer")]
    assert len(answers) == 2 and "Macron" in answers[0] and answers[1]
    assert not browser.find_elements(By.CSS_SELECTOR, ".answer script, .answer img")


def test_the_page_asks_for_a_token_when_the_server_needs_one(browser, seed_store: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    proc, base = start_server(seed_store, tmp_path / "log.txt", "-b", "extractive", "--token", TOKEN)
    try:
        browser.get(base + "/")
        row = browser.find_element(By.ID, "token-row")
        browser.implicitly_wait(0)
        wait_for(browser, "#token-row[style*='block']")
        browser.find_element(By.ID, "token").send_keys(TOKEN)
        browser.find_element(By.ID, "save-token").click()
        wait_for(browser, "#documents li")
        assert not row.is_displayed()
    finally:
        browser.execute_script("localStorage.clear()")
        stop(proc)
