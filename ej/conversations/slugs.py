"""Slugs that are unique in a table and avoid words the site's own paths use."""

from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.utils.text import slugify


def unique_slug(
    text: str,
    *,
    queryset: models.QuerySet,
    max_length: int,
    fallback: str,
    reserved: Collection[str] = (),
    field: str = "slug",
) -> str:
    """``text`` slugified, with ``-2``, ``-3``... appended when the slug is taken or reserved."""
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    taken |= set(reserved)
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate
