"""Helpers shared by components: text, URLs and headings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import htpy
from django.utils.functional import Promise
from htpy import Element, Node

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def as_text(value: Node) -> Node:
    """Lazy translation strings become ``str``; anything else is returned as it is."""
    return str(value) if isinstance(value, Promise) else value


def safe_url(url: Any) -> str:
    """``url`` unless its scheme can run code (``javascript:``, ``data:``...), then ``#``."""
    url = str(url)
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return "#"
    if scheme and scheme.lower() not in SAFE_URL_SCHEMES:
        return "#"
    return url


def heading(level: int) -> Element:
    if level not in range(1, 7):
        raise ValueError(f"heading level must be 1 to 6, got {level!r}")
    return getattr(htpy, f"h{level}")
