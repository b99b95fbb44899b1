"""Routes under /conversations/; each module registers its routes on ``router``.

The modules are imported in this order so that fixed paths (``add/``, ``favorites/``) come
before ``<conversation-slug>/``.
"""

from boogie.router import Router
from ej.conversations.models import Comment, Conversation

router = Router(
    models={
        "conversation": Conversation.objects.select_related("board", "author"),
        "comment": Comment.objects.select_related("author"),
    },
    lookup_field={"conversation": "slug"},
)

from ej.conversations.routes import (  # noqa: E402, F401, I001 - registers the routes in order
    listing,
    editing,
    participation,
    moderation,
)
