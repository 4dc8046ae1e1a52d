"""Import fetches only public addresses, on every hop, and gives up after --timeout in all
(issue 19, cases 2 and 5).

Traffic goes only to a server on 127.0.0.1 that this test runs. That server is allowed by its
exact address and port (`AddressPolicy.allowed`), so everything else internal stays refused;
its redirects point at internal addresses, and the test records every connection attempt to
show that none was made to them. The address check itself is tested on a table of addresses,
without connecting anywhere.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from import_helpers import FIXTURES, REPO

from claimkit.importing.addresses import AddressPolicy, refused_because
from claimkit.importing.fetch import FetchError, fetch

# The real functions, before the test suite's network guard replaces them.
REAL_CONNECT = socket.socket.connect
REAL_CREATE_CONNECTION = socket.create_connection

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "0.0.0.0",
    "::",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "224.0.0.1",
    "239.255.255.250",
    "ff02::1",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",
    "2001:db8::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_internal_addresses_are_refused(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert refused_because(ip) is not None
    assert AddressPolicy().refusal(ip, 80) is not None
    assert AddressPolicy(allow_private=True).refusal(ip, 80) is None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refused_because(ipaddress.ip_address(address)) is None


def test_an_allowed_pair_allows_only_that_address_and_port() -> None:
    policy = AddressPolicy(allowed=frozenset({("127.0.0.1", 8123)}))
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), 8123) is None
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), 8124) is not None
    assert policy.refusal(ipaddress.ip_address("::1"), 8123) is not None
    assert policy.refusal(ipaddress.ip_address("::ffff:127.0.0.1"), 8123) is not None


class _Handler(BaseHTTPRequestHandler):
    redirects: ClassVar[dict[str, str]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def do_GET(self) -> None:
        if self.path in self.redirects:
            self.send_response(302)
            self.send_header("Location", self.redirects[self.path])
            self.end_headers()
        elif self.path == "/feed":
            body = (FIXTURES / "datafeed.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path in ("/trickle", "/trickle-headers"):
            self._trickle(self.path == "/trickle-headers")
        else:
            self.send_error(404)

    def _trickle(self, in_headers: bool) -> None:
        """One byte every 0.1 s for a minute: in the body, or in the headers themselves."""
        if in_headers:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int, list[Any]]]:
    """The local server, its base URL and port, and every address a connection was tried to
    (only loopback is let through; anything else fails the test)."""
    attempts: list[Any] = []

    def recording_connect(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        assert address[0] in ("127.0.0.1", "::1"), f"a connection to {address} was tried"
        REAL_CONNECT(sock, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    monkeypatch.setattr(socket, "create_connection", REAL_CREATE_CONNECTION)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _Handler.redirects = {
        "/to-metadata": "http://169.254.169.254/latest/meta-data/",
        "/to-private": "http://10.1.2.3/feed",
        "/to-ipv6-loopback": f"http://[::1]:{port}/feed",
        "/to-mapped": f"http://[::ffff:127.0.0.1]:{port}/feed",
        "/to-other-port": f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}/feed",
        "/to-unspecified": f"http://0.0.0.0:{port}/feed",
        "/to-multicast": "http://224.0.0.1/feed",
        "/twice": "/to-metadata",
        "/to-feed": "/feed",
    }
    try:
        yield base, port, attempts
    finally:
        httpd.shutdown()
        httpd.server_close()


def _policy(port: int) -> AddressPolicy:
    return AddressPolicy(allowed=frozenset({("127.0.0.1", port)}))


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/to-metadata", "169.254.169.254"),
        ("/to-private", "10.1.2.3"),
        ("/to-ipv6-loopback", "::1"),
        ("/to-mapped", "::ffff:127.0.0.1"),
        ("/to-other-port", "127.0.0.1"),
        ("/to-unspecified", "0.0.0.0"),
        ("/to-multicast", "224.0.0.1"),
        ("/twice", "169.254.169.254"),
    ],
)
def test_a_redirect_to_an_internal_address_is_refused_before_connecting(
    server: tuple[str, int, list[Any]], path: str, where: str
) -> None:
    base, port, attempts = server
    with pytest.raises(FetchError) as refused:
        fetch(base + path, timeout=10, policy=_policy(port))
    diagnostic = refused.value.diagnostic
    assert diagnostic.code == "fetch-refused", diagnostic
    assert where in diagnostic.message and diagnostic.path == base + path
    assert all(a[:2] == ("127.0.0.1", port) for a in attempts), attempts


def test_the_allowed_server_itself_is_fetched(server: tuple[str, int, list[Any]]) -> None:
    base, port, attempts = server
    got = fetch(base + "/to-feed", timeout=10, policy=_policy(port))
    assert got.url == base + "/feed" and '"DataFeed"' in got.text
    assert len(attempts) == 2


def test_loopback_is_refused_by_default(server: tuple[str, int, list[Any]]) -> None:
    base, _port, attempts = server
    with pytest.raises(FetchError) as refused:
        fetch(base + "/feed", timeout=10)
    assert refused.value.diagnostic.code == "fetch-refused"
    assert "--allow-private" in refused.value.diagnostic.message
    assert attempts == []


def test_a_name_is_looked_up_once_and_its_checked_address_used(
    server: tuple[str, int, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers an allowed address first and an internal one after
    must be connected to at the address that was checked. The answers come from a stand-in
    resolver (no DNS server may be asked in tests)."""
    _base, port, attempts = server
    answers = ["127.0.0.1", "169.254.169.254", "169.254.169.254"]
    asked: list[str] = []

    def resolver(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        ip = answers[min(len(asked) - 1, 2)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    got = fetch(f"http://rebinding.test:{port}/feed", timeout=10, policy=_policy(port))
    assert '"DataFeed"' in got.text
    assert asked == ["rebinding.test"]
    assert [a[0] for a in attempts] == ["127.0.0.1"]


def test_a_name_with_any_internal_address_is_refused(
    server: tuple[str, int, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _base, port, attempts = server

    def resolver(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.9.9", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(FetchError) as refused:
        fetch(f"http://mixed.test:{port}/feed", timeout=10, policy=_policy(port))
    assert refused.value.diagnostic.code == "fetch-refused"
    assert "10.9.9.9" in refused.value.diagnostic.message
    assert attempts == []


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_a_trickling_server_is_cut_off_at_the_timeout(
    server: tuple[str, int, list[Any]], path: str
) -> None:
    base, port, _attempts = server
    started = time.monotonic()
    with pytest.raises(FetchError) as slow:
        fetch(base + path, timeout=2, policy=_policy(port))
    elapsed = time.monotonic() - started
    assert elapsed < 2 + 3, f"the fetch ran {elapsed:.1f} s with --timeout 2"
    assert "no answer within 2 s" in slow.value.diagnostic.message


def test_the_command_gives_up_on_a_trickle_after_timeout(
    server: tuple[str, int, list[Any]], empty: Path
) -> None:
    base, _port, _attempts = server
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimkit",
            "import",
            base + "/trickle",
            "--allow-private",
            "--timeout",
            "2",
            "--records",
            str(empty),
            "--dry-run",
            "--schema",
            str(REPO / "schema"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in done.stderr
    assert "no answer within 2 s" in done.stdout + done.stderr
    # The command's own start (imports, reading the records) comes on top of the fetch.
    assert elapsed < 2 + 3 + 5, f"import --timeout 2 ran {elapsed:.1f} s"
