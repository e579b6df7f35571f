"""HTTP for feeds and pages: schemes, addresses, redirects, size and time limits, conditional GET."""

from __future__ import annotations

import functools
import ipaddress
import math
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from core.errors import FetchError
from core.settings import Settings

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_CODES = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchResult:
    """What a GET brought back: 304 has no body."""

    url: str  # the final URL after redirects
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    content_location: str | None = None  # a feed's base for relative links, when the server names one

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    # Loading the CA store costs ~20 ms of CPU under the GIL; one context serves every client.
    return ssl.create_default_context()


def make_client(settings: Settings, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An HTTP client with our timeouts and User-Agent; redirects are followed by ``fetch``. Its
    connections check the address they connect to (``_CheckedBackend``) and keep ``fetch``'s total
    deadline."""
    return httpx.Client(
        verify=_tls_context(),
        timeout=httpx.Timeout(settings.http_timeout, connect=min(10.0, settings.http_timeout)),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport or _checked_transport(settings.allow_private_addresses),
    )


def _checked_transport(allow_private: bool) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(verify=_tls_context())
    # httpx builds its httpcore pool with the default network backend and offers no parameter for
    # another: the pool is built again, the same way, with ours (a test fails if httpx renames it)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_tls_context(), max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0,
        network_backend=_CheckedBackend(allow_private))
    return transport


def check_address(url: str, allow_private: bool) -> None:
    """Refuse other schemes, URLs without a host or with a bad port, and, unless allowed, a host given
    as a non-public address. A host name is checked where it is resolved: by the connection itself."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        raise FetchError(url, f"scheme {parts.scheme or '(none)'!r} is not allowed, only http and https")
    if not parts.hostname:
        raise FetchError(url, "no host in URL")
    try:
        parts.port  # noqa: B018 ("http://host:70000/": urlsplit raises only when asked for the port)
    except ValueError as exc:
        raise FetchError(url, f"invalid port in URL ({exc})") from exc
    if allow_private:
        return
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None and not public_address(str(literal)):
        raise FetchError(url, _non_public(parts.hostname, parts.hostname))


# IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (::/96) and NAT64
# (64:ff9b::/96, the local-use 64:ff9b:1::/48); IPv4-mapped, 6to4 and Teredo have ipaddress helpers
_EMBEDDING_IPV4 = tuple(ipaddress.ip_network(n) for n in ("::/96", "64:ff9b::/96", "64:ff9b:1::/48"))


def public_address(address: str) -> bool:
    """Is the address public, and so is any IPv4 address it carries ("::ffff:127.0.0.1",
    "::127.0.0.1", "64:ff9b::7f00:1" and 6to4/Teredo forms of private space are not)?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    carried: list[ipaddress.IPv4Address] = []
    if isinstance(ip, ipaddress.IPv6Address):
        carried += [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
        carried += list(ip.teredo or ())
        if any(ip in network for network in _EMBEDDING_IPV4):
            carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return ip.is_global and all(a.is_global for a in carried)


def _non_public(host: str, address: str) -> str:
    return f"host {host} resolves to non-public address {address} (set STANCEWATCH_ALLOW_PRIVATE_ADDRESSES=1 to allow)"


class NonPublicAddress(httpcore.ConnectError):
    """The host resolved to an address the settings do not allow; the message says which. A
    ConnectError itself, as httpcore's pool drops an exception's cause when it re-raises it."""


# The total deadline of the request this thread is making (``fetch`` sets it): every connect, TLS
# handshake, read and write waits at most until then, so headers sent a byte a second cannot hold
# a run past it. httpx's own timeouts are per operation.
_request = threading.local()


def _wait(timeout: float | None) -> float | None:
    deadline: float | None = getattr(_request, "deadline", None)
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("the request's total time ran out")
    return min(timeout if timeout is not None else math.inf, remaining)


class _CheckedBackend(httpcore.SyncBackend):
    """Connects to the address its own lookup found and checked (no second lookup between the check
    and the connection, so a name cannot resolve to a public address for the check and a private
    one for the connection), and keeps the request's total deadline on every operation."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        if self.allow_private:
            return _DeadlineStream(super().connect_tcp(host, port, _wait(timeout), local_address, socket_options))
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        refused = next((a for a in addresses if not public_address(a)), None)
        if refused is not None:
            raise NonPublicAddress(_non_public(host, refused))
        error: Exception | None = None
        for address in addresses:  # the checked addresses themselves, in the resolver's order
            try:
                return _DeadlineStream(super().connect_tcp(address, port, _wait(timeout), local_address, socket_options))
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for host {host}")


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _wait(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _wait(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, _wait(timeout)))

    def get_extra_info(self, info: str) -> object:
        return self.inner.get_extra_info(info)


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url`` following redirects by hand, so that every hop is checked; raise FetchError."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    deadline = time.monotonic() + settings.http_total_timeout  # for all hops: connect, headers and body
    _request.deadline = deadline
    try:
        for _hop in range(settings.max_redirects + 1):
            check_address(current, settings.allow_private_addresses)
            try:
                with client.stream("GET", current, headers=headers) as response:
                    if response.status_code in REDIRECT_CODES and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return _result(current, response, b"")
                    if response.status_code >= 400:
                        raise FetchError(current, f"HTTP {response.status_code}", _retry_after(response),
                                         retryable=response.status_code >= 500)
                    body = _read_limited(response, current, max_bytes, deadline)
                    return _result(current, response, body)
            except httpx.TimeoutException as exc:
                if time.monotonic() >= deadline - 0.05:  # its whole time is spent: no second try in this run
                    raise FetchError(current, f"timed out: no complete answer within {settings.http_total_timeout:g} s "
                                              "(STANCEWATCH_HTTP_TOTAL_TIMEOUT)") from exc
                raise FetchError(current, f"timed out ({type(exc).__name__})", retryable=True) from exc
            except httpx.HTTPError as exc:  # a dropped or refused connection, a protocol error
                refused = _cause(exc, NonPublicAddress)
                if refused is not None:
                    raise FetchError(current, str(refused)) from exc
                raise FetchError(current, f"{type(exc).__name__}: {exc}", retryable=True) from exc
            except httpx.InvalidURL as exc:  # not an HTTPError: a URL httpx cannot send at all
                raise FetchError(current, f"invalid URL ({exc})") from exc
        raise FetchError(url, f"more than {settings.max_redirects} redirects")
    finally:
        _request.deadline = None


def _cause(exc: BaseException, kind: type[Exception]) -> Exception | None:
    """The first exception of ``kind`` in ``exc``'s chain of causes."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), if there is one."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# Content codings decoded here, each bounded in its output; we ask for no others (Accept-Encoding).
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def _read_limited(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    """The decoded body, refused when it is larger than ``max_bytes`` (decoded or not) or still
    trickling in at ``deadline``. Decoding is bounded in its output: a small compressed body that
    would expand to gigabytes is refused once it passes the limit, having used about the limit's
    memory. Stacked codings ("gzip, gzip") are refused outright."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"body of {declared} bytes is over the limit of {max_bytes}")
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise FetchError(url, f"stacked content encodings ({', '.join(codings)}) are refused")
    if codings and codings[0] not in _DECODERS:
        raise FetchError(url, f"content encoding {codings[0]!r} is not supported")
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded(response.iter_raw(), _DECODERS[codings[0]] if codings else None, max_bytes, url):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"body is over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(url, "timed out: the body was still arriving when the total time ran out "
                                  "(STANCEWATCH_HTTP_TOTAL_TIMEOUT)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded(raw: Iterator[bytes], wbits: int | None, max_bytes: int, url: str) -> Iterator[bytes]:
    """The raw chunks decoded with zlib, never more than ``max_bytes + 1`` bytes out of one call."""
    if wbits is None:
        yield from raw
        return
    decoder = zlib.decompressobj(wbits)
    started = False
    try:
        for chunk in raw:
            data = chunk
            while data:
                try:
                    out = decoder.decompress(data, max_bytes + 1)
                except zlib.error:
                    if started or wbits != zlib.MAX_WBITS:
                        raise
                    # "deflate" sent without its zlib header, as some servers do (httpx reads it too)
                    decoder, wbits = zlib.decompressobj(-zlib.MAX_WBITS), -zlib.MAX_WBITS
                    continue
                started = True
                yield out
                data = decoder.unconsumed_tail
                if not out and data:  # no progress: a broken stream
                    break
        yield decoder.flush()
    except zlib.error as exc:
        raise FetchError(url, f"body cannot be decoded ({exc})") from exc


def _result(url: str, response: httpx.Response, body: bytes) -> FetchResult:
    return FetchResult(
        url=url,
        status=response.status_code,
        body=body,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        content_location=response.headers.get("content-location"),
    )
