"""The address of the real client, also behind a reverse proxy.

``DRIEHOEK_TRUSTED_PROXIES`` says whom to believe about ``X-Forwarded-For``:

- empty (default): nobody; the client is ``REMOTE_ADDR``;
- a number N: there are exactly N proxies in front of the app (each appends the address it
  received the request from); the client is the N-th entry counted from the right;
- a comma separated list of addresses or CIDR networks: when ``REMOTE_ADDR`` is one of them,
  walk ``X-Forwarded-For`` from the right, skipping trusted proxies; the first untrusted
  address is the client.

A forwarded header from anyone else is ignored, so a client cannot pick its own address.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings


def _parse_ip(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _trusted(setting: str) -> tuple[int, tuple]:
    """(hop count, networks) from the setting; one of the two is empty."""
    setting = (setting or "").strip()
    if not setting:
        return 0, ()
    if setting.isdigit():
        return int(setting), ()
    networks = tuple(
        ipaddress.ip_network(item.strip(), strict=False)
        for item in setting.split(",")
        if item.strip()
    )
    return 0, networks


def _is_trusted(ip, networks) -> bool:
    return ip is not None and any(ip in net for net in networks)


def client_ip(request) -> str:
    """The client's address as a string ("" when unknown)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops, networks = _trusted(str(getattr(settings, "DRIEHOEK_TRUSTED_PROXIES", "") or ""))
    if not hops and not networks:
        return remote
    forwarded = [
        item.strip()
        for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if item.strip()
    ]
    if hops:
        # The last proxy is REMOTE_ADDR itself; it appended the N-th hop before it.
        if len(forwarded) >= hops:
            ip = _parse_ip(forwarded[-hops])
            if ip is not None:
                return str(ip)
        return remote
    if not _is_trusted(_parse_ip(remote), networks):
        return remote
    client = remote
    for item in reversed(forwarded):
        ip = _parse_ip(item)
        if ip is None:
            break  # garbage left of here was not written by a proxy of ours
        client = str(ip)
        if not _is_trusted(ip, networks):
            break
    # All forwarded entries are our own proxies: the leftmost one we could read is the client.
    return client


# The client of the request being served, for the audit log (set by ClientAddressMiddleware).
_current: ContextVar[str] = ContextVar("driehoek_client_ip", default="")


def current_client_ip() -> str:
    """The address of the client whose request is being served ("" outside a request)."""
    return _current.get()


class ClientAddressMiddleware:
    """Remember the real client (see ``client_ip``) while its request is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip = _parse_ip(client_ip(request))
        token = _current.set(str(ip) if ip is not None else "")
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
