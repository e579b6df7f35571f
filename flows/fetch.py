"""HTTP for feeds and pages: schemes, addresses, redirects, size and time limits, conditional GET."""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from stancewatch.errors import FetchError
from stancewatch.settings import Settings

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
    """An HTTP client with our timeouts and User-Agent; redirects are followed by ``fetch``."""
    return httpx.Client(
        verify=_tls_context(),
        timeout=httpx.Timeout(settings.http_timeout, connect=min(10.0, settings.http_timeout)),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport,
    )


def check_address(url: str, allow_private: bool) -> None:
    """Refuse other schemes and, unless allowed, hosts that resolve to private or loopback addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        raise FetchError(url, f"scheme {parts.scheme or '(none)'!r} is not allowed, only http and https")
    if not parts.hostname:
        raise FetchError(url, "no host in URL")
    try:
        port = parts.port  # "http://host:70000/": urlsplit raises only when asked for the port
    except ValueError as exc:
        raise FetchError(url, f"invalid port in URL ({exc})") from exc
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                url,
                f"host {parts.hostname} resolves to non-public address {address} "
                "(set STANCEWATCH_ALLOW_PRIVATE_ADDRESSES=1 to allow)",
            )


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
    started = time.monotonic()
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
                body = _read_limited(response, current, max_bytes, started + settings.http_total_timeout)
                return _result(current, response, body)
        except httpx.TimeoutException as exc:
            raise FetchError(current, f"timed out ({type(exc).__name__})", retryable=True) from exc
        except httpx.HTTPError as exc:  # a dropped or refused connection, a protocol error
            raise FetchError(current, f"{type(exc).__name__}: {exc}", retryable=True) from exc
        except httpx.InvalidURL as exc:  # not an HTTPError: a URL httpx cannot send at all
            raise FetchError(current, f"invalid URL ({exc})") from exc
    raise FetchError(url, f"more than {settings.max_redirects} redirects")


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


def _read_limited(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body, refused when it is larger than ``max_bytes`` or still trickling in at ``deadline``."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"body of {declared} bytes is over the limit of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"body is over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(url, "timed out (body too slow)")
        chunks.append(chunk)
    return b"".join(chunks)


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
