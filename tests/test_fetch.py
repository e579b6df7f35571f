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


def test_body_over_the_limit_is_refused(site, home):
    settings = Settings()
    with make_client(settings) as client, pytest.raises(FetchError, match="over the limit"):
        fetch(client, f"{site.base}/big", settings, max_bytes=1000)


def test_missing_page_names_the_url_and_status(site, home):
    settings = Settings()
    with make_client(settings) as client, pytest.raises(FetchError, match=r"/nope: HTTP 404"):
        fetch(client, f"{site.base}/nope", settings, max_bytes=1000)


def test_redirect_loop_stops_after_the_limit(home):
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


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError, match="not allowed"):
        check_address(url, allow_private=True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed", "http://localhost/feed", "http://10.1.2.3/x", "http://[::1]/x"])
def test_private_and_loopback_addresses_are_refused_unless_allowed(url):
    with pytest.raises(FetchError, match="STANCEWATCH_ALLOW_PRIVATE_ADDRESSES"):
        check_address(url, allow_private=False)
    check_address(url, allow_private=True)


def test_every_redirect_hop_is_checked(home):
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
