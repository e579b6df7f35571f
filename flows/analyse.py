"""The CPU-bound middle of the pipeline: a fetched page → its text, claims and near-duplicate signature.

Pure functions of the page; they run in the worker processes (flows.pool), which import this module
and the parsers only, not the database or email code the flow process needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.errors import ExtractionError
from flows.fetch import FetchResult
from parsers import neardup
from parsers.article import article_day, extract_article, text_hash
from parsers.claims import code_claims
from parsers.lexicon import Lexicon
from parsers.types import DEFAULT_LANG, Analysed, ArticleText

# A feed summary shorter than this says too little to code when the page yielded no text.
MIN_SUMMARY_CHARS = 80
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True)
class PageJob:
    """An article to fetch and code: what the feed told us about it."""

    article_id: int
    url: str
    summary: str
    title: str
    lang: str | None
    published: datetime | None = None


def analyse_page(job: PageJob, page: FetchResult | str, lexicon: Lexicon) -> Analysed:
    """Extract and code one fetched page, falling back to the feed summary when the page has no text."""
    error: str
    if isinstance(page, str):
        error = page
    elif page.content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        error = f"{job.url}: not an HTML page ({page.content_type})"
    else:
        try:
            return _analysed(job, extract_article(page.body, job.url, job.lang), lexicon)
        except ExtractionError as exc:
            error = str(exc)
    summary = " ".join(job.summary.split())
    if len(summary) >= MIN_SUMMARY_CHARS and not isinstance(page, str):
        text = ArticleText(url=job.url, text=f"{job.title}\n{summary}", title=job.title, lang=job.lang or DEFAULT_LANG,
                           source="feed-summary")
        return _analysed(job, text, lexicon, error)
    return Analysed(job.article_id, None, (), error=error, final=not isinstance(page, str))


def _analysed(job: PageJob, text: ArticleText, lexicon: Lexicon, error: str | None = None) -> Analysed:
    """A text's claims, near-duplicate signature and hash: all the CPU work on it, done in the worker."""
    return Analysed(job.article_id, text, tuple(code_claims(text.text, text.lang, lexicon, _day(job, text))),
                    error=error, minhash=neardup.packed_signature(text.text), text_hash=text_hash(text.text))


def _day(job: PageJob, text: ArticleText) -> date | None:
    """The article's publication day, for actor aliases valid only in a period (officials change)."""
    return job.published.date() if job.published is not None else article_day(text)


def analyse_batch(pages: Sequence[tuple[PageJob, FetchResult | str]], lexicon: Lexicon) -> list[Analysed]:
    """Extract and code a batch of fetched pages (pure CPU work)."""
    return [analyse_page(job, page, lexicon) for job, page in pages]
