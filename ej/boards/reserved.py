"""Board slugs live at the top of the site (``/<slug>/``), so they must not take its paths."""

from __future__ import annotations

from django.urls import URLResolver, get_resolver

# Paths the site uses or is likely to use, whether or not a route exists for them yet.
FIXED_RESERVED = frozenset(
    {
        "about",
        "account",
        "accounts",
        "add",
        "admin",
        "api",
        "boards",
        "clusters",
        "comments",
        "components",
        "conversations",
        "edit",
        "explore",
        "favicon-ico",
        "healthz",
        "help",
        "home",
        "login",
        "logout",
        "me",
        "media",
        "new",
        "password",
        "privacy",
        "profile",
        "profiles",
        "readyz",
        "register",
        "reports",
        "robots-txt",
        "search",
        "signup",
        "start",
        "static",
        "talks",
        "terms",
        "users",
        "well-known",
        "www",
    }
)


def _first_segments(patterns, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^")
        if isinstance(entry, URLResolver) and route == "":
            found |= _first_segments(entry.url_patterns)
            continue
        segment = route.split("/", 1)[0].rstrip("$")
        if segment and "<" not in segment and "(" not in segment:
            found.add(segment.lower())
    return found


def reserved_board_slugs() -> frozenset[str]:
    """The fixed list plus the first path segment of every route the site has."""
    return FIXED_RESERVED | _first_segments(get_resolver().url_patterns)
