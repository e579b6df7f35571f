import pytest

from flows.fetch import check_address, fetch, make_client
from stancewatch.demosite import serve_site
from stancewatch.errors import FetchError
from stancewatch.settings import Settings


@pytest.fixture
def site():
    routes = {
        "/feed": ("application/rss+xml", b'<rss version="2.0"><channel><title>t</title></channel></rss>'),
        "/big": ("text/html", b"x" * 5000),
    }
    with serve_site(routes=routes) as server:
        yield server


def test_conditional_get_returns_304_with_stored_etag(site, home):
    settings = Settings()
    with make_client(settings) as client:
        first = fetch(client, f"{site.base}/feed", settings, max_bytes=10_000)
        second = fetch(client, f"{site.base}/feed", settings, max_bytes=10_000, etag=first.etag)
    assert first.status == 200 and first.etag
    assert second.not_modified and second.body == b""


def test_body_over_the_limit_is_refused(site, home, ledger):
    settings = Settings()
    with make_client(settings) as client, pytest.raises(FetchError, match="over the limit"):
        fetch(client, f"{site.base}/big", settings, max_bytes=1000)
    ledger.record("page: larger than the size limit", True)


def test_missing_page_names_the_url_and_status(site, home, ledger):
    settings = Settings()
    with make_client(settings) as client, pytest.raises(FetchError, match=r"/nope: HTTP 404"):
        fetch(client, f"{site.base}/nope", settings, max_bytes=1000)
    ledger.record("page: 404", True)


def test_redirect_loop_stops_after_the_limit(home, ledger):
    import http.server
    import threading

    class Loop(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "/again")
            self.end_headers()

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Loop)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        settings = Settings(max_redirects=3)
        with make_client(settings) as client, pytest.raises(FetchError, match="more than 3 redirects"):
            fetch(client, f"http://127.0.0.1:{httpd.server_address[1]}/start", settings, max_bytes=1000)
    finally:
        httpd.shutdown()
        httpd.server_close()
    ledger.record("page: redirect loop", True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url, ledger):
    with pytest.raises(FetchError, match="not allowed"):
        check_address(url, allow_private=True)
    ledger.record(f"link: scheme of {url}", True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed", "http://localhost/feed", "http://10.1.2.3/x", "http://[::1]/x"])
def test_private_and_loopback_addresses_are_refused_unless_allowed(url, ledger):
    with pytest.raises(FetchError, match="STANCEWATCH_ALLOW_PRIVATE_ADDRESSES"):
        check_address(url, allow_private=False)
    check_address(url, allow_private=True)
    ledger.record(f"link: private address {url}", True)


def test_every_redirect_hop_is_checked(home, ledger):
    import http.server
    import threading

    class ToFile(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ToFile)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        settings = Settings()
        with make_client(settings) as client, pytest.raises(FetchError, match="scheme 'file' is not allowed"):
            fetch(client, f"http://127.0.0.1:{httpd.server_address[1]}/x", settings, max_bytes=1000)
    finally:
        httpd.shutdown()
        httpd.server_close()
    ledger.record("link: redirect to a forbidden scheme", True)


def test_requests_to_one_host_keep_their_distance_across_workers(home, monkeypatch):
    """Two workers (threads with their own batches) share the per-host interval through the database."""
    import threading
    import time

    from flows.analyse import PageJob
    from flows.stages import fetch_pages

    monkeypatch.setenv("STANCEWATCH_HOST_INTERVAL_SECONDS", "0.3")
    settings = Settings()
    stamps = []
    routes = {f"/p{i}": ("text/html", b"<html><body>x</body></html>") for i in range(6)}
    with serve_site(routes=routes) as site:
        original = site.RequestHandlerClass.do_GET

        def stamped(handler):
            stamps.append(time.monotonic())
            original(handler)

        monkeypatch.setattr(site.RequestHandlerClass, "do_GET", stamped)
        batches = [[PageJob(i, f"{site.base}/p{i}", "", "", "de") for i in range(n, n + 3)] for n in (0, 3)]
        workers = [threading.Thread(target=fetch_pages, args=(batch, settings)) for batch in batches]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    gaps = [b - a for a, b in zip(sorted(stamps), sorted(stamps)[1:])]
    # slots are 0.3 s apart when requests start; the server sees them with scheduling jitter
    assert len(stamps) == 6 and sum(gaps) >= 5 * 0.3 * 0.95 and min(gaps) >= 0.15


def test_retry_is_decided_by_the_failure_kind_not_its_message(home):
    """A 5xx or a dropped connection may pass; a 404 will not, and a body that ran out of the total
    time already had its whole time (stages.transient reads FetchError.retryable)."""
    import http.server
    import threading
    import time

    from flows.stages import transient

    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(6):  # a trickle that outlasts the total timeout below
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                    time.sleep(0.4)
                return
            self.send_response(503 if self.path == "/busy" else 404)
            self.end_headers()

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings = Settings(http_total_timeout=1)
    errors = {}
    try:
        with make_client(settings) as client:
            for path in ("/busy", "/missing", "/slow"):
                with pytest.raises(FetchError) as caught:
                    fetch(client, base + path, settings, max_bytes=10_000)
                errors[path] = caught.value
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert transient(errors["/busy"]) and errors["/busy"].reason == "HTTP 503"
    assert not transient(errors["/missing"])
    assert "body too slow" in errors["/slow"].reason and not transient(errors["/slow"])
    refused = FetchError(f"{base}/x", "ConnectError: refused", retryable=True)
    assert transient(refused)
