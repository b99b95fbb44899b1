"""Django messages ("Your vote was saved.") shown at the top of the page."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages as django_messages
from django.contrib.messages.storage.base import Message
from django.utils.translation import gettext as _
from htpy import Renderable, div, fragment

from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT
from ej_components.helpers import as_text

__all__ = ["messages_list"]


@component(
    examples={
        "default": lambda: {"messages": [Message(django_messages.SUCCESS, _("Vote saved."))]},
        "every level": lambda: {
            "messages": [
                Message(django_messages.INFO, _("The conversation closes tomorrow.")),
                Message(django_messages.SUCCESS, _("Vote saved.")),
                Message(django_messages.WARNING, _("You have one comment left.")),
                Message(django_messages.ERROR, _("Your comment could not be saved.")),
            ]
        },
        "empty": lambda: {"messages": []},
        "long Portuguese text": lambda: {
            "messages": [Message(django_messages.INFO, LONG_PORTUGUESE_TEXT)]
        },
        "hostile text": lambda: {
            "messages": [Message(django_messages.ERROR, HOSTILE_TEXT, extra_tags=HOSTILE_TEXT)]
        },
    }
)
def messages_list(*, messages: Iterable[Message]) -> Renderable:
    """Messages for the person; warnings and errors are announced at once (``role="alert"``)."""
    items = [
        div(
            class_=["message", f"message--{message.level_tag or 'info'}"],
            role="alert" if message.level >= django_messages.WARNING else "status",
        )[as_text(message.message)]
        for message in messages
    ]
    if not items:
        return fragment[None]
    return div(class_="messages")[items]
