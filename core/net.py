"""The client's address, one answer for the login throttle, the admin allow-list and rate limits.

Behind a load balancer REMOTE_ADDR is the balancer, and X-Forwarded-For is a list anyone can
write to on the left: each proxy appends the address it received the request from. So the list
is read from the right, skipping only the proxies named in ``settings.TRUSTED_PROXIES``; the
first address not among them is the client. With no trusted proxies the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=32)
def _networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDRs ("10.0.0.0/8", "::1", "192.0.2.7") as networks; raises ValueError on a bad one."""
    return _networks(tuple(cidrs))


def parse_address(value: str | None) -> IPAddress | None:
    """An address as proxies write it ("192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:443"),
    or None if it is not one. IPv4-mapped IPv6 addresses count as the IPv4 address."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def in_networks(address: IPAddress | None, networks: Iterable[IPNetwork]) -> bool:
    if address is None:
        return False
    return any(address.version == net.version and address in net for net in networks)


def client_address(request) -> IPAddress | None:
    """The client's address as an ``ipaddress`` object, or None if the request has none."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    trusted = parse_networks(getattr(settings, "TRUSTED_PROXIES", ()))
    if not trusted or not in_networks(remote, trusted):
        return remote
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if forwarded else []):
        address = parse_address(hop)
        if address is None:
            # Unreadable: everything right of it came through trusted proxies, so the
            # nearest of them is the best we know; never trust what stands left of it.
            break
        client = address
        if not in_networks(address, trusted):
            break
    return client


def client_ip(request) -> str | None:
    """The client's address as a string (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    address = client_address(request)
    return str(address) if address is not None else None
