import pytest

from flows.fetch import check_address, fetch, make_client, public_address
from tests.test_send import certificate  # noqa: F401 (a fixture)
from stancewatch.demosite import serve_site
from core.errors import FetchError
from core.settings import Settings


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


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed", "http://10.1.2.3/x", "http://[::1]/x",
                                 "http://[::127.0.0.1]/x", "http://[64:ff9b::7f00:1]/x", "http://[::ffff:10.0.0.1]/x"])
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

    from sqlalchemy import select

    from flows import stages
    from storage import hosts
    from storage.models import HostSlot

    monkeypatch.setenv("STANCEWATCH_HOST_INTERVAL_SECONDS", "0.3")
    settings = Settings()
    stamps, slots = [], []
    real_reserve = hosts.reserve_slot

    def reserve(session, host, interval):  # the slot each request was given, as the database handed it out
        wait = real_reserve(session, host, interval)
        taken = session.scalar(select(HostSlot.next_allowed_at).where(HostSlot.host == host)) - interval
        slots.append(taken.timestamp())
        return wait

    monkeypatch.setattr(stages.host_store, "reserve_slot", reserve)
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
    # the slots the two workers were given are 0.3 s apart (one shared schedule), and the requests
    # waited for them: the server saw them spread over about five intervals (minus scheduling jitter
    # on a busy machine)
    slot_gaps = [b - a for a, b in zip(sorted(slots), sorted(slots)[1:])]
    assert len(slots) == 6 and min(slot_gaps) >= 0.3 - 1e-3, slot_gaps
    assert len(stamps) == 6 and max(stamps) - min(stamps) >= 5 * 0.3 * 0.8, stamps


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
    assert "timed out" in errors["/slow"].reason and "TOTAL_TIMEOUT" in errors["/slow"].reason
    assert not transient(errors["/slow"])
    refused = FetchError(f"{base}/x", "ConnectError: refused", retryable=True)
    assert transient(refused)


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("169.254.169.254", False), ("::1", False), ("fe80::1", False),
    ("fc00::1", False), ("::ffff:127.0.0.1", False), ("::127.0.0.1", False), ("64:ff9b::7f00:1", False),
    ("64:ff9b::a00:1", False), ("64:ff9b:1::c0a8:101", False), ("2002:7f00:1::1", False), ("::ffff:8.8.8.8", True),
])
def test_every_ipv6_form_of_private_space_is_refused(address, public):
    """IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms carry an IPv4 address: it is checked too (issue 18)."""
    assert public_address(address) is public


def test_a_host_name_is_checked_where_the_connection_resolves_it(home, monkeypatch, ledger):
    """No lookup before the connection: the connection's own lookup is checked, and it connects to the
    address it checked. "localhost" on a server that would answer: refused, and nothing reached it."""
    import http.server
    import threading

    hits = []

    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    monkeypatch.setenv("STANCEWATCH_ALLOW_PRIVATE_ADDRESSES", "0")
    settings = Settings()
    check_address(f"http://loopback.invalid:{port}/x", allow_private=False)  # a name: nothing resolved here
    try:
        with make_client(settings) as client:
            with pytest.raises(FetchError, match="host localhost resolves to non-public address") as caught:
                fetch(client, f"http://localhost:{port}/x", settings, max_bytes=100)
            assert not caught.value.retryable
            with pytest.raises(FetchError, match="cannot resolve host loopback.invalid"):
                fetch(client, f"http://loopback.invalid:{port}/x", settings, max_bytes=100)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert hits == []
    ledger.record("link: host resolving to loopback, checked at connection", True)


def serve_raw_once(handler):
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))

    def run():
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            handler(conn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener, thread


def test_headers_sent_a_byte_at_a_time_run_out_of_the_total_time_and_are_not_retried(home, ledger):
    import time

    from flows.stages import transient

    def trickle(conn):
        conn.recv(4096)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 100:
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                return
            time.sleep(0.1)

    listener, thread = serve_raw_once(trickle)
    settings = Settings(http_timeout=5, http_total_timeout=1)
    started = time.monotonic()
    try:
        with make_client(settings) as client, pytest.raises(FetchError, match="no complete answer within 1 s") as caught:
            fetch(client, f"http://127.0.0.1:{listener.getsockname()[1]}/", settings, max_bytes=1000)
    finally:
        listener.close()
    assert time.monotonic() - started < 3 and not transient(caught.value)
    ledger.record("http: headers one byte at a time", True)


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip"])
def test_a_compressed_body_is_refused_before_it_expands_past_the_limit(home, encoding, ledger):
    import gzip

    inner = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    body = gzip.compress(inner) if encoding == "gzip, gzip" else inner

    def bomb(conn):
        conn.recv(4096)
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            conn.sendall(head + body)
        except OSError:
            pass

    listener, thread = serve_raw_once(bomb)
    settings = Settings()
    reason = "stacked content encodings" if "," in encoding else "over the limit of 1000000 bytes"
    try:
        with make_client(settings) as client, pytest.raises(FetchError, match=reason):
            fetch(client, f"http://127.0.0.1:{listener.getsockname()[1]}/", settings, max_bytes=1_000_000)
    finally:
        listener.close()
    ledger.record(f"http: compression bomb ({encoding})", True)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
def test_a_compressed_body_within_the_limit_is_decoded(home, encoding):
    import gzip
    import zlib

    page = "<html><body><p>Gespräche in Genf</p></body></html>".encode()
    if encoding == "gzip":
        body = gzip.compress(page)
    else:  # zlib's own header, or none (some servers send raw deflate under that name)
        packer = zlib.compressobj(wbits=zlib.MAX_WBITS if encoding == "deflate" else -zlib.MAX_WBITS)
        body = packer.compress(page) + packer.flush()
    name = encoding.split()[-1]

    def ok(conn):
        conn.recv(4096)
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {name}\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

    listener, thread = serve_raw_once(ok)
    settings = Settings()
    try:
        with make_client(settings) as client:
            assert fetch(client, f"http://127.0.0.1:{listener.getsockname()[1]}/", settings, max_bytes=1000).body == page
    finally:
        listener.close()


def test_https_goes_through_the_checked_connection_and_verifies_the_certificate(home, certificate, monkeypatch):
    """TLS over the connection the address check made: the certificate is verified against the host."""
    import http.server
    import ssl
    import threading

    from flows import fetch as fetch_module

    cert, key = certificate

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>sicher</p>")

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{httpd.server_address[1]}/"
    settings = Settings(http_total_timeout=5)
    try:
        with make_client(settings) as client, pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            fetch(client, url, settings, max_bytes=1000)  # not signed by a known authority
        monkeypatch.setattr(fetch_module, "_tls_context", lambda: ssl.create_default_context(cafile=str(cert)))
        with make_client(settings) as client:
            assert fetch(client, url, settings, max_bytes=1000).body == b"<p>sicher</p>"
    finally:
        httpd.shutdown()
        httpd.server_close()
