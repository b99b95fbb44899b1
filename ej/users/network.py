"""The client's address, as the one proxy in front of the app reports it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_ip"]


def _valid(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or ``None`` when the request carries none.

    ``settings.EJ_CLIENT_IP_HEADER`` (``HTTP_X_REAL_IP`` by default: Nginx overwrites X-Real-IP
    with the TCP peer) is read first; an empty setting, a missing header or a value that is not
    an address fall back to ``REMOTE_ADDR``. Never read X-Forwarded-For's left-most entry: the
    client writes it.
    """
    header = getattr(settings, "EJ_CLIENT_IP_HEADER", "")
    if header:
        found = _valid(request.META.get(header, ""))
        if found:
            return found
    return _valid(request.META.get("REMOTE_ADDR", ""))
