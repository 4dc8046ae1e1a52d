"""Fetching one http(s) page for `claimkit import`: public addresses only, one time limit for
the whole fetch, a size cap, http(s) redirects only.

Each hop (the URL, then every redirect) resolves its host once, checks every address the name
has (`addresses`), and connects to the checked address itself, so a name that answers
differently the second time (DNS rebinding) cannot lead elsewhere. The time limit covers the
whole fetch, redirects and name look-ups included: a server that sends one byte at a time is
cut off when it runs out. Proxies from the environment are not used: a proxy would make the
connection to an address claimkit could not check.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from claimkit import __version__
from claimkit.claimreview.read import http_url
from claimkit.core.diagnostics import Diagnostic
from claimkit.core.limits import MAX_IMPORT_BYTES
from claimkit.importing.addresses import Address, AddressPolicy

TIMEOUT = 20.0  # seconds for a whole fetch, redirects included
MAX_REDIRECTS = 5
USER_AGENT = f"claimkit/{__version__} (+import of ClaimReview markup)"
ACCEPT = "application/ld+json, application/json;q=0.9, text/html;q=0.8, */*;q=0.1"
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 1 << 16


class FetchError(Exception):
    """A URL could not be read; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the address it ended at, its text, and whether that text is HTML."""

    url: str
    text: str
    is_html: bool


class _OutOfTime(Exception):
    pass


class _Deadline:
    """The time left for one fetch; `watch` closes a connection the moment it runs out, so no
    read can outlast it, however slowly the bytes come."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime
        return remaining

    def watch(self, conn: http.client.HTTPConnection) -> threading.Timer:
        def cut() -> None:
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.left(), cut)
        timer.daemon = True
        timer.start()
        return timer


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever its host name resolves to later."""

    def __init__(self, host: str, port: int, address: Address, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def _socket(self) -> socket.socket:
        # Straight to the address: no second look-up, not even of the address's own text.
        family = socket.AF_INET6 if self.address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect((str(self.address), self.port))
        except BaseException:
            sock.close()
            raise
        return sock

    def connect(self) -> None:
        self.sock = self._socket()


class _PinnedHTTPS(_PinnedHTTP):
    default_port = 443

    def connect(self) -> None:
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self._socket(), server_hostname=self.host)


def _fail(url: str, message: str, code: str = "fetch-failed") -> FetchError:
    return FetchError(Diagnostic.make(url, None, code, message))


def _charset(headers: Message) -> str:
    charset = headers.get_content_charset() or "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"


def _resolve(host: str, port: int, deadline: _Deadline) -> list[Address]:
    """Every address of `host`, looked up once, within the time left."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    answer: list[object] = []

    def look_up() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            answer.append(exc)

    thread = threading.Thread(target=look_up, daemon=True)
    thread.start()
    thread.join(deadline.left())
    if not answer:
        raise _OutOfTime
    if isinstance(answer[0], OSError):
        raise answer[0]
    infos = answer[0]
    assert isinstance(infos, list)
    found: list[Address] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    if not found:
        raise OSError(f"no address for {host}")
    return found


def _connect(url: str, policy: AddressPolicy, deadline: _Deadline) -> _PinnedHTTP:
    """A connection for `url` to an address the policy allows (every address of its host
    must be allowed); FetchError with `fetch-refused` before any connection otherwise."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port, deadline)
    for address in addresses:
        why = policy.refusal(address, port)
        if why is not None:
            named = host if host == str(address) else f"{host} ({address})"
            raise _fail(
                url,
                f"{named} is {why}: import fetches only public addresses "
                "(--allow-private fetches others)",
                "fetch-refused",
            )
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    return kind(host, port, addresses[0], deadline.left())


def _read(
    response: http.client.HTTPResponse, conn: _PinnedHTTP, deadline: _Deadline, cap: int
) -> bytes:
    """The body, up to `cap` + 1 bytes, a piece at a time, within the time left."""
    pieces: list[bytes] = []
    size = 0
    while size <= cap:
        if conn.sock is not None:
            conn.sock.settimeout(deadline.left())
        piece = response.read1(min(_CHUNK, cap + 1 - size))
        deadline.left()
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


def _get(
    url: str, policy: AddressPolicy, deadline: _Deadline, max_bytes: int
) -> tuple[str, Message, bytes] | str:
    """One hop: the final URL, headers and body, or the URL a redirect leads to."""
    conn = _connect(url, policy, deadline)
    timer = deadline.watch(conn)
    try:
        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        conn.request(
            "GET",
            target,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Connection": "close"},
        )
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            location = response.headers.get("Location")
            if not location:
                raise _fail(url, f"the server answered {response.status} without a Location")
            return urljoin(url, location.strip())
        if response.status >= 400:
            raise _fail(url, f"the server answered {response.status} {response.reason}")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise _fail(
                url, f"the page is over {max_bytes:,} bytes; raise the limit with --max-size"
            )
        return url, response.headers, _read(response, conn, deadline, max_bytes)
    finally:
        timer.cancel()
        conn.close()


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_IMPORT_BYTES,
    policy: AddressPolicy | None = None,
) -> Fetched:
    """GET `url` and return its text; FetchError (with a coded diagnostic) on any failure."""
    if http_url(url) is None:
        raise _fail(url, "only absolute http:// and https:// URLs can be imported")
    deadline = _Deadline(timeout)
    here = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            got = _get(here, policy or AddressPolicy(), deadline, max_bytes)
            if isinstance(got, tuple):
                break
            if http_url(got) is None:
                raise _fail(url, f"a redirect to {got!r} is not allowed: only http(s) is followed")
            here = got
        else:
            raise _fail(url, f"more than {MAX_REDIRECTS} redirects")
    except FetchError as exc:
        if exc.diagnostic.path != url:  # a redirect's failure is reported at the URL given
            d = exc.diagnostic
            raise FetchError(Diagnostic.make(url, None, d.code, d.message)) from None
        raise
    except (_OutOfTime, TimeoutError):
        raise _fail(url, f"no answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline.end:
            raise _fail(url, f"no answer within {timeout:g} s") from None
        raise _fail(url, f"cannot fetch it: {exc}") from None
    final, headers, raw = got
    if len(raw) > max_bytes:
        raise _fail(url, f"the page is over {max_bytes:,} bytes; raise the limit with --max-size")
    try:
        text = raw.decode(_charset(headers))
    except UnicodeDecodeError:
        raise _fail(url, f"the page is not valid {_charset(headers)} text") from None
    media_type = (headers.get_content_type() or "").lower()
    if media_type in ("application/ld+json", "application/json"):
        is_html = False
    elif media_type in ("text/html", "application/xhtml+xml"):
        is_html = True
    else:
        is_html = not text.lstrip().startswith(("{", "["))
    return Fetched(final, text.removeprefix("\ufeff"), is_html)
