"""A synthetic but realistic news corpus for the pipeline benchmark.

Articles are recombined from the project's own articles (``data/demo``, written for the project,
and ``data/seeds``): a lead paragraph from one source article, then paragraphs drawn from every article
of the same language, shuffled, up to a length drawn log-uniformly between 1.8 and 15 KB. Each has a
unique title, URL, publication time and an update line, so no two texts hash alike. Pages are full
news-site HTML (consent banner, navigation, JSON-LD, byline, figure, subheadings, inline teasers, ad
slots, share bar, related and most-read lists, newsletter box, comments, footer, scripts); feeds are
RSS 2.0 and Atom, each listing its share of the articles of its language.
"""

from __future__ import annotations

import html
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from parsers.article import read_article_file
from parsers.types import ArticleText

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = (ROOT / "data" / "demo", ROOT / "data" / "seeds")

MIN_TEXT_BYTES, MAX_TEXT_BYTES = 1_800, 15_000
FIRST_PUBLISHED = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)

Route = tuple[str, bytes]  # content type, body (as stancewatch.demosite serves them)

_SITE = {
    "de": {
        "name": "Rheinische Rundschau",
        "sections": ["Politik", "Ausland", "Wirtschaft", "Meinung", "Kultur", "Sport", "Wissen", "Panorama",
                     "Digital", "Reise", "Auto", "Gesundheit", "Karriere", "Video", "Podcast", "Newsletter"],
        "authors": ["Anna Vogt", "Jonas Kramer", "Miriam Schulte", "Peter Lindner", "Sabine Roth", "Tobias Heller"],
        "kickers": ["Ukraine-Krieg", "Verhandlungen", "Diplomatie", "Analyse", "Kommentar", "Hintergrund"],
        "update": "Stand: {d:%d.%m.%Y}, {d:%H:%M} Uhr",
        "title": "{title} – Stand {d:%d.%m.}, {d:%H:%M} Uhr",
        "consent": "Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen "
                   "zu personalisieren. Mit Klick auf „Akzeptieren“ stimmen Sie der Verarbeitung zu.",
        "accept": "Akzeptieren", "settings": "Einstellungen",
        "read_too": "Lesen Sie auch", "more": "Mehr zum Thema", "most_read": "Meistgelesen",
        "share": "Artikel teilen", "newsletter": "Der Morgen-Newsletter: Jeden Tag um 6 Uhr das Wichtigste "
                                                 "aus Politik und Wirtschaft. Jetzt kostenlos abonnieren.",
        "comments": "Kommentare", "tags": "Schlagworte", "photo": "Foto", "ad": "Anzeige",
        "footer": ["Impressum", "Datenschutz", "AGB", "Kontakt", "Mediadaten", "Jobs", "Abo", "E-Paper", "Archiv",
                   "Barrierefreiheit", "Cookie-Einstellungen", "Hilfe"],
        "subheads": ["Was bisher bekannt ist", "Die Reaktionen", "Wie es weitergeht", "Streitpunkt Sicherheit",
                     "Die Rolle Washingtons", "Was Moskau fordert", "Europas Position", "Einordnung"],
        "comment_texts": ["Endlich bewegt sich etwas.", "Ich bin skeptisch, ob das hält.",
                          "Guter Artikel, danke für die Einordnung.", "Wer soll das garantieren?"],
    },
    "en": {
        "name": "The Northern Courier",
        "sections": ["World", "Europe", "Politics", "Business", "Opinion", "Culture", "Sport", "Science",
                     "Tech", "Travel", "Health", "Video", "Podcasts", "Newsletters", "Puzzles", "Weather"],
        "authors": ["Emma Clarke", "James Whitfield", "Priya Nair", "Daniel Okafor", "Laura Bennett", "Sam Reid"],
        "kickers": ["Ukraine war", "Peace talks", "Diplomacy", "Analysis", "Comment", "Explainer"],
        "update": "Updated {d:%B} {d.day}, {d:%Y}, {d:%H:%M} GMT",
        "title": "{title} – update {d:%b} {d.day}, {d:%H:%M} GMT",
        "consent": "We and our partners use cookies and similar technologies to personalise content and ads. "
                   "By clicking “Accept” you agree to this processing.",
        "accept": "Accept", "settings": "Manage settings",
        "read_too": "Read more", "more": "More on this story", "most_read": "Most read",
        "share": "Share this article", "newsletter": "First Edition: the day's top stories in your inbox "
                                                     "every morning. Sign up for free.",
        "comments": "Comments", "tags": "Topics", "photo": "Photo", "ad": "Advertisement",
        "footer": ["About us", "Privacy policy", "Terms", "Contact", "Advertise", "Jobs", "Subscribe", "Archive",
                   "Accessibility", "Cookie settings", "Help", "Corrections"],
        "subheads": ["What we know", "The reactions", "What happens next", "Security guarantees",
                     "Washington's role", "What Moscow wants", "Europe's position", "Analysis"],
        "comment_texts": ["Finally some movement.", "I doubt this will hold.",
                          "Helpful piece, thanks.", "Who is going to guarantee that?"],
    },
}

_TRACKING_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-BENCH0000');"
    + "".join(f"(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'slot{n}':i}});}})(window,document,'script','ads',{n});"
              for n in range(40))
)
_STYLE = "".join(f".c{n}{{margin:{n % 7}px;padding:{n % 5}px;color:#{n * 9973 % 0xFFFFFF:06x}}}" for n in range(120))


@dataclass(frozen=True)
class BenchArticle:
    """One generated article: what the page shows and the feed announces."""

    number: int
    lang: str
    title: str
    text: str  # paragraphs separated by blank lines
    published: datetime
    path: str  # URL path on the site
    section: str
    author: str
    kicker: str

    @property
    def summary(self) -> str:
        first = self.text.split("\n\n", 2)[1] if self.text.count("\n\n") >= 1 else self.text
        return first[:280]


@dataclass(frozen=True)
class BenchFeed:
    name: str
    lang: str
    path: str
    atom: bool
    articles: tuple[BenchArticle, ...]


def load_sources() -> dict[str, list[ArticleText]]:
    """The source articles, by language."""
    by_lang: dict[str, list[ArticleText]] = defaultdict(list)
    for folder in SOURCE_DIRS:
        for path in sorted(folder.glob("*.txt")):
            article = read_article_file(path.read_text(encoding="utf-8"), str(path))
            by_lang[article.lang].append(article)
    return dict(by_lang)


def _paragraphs(article: ArticleText) -> list[str]:
    return [p.strip() for p in article.text.split("\n") if p.strip()]


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def _slug(title: str) -> str:
    """A URL path segment as news sites make it: lower-case ASCII words joined by hyphens."""
    keep = "".join(ch.lower() if ch.isascii() and ch.isalnum() else "-" for ch in title.translate(_ASCII))
    return "-".join(part for part in keep.split("-") if part)[:70]


def make_articles(count: int, seed: int = 20260105) -> list[BenchArticle]:
    """``count`` recombined articles, languages in the proportion of the source articles."""
    rng = random.Random(seed)
    sources = load_sources()
    langs = sorted(sources)
    total = sum(len(sources[lang]) for lang in langs)
    pools = {lang: [p for a in sources[lang] for p in _paragraphs(a)] for lang in langs}
    weights = [len(sources[lang]) / total for lang in langs]
    articles = []
    for number in range(count):
        lang = rng.choices(langs, weights)[0] if number >= len(langs) else langs[number]
        site = _SITE[lang]
        base = sources[lang][number % len(sources[lang])]
        published = FIRST_PUBLISHED + timedelta(minutes=37 * number + rng.randrange(30))
        target = math.exp(rng.uniform(math.log(MIN_TEXT_BYTES), math.log(MAX_TEXT_BYTES)))
        lead = _paragraphs(base)[0]
        rest = [p for p in pools[lang] if p != lead]
        rng.shuffle(rest)
        chosen = [site["update"].format(d=published), lead]
        size = sum(len(p.encode()) for p in chosen)
        for paragraph in rest:
            if size >= target:
                break
            chosen.append(paragraph)
            size += len(paragraph.encode()) + 2
        title = site["title"].format(title=base.title or lead[:80], d=published)
        section = site["sections"][number % 3]
        path = f"/{section.lower()}/{published:%Y/%m/%d}/{_slug(base.title or lead)}-{number:06d}.html"
        articles.append(BenchArticle(
            number=number, lang=lang, title=title, text="\n\n".join(chosen), published=published, path=path,
            section=section, author=rng.choice(site["authors"]), kicker=rng.choice(site["kickers"]),
        ))
    return articles


def make_feeds(articles: list[BenchArticle], count: int) -> list[BenchFeed]:
    """``count`` feeds (at least one per language present); each lists its share of its language's articles."""
    by_lang: dict[str, list[BenchArticle]] = defaultdict(list)
    for article in articles:
        by_lang[article.lang].append(article)
    langs = sorted(by_lang)
    count = max(count, len(langs))
    shares = {lang: max(1, round(count * len(by_lang[lang]) / len(articles))) for lang in langs}
    while sum(shares.values()) > count:  # rounding may give one too many
        shares[max(shares, key=lambda lang: shares[lang])] -= 1
    while sum(shares.values()) < count:
        shares[max(shares, key=lambda lang: len(by_lang[lang]) / shares[lang])] += 1
    feeds = []
    for lang in langs:
        n_feeds = shares[lang]
        for k in range(n_feeds):
            name = f"bench-{lang}-{k:03d}"
            atom = k % 2 == 1
            path = f"/feeds/{name}." + ("atom" if atom else "xml")
            feeds.append(BenchFeed(name, lang, path, atom, tuple(by_lang[lang][k::n_feeds])))
    return feeds


def page_html(article: BenchArticle, base: str, related: list[BenchArticle]) -> str:
    """A news page as a CMS renders it."""
    site = _SITE[article.lang]
    e = html.escape
    url = base + article.path
    paragraphs = article.text.split("\n\n")
    update_line, body = paragraphs[0], paragraphs[1:]
    parts: list[str] = []
    for n, paragraph in enumerate(body):
        if n and n % 4 == 0:
            parts.append(f"<h2>{e(site['subheads'][(article.number + n) % len(site['subheads'])])}</h2>")
        parts.append(f"<p>{e(paragraph)}</p>")
        if n == 2 and related:
            r = related[0]
            parts.append(f'<div class="inline-teaser"><span>{e(site["read_too"])}</span> '
                         f'<a href="{base}{r.path}">{e(r.title)}</a></div>')
        if n == 5:
            parts.append(f'<div class="ad-slot" data-slot="mid-{n}"><span>{e(site["ad"])}</span></div>')
    nav = "".join(f'<li><a href="/{s.lower()}/">{e(s)}</a></li>' for s in site["sections"])
    sub_nav = "".join(f'<li><a href="/{article.section.lower()}/{k}/">{e(k)}</a></li>' for k in site["kickers"])
    related_items = "".join(
        f'<li><a href="{base}{r.path}"><img src="/img/{r.number}.jpg" alt=""><span>{e(r.title)}</span></a></li>'
        for r in related
    )
    most_read = "".join(f'<li><a href="{base}{r.path}">{e(r.title)}</a></li>' for r in reversed(related))
    comments = "".join(
        f'<li class="comment"><b>leser{(article.number * 7 + k) % 997}</b> <p>{e(text)}</p></li>'
        for k, text in enumerate(site["comment_texts"])
    )
    footer = "".join(f'<li><a href="/service/{_slug(x)}">{e(x)}</a></li>' for x in site["footer"])
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.published.isoformat(), "dateModified": article.published.isoformat(),
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": site["name"]},
        "mainEntityOfPage": url, "inLanguage": article.lang, "articleSection": article.section,
    }, ensure_ascii=False)
    title = e(article.title)
    return f"""<!DOCTYPE html>
<html lang="{article.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {e(site['name'])}</title>
<meta name="description" content="{e(article.summary)}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:url" content="{url}"><meta property="og:site_name" content="{e(site['name'])}">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta name="author" content="{e(article.author)}">
<script type="application/ld+json">{ld}</script>
<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js" defer></script>
<style>{_STYLE}</style>
<script>{_TRACKING_SCRIPT}</script>
</head><body class="article-page">
<div id="consent" class="cmp-banner" role="dialog"><p>{e(site['consent'])}</p>
<button class="accept">{e(site['accept'])}</button> <button class="settings">{e(site['settings'])}</button></div>
<header class="site-header"><a class="logo" href="/">{e(site['name'])}</a>
<nav class="main-nav"><ul>{nav}</ul></nav><nav class="sub-nav"><ul>{sub_nav}</ul></nav>
<form class="search" action="/suche"><input name="q" type="search"><button>Go</button></form></header>
<div class="breadcrumb"><a href="/">{e(site['name'])}</a> › <a href="/{article.section.lower()}/">{e(article.section)}</a></div>
<div class="ad-slot" data-slot="top"><span>{e(site['ad'])}</span></div>
<main><article class="story">
<header><span class="kicker">{e(article.kicker)}</span><h1>{title}</h1>
<p class="byline">{e(article.author)} · <time datetime="{article.published.isoformat()}">{e(update_line)}</time></p></header>
<figure><img src="/img/{article.number}-lead.jpg" alt="{title}" width="1200" height="675">
<figcaption>{e(article.kicker)} · {e(site['photo'])}: dpa</figcaption></figure>
<div class="article-body">
{chr(10).join(parts)}
</div>
<div class="share"><span>{e(site['share'])}</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a> <a href="#">E-Mail</a></div>
<div class="tags"><span>{e(site['tags'])}:</span> <a href="/thema/ukraine">Ukraine</a> <a href="/thema/russland">Russland</a> <a href="/thema/usa">USA</a></div>
</article>
<aside class="sidebar"><section><h2>{e(site['more'])}</h2><ul>{related_items}</ul></section>
<section class="newsletter"><p>{e(site['newsletter'])}</p><form><input type="email"><button>OK</button></form></section>
<section><h2>{e(site['most_read'])}</h2><ol>{most_read}</ol></section></aside>
</main>
<section id="comments"><h2>{e(site['comments'])} ({len(site['comment_texts'])})</h2><ul>{comments}</ul></section>
<footer class="site-footer"><ul>{footer}</ul><p>© 2026 {e(site['name'])}</p></footer>
<script>document.querySelectorAll('.cmp-banner .accept').forEach(function(b){{b.onclick=function(){{b.parentNode.remove()}}}});</script>
</body></html>
"""


def feed_xml(feed: BenchFeed, base: str) -> bytes:
    """The feed document: RSS 2.0 or Atom, newest entry first."""
    e = html.escape
    site = _SITE[feed.lang]
    items = sorted(feed.articles, key=lambda a: a.published, reverse=True)
    if feed.atom:
        entries = "".join(
            f'<entry><title>{e(a.title)}</title><link href="{base}{a.path}"/><id>{base}{a.path}</id>'
            f"<updated>{a.published.isoformat()}</updated><published>{a.published.isoformat()}</published>"
            f"<author><name>{e(a.author)}</name></author><summary>{e(a.summary)}</summary></entry>"
            for a in items
        )
        updated = (items[0].published if items else FIRST_PUBLISHED).isoformat()
        doc = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
               f"<title>{e(site['name'])} – {feed.name}</title><id>{base}{feed.path}</id>"
               f'<link href="{base}/"/><updated>{updated}</updated>{entries}</feed>')
    else:
        entries = "".join(
            f"<item><title>{e(a.title)}</title><link>{base}{a.path}</link><guid>{base}{a.path}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate><description>{e(a.summary)}</description></item>"
            for a in items
        )
        doc = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
               f"<title>{e(site['name'])} – {feed.name}</title><link>{base}/</link>"
               f"<description>{e(feed.name)}</description><language>{feed.lang}</language>{entries}</channel></rss>")
    return doc.encode("utf-8")


@dataclass(frozen=True)
class Corpus:
    articles: list[BenchArticle]
    feeds: list[BenchFeed]
    routes: dict[str, Route]

    def pages(self, base: str) -> list[tuple[str, bytes]]:
        """(URL, HTML bytes) of every article page."""
        return [(base + a.path, self.routes[a.path][1]) for a in self.articles]


def build_corpus(articles: int, feeds: int, base: str, seed: int = 20260105) -> Corpus:
    """The articles, feeds and routes of the benchmark site served at ``base``."""
    generated = make_articles(articles, seed)
    feed_list = make_feeds(generated, feeds)
    by_lang: dict[str, list[BenchArticle]] = defaultdict(list)
    for article in generated:
        by_lang[article.lang].append(article)
    position = {a.number: n for same in by_lang.values() for n, a in enumerate(same)}
    routes: dict[str, Route] = {}
    for article in generated:
        same, at = by_lang[article.lang], position[article.number]
        related = [same[(at + k) % len(same)] for k in (1, 2, 3, 5, 8) if same[(at + k) % len(same)] is not article]
        routes[article.path] = ("text/html; charset=utf-8", page_html(article, base, related).encode("utf-8"))
    for feed in feed_list:
        kind = "application/atom+xml" if feed.atom else "application/rss+xml"
        routes[feed.path] = (f"{kind}; charset=utf-8", feed_xml(feed, base))
    return Corpus(generated, feed_list, routes)
