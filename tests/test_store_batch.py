"""Storing a batch: one transaction, and one article's bad data fails only that article."""

from datetime import timedelta

from sqlalchemy import select

from parsers.types import Analysed
from flows.stages import store_batch
from parsers.lexicon import load_lexicon
from parsers.types import ArticleText, Claim
from core.settings import Settings
from storage import articles as article_store
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord, Feed


def leased(settings: Settings, owner: str, n: int) -> list[int]:
    with session_scope(make_engine(settings.db_url())) as session:
        for k in range(n):
            article_store.add_url(session, f"https://paper{k}.example/a{k}.html", "de")
    with session_scope(make_engine(settings.db_url())) as session:
        return [a.id for a in article_store.claim_pending(session, owner, timedelta(minutes=5), n)]


def analysed(article_id: int, text: str, confidence: float | None = 0.9) -> Analysed:
    claim = Claim("russia", "elections", "oppose", "asserted", "Russland lehnt Wahlen ab.", confidence)  # type: ignore[arg-type]
    return Analysed(article_id, ArticleText(url=f"u{article_id}", text=text, lang="de"), (claim,))


def test_one_articles_bad_data_fails_that_article_and_keeps_the_others(home):
    settings = Settings()
    ids = leased(settings, "run-1", 3)
    results = [analysed(ids[0], "Erster Text über Wahlen."),
               analysed(ids[1], "Zweiter Text über Wahlen.", confidence=None),  # violates NOT NULL
               analysed(ids[2], "Dritter Text über Wahlen.")]
    summary = store_batch(results, load_lexicon(), settings, "run-1")
    assert (summary.coded, summary.failed) == (2, 1)
    with session_scope(make_engine(settings.db_url())) as session:
        rows = {a.id: a for a in session.scalars(select(Article))}
        claims = session.scalars(select(ClaimRecord)).all()
        alerts = session.scalars(select(Alert)).all()
    assert rows[ids[0]].status == rows[ids[2]].status == "coded"
    bad = rows[ids[1]]
    assert bad.status == "pending" and bad.attempts == 1 and "storing failed" in bad.error and bad.lease_owner is None
    assert sorted(c.article_id for c in claims) == [ids[0], ids[2]]
    # the first article raised the alert, the third is a second outlet reporting the same move
    assert len(alerts) == 1 and (alerts[0].evidence_count, alerts[0].sources) == (2, 2)


def test_daily_stances_count_each_actor_day_and_stance_once(home):
    from datetime import datetime

    from flows.baseline import load_baseline
    from storage.reporting import daily_stances
    from tests.conftest import SEEDS

    settings = Settings()
    load_baseline(SEEDS, load_lexicon(), settings)
    with session_scope(make_engine(settings.db_url())) as session:
        issues = ["territory_donbas", "security_guarantees", "no_such_issue"]
        points = daily_stances(session, issues, datetime(2025, 1, 1))
        claims = session.execute(
            select(ClaimRecord.issue, ClaimRecord.actor, ClaimRecord.stance, Article.published).join(Article)
            .where(ClaimRecord.issue.in_(issues), ClaimRecord.modality == "asserted")
        ).all()
    expected: dict[tuple[str, str, str, object], int] = {}
    for issue, actor, stance, published in claims:
        key = (issue, actor, stance, published.date())
        expected[key] = expected.get(key, 0) + 1
    got = {(issue, p.actor, p.stance, p.published.date()): p.count for issue, ps in points.items() for p in ps}
    assert got == expected
    assert sum(map(len, points.values())) == len(expected) > 0
    assert points["no_such_issue"] == [] and {key[0] for key in expected} == set(issues) - {"no_such_issue"}


def test_one_feeds_unexpected_error_keeps_the_other_feeds_entries(home, monkeypatch):
    from flows import stages
    from flows.fetch import FetchResult
    from core.feedlist import FeedConfig

    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
           '<item><title>Kiew</title><link>https://{host}/a.html</link><guid>{host}-a</guid></item></channel></rss>')
    configs = [FeedConfig(name=n, url=f"https://{n}.example/feed.xml", relevance_filter=False) for n in ("good", "broken")]  # type: ignore[arg-type]
    settings = Settings()
    states = stages.register_feeds(configs, settings)
    polled = [(c, s, FetchResult(str(c.url), 200, rss.format(host=f"{c.name}.example").encode(), "application/rss+xml",
                                 None, None)) for c, s in zip(configs, states)]
    real = stages.parse_feed

    def parse(body: bytes, url: str, headers=None):  # a parser bug that only this feed's data triggers
        if "broken" in url:
            raise RuntimeError("unexpected entry shape")
        return real(body, url, headers)

    monkeypatch.setattr(stages, "parse_feed", parse)
    good, broken = stages.store_feed_results(polled, load_lexicon(), settings)
    assert good.new_entries == 1 and good.error is None
    assert broken.new_entries == 0 and "storing failed: RuntimeError" in broken.error
    with session_scope(make_engine(settings.db_url())) as session:
        urls = session.scalars(select(Article.url)).all()
        feeds = {f.name: f for f in session.scalars(select(Feed))}
    assert urls == ["https://good.example/a.html"]
    assert feeds["broken"].failures == 1 and feeds["good"].failures == 0


def test_an_unchanged_feed_body_is_not_parsed_again(home, monkeypatch):
    """Issue 18: a large feed that did not change costs no parsing; a changed one, or a new lexicon, does."""
    from flows import stages
    from flows.fetch import FetchResult
    from core.feedlist import FeedConfig

    config = FeedConfig(name="wire", url="https://wire.example/feed.xml", relevance_filter=False)  # type: ignore[arg-type]
    settings = Settings()
    (state,) = stages.register_feeds([config], settings)
    item = '<item><title>{0}</title><link>https://wire.example/{0}.html</link></item>'
    parsed: list[str] = []
    real = stages.parse_feed

    def counting(body: bytes, url: str, headers=None):
        parsed.append(url)
        return real(body, url, headers)

    monkeypatch.setattr(stages, "parse_feed", counting)

    def poll(items: str, lexicon):
        body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
        (outcome,) = stages.store_feed_results(
            [(config, state, FetchResult(str(config.url), 200, body, "application/rss+xml", None, None))], lexicon, settings)
        return outcome.new_entries

    lexicon = load_lexicon()
    assert poll(item.format("a"), lexicon) == 1 and len(parsed) == 1
    assert poll(item.format("a"), lexicon) == 0 and len(parsed) == 1  # the same body: not parsed
    assert poll(item.format("a") + item.format("b"), lexicon) == 1 and len(parsed) == 2
    changed = load_lexicon()
    object.__setattr__(changed, "fingerprint", "another lexicon")  # an editor's new entry may make more relevant
    assert poll(item.format("a") + item.format("b"), changed) == 0 and len(parsed) == 3
