"""Article text from HTML pages (trafilatura) and from article files (header + text)."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import trafilatura

from core.errors import ArticleFileError, ExtractionError
from parsers.normalize import normalize_text
from parsers.types import ArticleText

# Below this many characters an "article" is a consent wall, paywall stub or an empty page.
MIN_ARTICLE_CHARS = 200

HEADER_KEYS = ("url", "date", "lang", "title")

# A short "article" that speaks of cookies, consent or subscriptions is a wall in front of the
# text, not the text: it must never be coded. Longer texts may mention these words in passing.
WALL_MAX_CHARS = 1500
WALL_MARKERS = re.compile(
    r"\b(cookies?|consent|einwilligung|zustimmen|akzeptieren|datenschutzeinstellungen|"
    r"abonnieren|abonnement|abo\b|subscribe|subscription|paywall|sign in to continue|anmelden, um|"
    r"weiterlesen mit|read more with|bereits abonnent|already a subscriber)",
    re.IGNORECASE,
)
# Two or more markers in a short text: one alone is a normal sentence ("…sagte er bei der Zustimmung…").
WALL_MIN_MARKERS = 2

_STOPWORDS = {
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "dem", "den", "ein", "eine", "von", "zu", "im", "auch", "sei", "werden"},
    "en": {"the", "and", "is", "of", "to", "in", "that", "with", "for", "on", "it", "was", "as", "be", "has", "have", "by", "said", "would", "an"},
}


def detect_language(text: str, default: str = "de") -> str:
    """Guess 'de' or 'en' from stop-word counts; ``default`` when neither shows."""
    words = re.findall(r"[a-zäöüß]+", text[:5000].lower())
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else default


def article_day(text: ArticleText) -> date | None:
    """The publication day an article states (ISO date, possibly with a time), if it states one."""
    try:
        return date.fromisoformat(text.date[:10]) if text.date else None
    except ValueError:
        return None


def text_hash(text: str) -> str:
    """A hash of the text with white space folded, to spot the same text under another URL."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def read_article_file(content: str, name: str) -> ArticleText:
    """Parse the labelled-set article format: ``key: value`` header lines, a blank line, the text."""
    head, sep, body = normalize_text(content).partition("\n\n")
    if not sep:
        raise ArticleFileError(name, "no blank line between header and text")
    meta: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        key, colon, value = line.partition(":")
        if not colon:
            raise ArticleFileError(name, f"header line {number} is not 'key: value': {line[:60]!r}")
        meta[key.strip().lower()] = value.strip()
    if "date" in meta:
        try:
            date.fromisoformat(meta["date"])
        except ValueError:
            raise ArticleFileError(name, f"date {meta['date']!r} is not YYYY-MM-DD") from None
    text = body.strip()
    if not text:
        raise ArticleFileError(name, "the article has no text")
    lang = meta.get("lang") or detect_language(text)
    return ArticleText(
        url=meta.get("url", name),
        text=text,
        title=meta.get("title", ""),
        date=meta.get("date"),
        lang=lang,
        source="file",
    )


def extract_article(html: str | bytes, url: str, lang: str | None = None) -> ArticleText:
    """Extract the main text, title, date and language of a news page, or raise ExtractionError."""
    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    text = normalize_text((getattr(doc, "text", None) or "").strip()) if doc is not None else ""
    if len(text) < MIN_ARTICLE_CHARS:
        raise ExtractionError(url, f"no article text found ({len(text)} characters extracted)")
    if len(text) < WALL_MAX_CHARS and len(WALL_MARKERS.findall(text)) >= WALL_MIN_MARKERS:
        raise ExtractionError(url, "consent wall or paywall instead of the article")
    page_lang = (getattr(doc, "language", None) or "")[:2].lower()
    return ArticleText(
        url=url,
        text=text,
        title=normalize_text((getattr(doc, "title", None) or "").strip()),
        date=getattr(doc, "date", None),
        lang=lang or (page_lang if page_lang in _STOPWORDS else detect_language(text)),
        source="page",
    )
