import pytest

from parsers.article import detect_language, extract_article, read_article_file
from core.errors import ArticleFileError, ExtractionError
from tests.conftest import DEMO

BODY = " ".join(["Der Kreml lehnt den Vorschlag ab, erklärte Sprecher Peskow am Montag in Moskau."] * 8)


def page(body: str, lang: str = "de", charset: str = "utf-8") -> str:
    return (f'<html lang="{lang}"><head><meta charset="{charset}"><title>Titel</title></head><body>'
            f'<nav><a href="/">Start</a> <a href="/sport">Sport</a></nav>'
            f'<div id="cookie">Wir verwenden Cookies. Akzeptieren?</div>'
            f"<article><h1>Kreml lehnt ab</h1><p>{body}</p></article>"
            f"<footer>Impressum Datenschutz</footer></body></html>")


def test_extraction_keeps_the_article_and_drops_navigation_and_banner():
    text = extract_article(page(BODY), "https://n.example/a")
    assert "Peskow" in text.text and "Sport" not in text.text and "Cookies" not in text.text
    assert text.lang == "de" and text.source == "page"


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_latin1_page_without_header_charset_is_decoded_from_its_meta(charset, ledger):
    raw = page(BODY.replace("erklärte", "erklärte Außenminister"), charset=charset).encode(charset)
    assert "Außenminister" in extract_article(raw, "https://n.example/latin1").text
    ledger.record(f"page: {charset} with the charset only in the page", True)


def test_page_without_text_is_an_extraction_error_naming_the_url(ledger):
    with pytest.raises(ExtractionError, match="https://n.example/empty"):
        extract_article("<html><body><nav>Start</nav></body></html>", "https://n.example/empty")
    ledger.record("page: no extractable text", True)


@pytest.mark.parametrize("wall", [
    "Um diesen Artikel zu lesen, müssen Sie den Cookies zustimmen oder ein Abo abschließen. " * 3,
    "Subscribe to continue reading. Already a subscriber? Sign in to continue. Accept cookies to read. " * 3,
])
def test_consent_wall_or_paywall_is_not_an_article(wall, ledger):
    with pytest.raises(ExtractionError, match="consent wall or paywall"):
        extract_article(page(wall), "https://n.example/wall")
    ledger.record("page: consent wall or paywall stub", True)


def test_language_is_guessed_from_stop_words():
    assert detect_language("The Kremlin said that it would not accept the plan.") == "en"
    assert detect_language("Der Kreml sagte, dass er den Plan nicht akzeptiere.") == "de"


def test_article_file_header_is_parsed():
    text = read_article_file((DEMO / "demo-06.txt").read_text(), "demo-06.txt")
    assert text.lang == "en" and text.date == "2025-12-15" and text.url.startswith("https://")


@pytest.mark.parametrize("content, problem", [
    ("url: x\n", "no blank line"),
    ("url x\n\ntext", "header line 1"),
    ("date: 2025-13-01\n\ntext", "not YYYY-MM-DD"),
    ("url: x\n\n   \n", "no text"),
])
def test_malformed_article_file_names_the_problem(content, problem):
    with pytest.raises(ArticleFileError, match=problem):
        read_article_file(content, "bad.txt")
