"""How people are shown: name, initials avatar and a small card (roles of the user model)."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from htpy import Renderable, a, img, span

from ej.users.models import User
from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_WORD, example_user
from ej_components.helpers import safe_url
from ej_components.primitives import card
from ej_components.registry import html

__all__ = ["initials", "user_avatar", "user_card", "user_link"]

AVATAR_COLORS = 8
AVATAR_SIZES = ("small", "medium", "large")


def initials(name: str) -> str:
    """``"Maria da Silva"`` → ``"MS"``; ``"joao.souza"`` → ``"JS"``."""
    words = [word for word in re.split(r"[\s._\-@]+", name) if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def _color(user: User) -> int:
    # A stable colour per person (Python's hash() changes between processes).
    digest = hashlib.sha256((user.email or user.display_name).encode()).digest()
    return digest[0] % AVATAR_COLORS


_EXAMPLES = {
    "default": lambda: {"user": example_user()},
    "e-mail only": lambda: {"user": example_user(name="", email="joao.souza@example.org")},
    "long Portuguese text": lambda: {
        "user": example_user(name=f"Maria {LONG_PORTUGUESE_WORD} de Albuquerque")
    },
    "hostile text": lambda: {"user": example_user(name=HOSTILE_TEXT)},
}


@html.register(User, role="link")
@component(
    examples={
        **_EXAMPLES,
        "with profile link": lambda: {"user": example_user(), "href": "/profile/"},
    }
)
def user_link(user: User, *, href: str | None = None) -> Renderable:
    """A person's name, linked to ``href`` when given."""
    name = user.display_name
    if href:
        return a(class_="user-name", href=safe_url(href))[name]
    return span(class_="user-name")[name]


def _example_user_with_picture() -> User:
    from ej.profiles.models import Profile

    return Profile(user=example_user(), avatar="avatars/example.jpg").user


@html.register(User, role="avatar")
@component(
    examples={
        **_EXAMPLES,
        "small": lambda: {"user": example_user(), "size": "small"},
        "large": lambda: {"user": example_user(), "size": "large"},
        "decorative": lambda: {"user": example_user(), "decorative": True},
        # The file does not exist: the initials stay visible behind a picture that fails to load.
        "with picture": lambda: {"user": _example_user_with_picture(), "size": "large"},
    }
)
def user_avatar(user: User, *, size: str = "medium", decorative: bool = False) -> Renderable:
    """The person's profile picture, or a circle with their initials; named for screen readers
    unless ``decorative`` (when the name is written next to it)."""
    if size not in AVATAR_SIZES:
        raise ValueError(f"avatar size must be one of {AVATAR_SIZES}, got {size!r}")
    # The picture uploaded on the profile (ej.profiles), read from the user's cached profile
    # (select_related("profile") in lists). A user without one shows the initials.
    try:
        picture = user.profile.avatar
        picture_url = picture.url if picture else None
    except (ObjectDoesNotExist, AttributeError, ValueError):
        picture_url = None
    return span(
        class_=[
            "avatar",
            f"avatar--{size}",
            f"avatar--color-{_color(user)}",
            picture_url and "avatar--picture",
        ],
        role=None if decorative else "img",
        aria_label=None if decorative else user.display_name,
        aria_hidden="true" if decorative else None,
    )[
        initials(user.display_name),
        picture_url and img(class_="avatar__picture", src=safe_url(picture_url), alt=""),
    ]


@html.register(User, role="card")
@component(examples=_EXAMPLES)
def user_card(user: User, *, heading_level: int = 3) -> Renderable:
    """A small card: avatar, name and when the person joined."""
    joined = formats.date_format(timezone.localtime(user.date_joined), "DATE_FORMAT")
    return card(
        class_="user-card",
        heading_level=heading_level,
        title=[user_avatar(user, size="small", decorative=True), " ", user.display_name],
        body=_("Joined on %(date)s") % {"date": joined},
    )
