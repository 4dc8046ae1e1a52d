"""Which addresses `claimkit import` may connect to: public ones only, unless told otherwise.

A page given to import, or a redirect on the way, could point at the machine itself or its
network (a cloud's metadata service at 169.254.169.254, a router, a database on 10.x): the
answer would become a record. Every address a fetch connects to is checked here first.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded(ip: Address) -> Address:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def refused_because(ip: Address) -> str | None:
    """Why `ip` is no public address (loopback, private, ...), or None when it is one."""
    inner = _embedded(ip)
    for address in (inner, ip) if inner != ip else (ip,):
        for test, why in (
            (address.is_unspecified, "an unspecified address"),
            (address.is_loopback, "a loopback address"),
            (address.is_link_local, "a link-local address"),
            (address.is_multicast, "a multicast address"),
            (address.is_private, "a private address"),
            (address.is_reserved, "a reserved address"),
            (not address.is_global, "not a public address"),
        ):
            if test:
                return why
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """What a fetch may connect to: public addresses; with `allow_private`, any; and the exact
    (address, port) pairs in `allowed` (for a caller's own server, as tests run one)."""

    allow_private: bool = False
    allowed: frozenset[tuple[str, int]] = frozenset()

    def refusal(self, ip: Address, port: int) -> str | None:
        """Why connecting to ip:port is refused, or None when it is allowed."""
        if self.allow_private or (str(ip), port) in self.allowed:
            return None
        return refused_because(ip)
