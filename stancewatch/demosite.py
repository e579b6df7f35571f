"""A small news site on loopback built from article files: RSS, Atom and HTML pages with ETag/304.

Used by `stancewatch demo`, the tests, the benchmark and `scripts/feedsite.py` (a labelled set served
for `scripts/eval_alerts.py`), so all of them go through the real feed and page path.
``serve_outlets`` serves a folder as several sites, one per outlet named in the files' ``url:``
headers, each on a port of its own (the monitor counts one outlet per host and port).
"""

from __future__ import annotations

import hashlib
import html
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from parsers.article import read_article_file
from parsers.types import ArticleText

Route = tuple[str, bytes]  # content type, body


def _published(article: ArticleText, stem: str) -> datetime:
    day = datetime.fromisoformat(article.date or "2026-01-01")
    minute = int(hashlib.sha1(stem.encode()).hexdigest(), 16) % (12 * 60)
    return day.replace(hour=6 + minute // 60, minute=minute % 60, tzinfo=UTC)


def _page(article: ArticleText, base: str, stem: str, teasers: list[tuple[str, str]]) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n") if p.strip())
    related = "\n".join(f'<li><a href="{base}/articles/{s}.html">{html.escape(t)}</a></li>' for s, t in teasers)
    title = html.escape(article.title)
    return f"""<!DOCTYPE html>
<html lang="{article.lang}"><head><meta charset="utf-8"><title>{title} | Demo-Zeitung</title>
<meta property="article:published_time" content="{_published(article, stem).isoformat()}"></head>
<body><div id="cookie-banner">Wir verwenden Cookies. <button>OK</button></div>
<nav><a href="/">Start</a> <a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{title}</h1>
{paragraphs}
</article><aside><h2>Mehr zum Thema</h2><ul>{related}</ul></aside></main>
<footer>© Demo-Zeitung · Impressum · Datenschutz</footer></body></html>
"""


def _item(article: ArticleText, base: str, stem: str, atom: bool) -> str:
    link = f"{base}/articles/{stem}.html"
    title, summary = html.escape(article.title), html.escape(article.text[:280])
    when = _published(article, stem)
    if atom:
        return (f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
                f"<updated>{when.isoformat()}</updated><summary>{summary}</summary></entry>")
    return (f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(when)}</pubDate><description>{summary}</description></item>")


def _files(source: Path | Sequence[Path]) -> list[Path]:
    return sorted(source.glob("*.txt")) if isinstance(source, Path) else sorted(source)


def build_site(source: Path | Sequence[Path], base: str) -> dict[str, Route]:
    """The routes of a folder's (or a list's) article files: /feeds/de.xml and /feeds/all.xml (RSS),
    /feeds/en.atom (Atom), /articles/<stem>.html."""
    articles = {p.stem: read_article_file(p.read_text(encoding="utf-8"), str(p)) for p in _files(source)}
    stems = sorted(articles)
    routes: dict[str, Route] = {}
    for n, stem in enumerate(stems):
        teasers = [(s, articles[s].title) for s in (stems[(n + k) % len(stems)] for k in (1, 2, 3)) if s != stem]
        routes[f"/articles/{stem}.html"] = ("text/html; charset=utf-8", _page(articles[stem], base, stem, teasers).encode())
    rss = "".join(_item(a, base, s, atom=False) for s, a in articles.items() if a.lang == "de")
    atom = "".join(_item(a, base, s, atom=True) for s, a in articles.items() if a.lang == "en")
    routes["/feeds/de.xml"] = ("application/rss+xml; charset=utf-8", (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Demo – Ukraine</title>'
        f"<link>{base}/</link><description>Demo</description>{rss}</channel></rss>").encode())
    everything = "".join(_item(a, base, s, atom=False) for s, a in articles.items())
    routes["/feeds/all.xml"] = ("application/rss+xml; charset=utf-8", (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Demo – alle</title>'
        f"<link>{base}/</link><description>Demo</description>{everything}</channel></rss>").encode())
    routes["/feeds/en.atom"] = ("application/atom+xml; charset=utf-8", (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Demo</title>'
        f"<id>{base}/feeds/en.atom</id><updated>2026-01-31T00:00:00+00:00</updated>{atom}</feed>").encode())
    return routes


class SiteServer(ThreadingHTTPServer):
    """Serves a mutable dict of routes; ``requests`` counts what was asked and answered."""

    daemon_threads = True

    def __init__(self, routes: Mapping[str, Route], host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.routes: dict[str, Route] = dict(routes)
        self.requests: list[tuple[str, int]] = []
        # Seconds each article page takes to answer, like a slow news site: lets a test reach a
        # moment inside a run (a kill amid coding) whatever the machine's speed.
        self.page_delay = 0.0

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A reader that went away mid-answer (a killed run) is no error of the site's."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    # Like a news site's servers: connections are kept open between requests (HTTP/1.1), and small
    # writes go out at once rather than waiting on the client's delayed ACK (Nagle).
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.server.requests.append((self.path, 404))
            self.send_error(404)
            return
        kind, body = route
        if self.server.page_delay and self.path.startswith("/articles/"):
            time.sleep(self.server.page_delay)
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self.server.requests.append((self.path, 304))
            self.send_response(304)
            self.end_headers()
            return
        self.server.requests.append((self.path, 200))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(folder: Path | Sequence[Path] | None = None,
               routes: Mapping[str, Route] | None = None) -> Iterator[SiteServer]:
    """Serve the site built from ``folder`` (or a list of article files, or given routes) on an
    ephemeral loopback port."""
    server = SiteServer(routes or {})
    if folder is not None:
        server.routes.update(build_site(folder, server.base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def outlets(folder: Path) -> dict[str, dict[str, list[Path]]]:
    """The folder's article files by outlet and language: the outlet is the host of a file's ``url:``
    header without ``www.`` (files without one belong to ``demo``)."""
    found: dict[str, dict[str, list[Path]]] = {}
    for path in sorted(folder.glob("*.txt")):
        article = read_article_file(path.read_text(encoding="utf-8"), str(path))
        host = (urlsplit(article.url).hostname or "demo").removeprefix("www.")
        found.setdefault(host, {}).setdefault(article.lang, []).append(path)
    return found


@contextmanager
def serve_outlets(folder: Path) -> Iterator[dict[str, tuple[SiteServer, list[str]]]]:
    """Serve each outlet of ``folder`` as a site of its own; yields outlet -> (server, its languages)."""
    with ExitStack() as stack:
        yield {name: (stack.enter_context(serve_site([p for paths in by_lang.values() for p in paths])),
                      sorted(by_lang))
               for name, by_lang in outlets(folder).items()}
