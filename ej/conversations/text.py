"""Comment text: how it is cleaned before it is stored, and the key that finds duplicates."""

from __future__ import annotations

import hashlib
import unicodedata

COMMENT_MIN_LENGTH = 2
COMMENT_MAX_LENGTH = 252


def normalize_text(text: str) -> str:
    """Runs of whitespace (line breaks, tabs, non-breaking spaces) become one space; no
    whitespace at either end."""
    return " ".join(str(text).split())


def comment_key(text: str) -> str:
    """The same for two texts that differ only in case, Unicode form or whitespace.

    A digest rather than the folded text itself, so that the unique index stays small whatever
    the script (case folding can triple a text's length).
    """
    folded = unicodedata.normalize("NFKC", normalize_text(text)).casefold()
    return hashlib.sha256(folded.encode()).hexdigest()
