"""Components of conversation pages (found by the catalog's autodiscovery)."""

from ej.conversations.components.cards import (
    attribution_note,
    conversation_card,
    conversation_header,
    conversation_stats,
    conversation_summary,
    favorite_button,
    tag_list,
)
from ej.conversations.components.moderation import (
    moderation_log_table,
    moderation_queue,
    moderation_tabs,
)
from ej.conversations.components.voting import (
    comment_card,
    comment_panel,
    participation,
    vote_buttons,
    your_comments,
)

__all__ = [
    "attribution_note",
    "comment_card",
    "comment_panel",
    "conversation_card",
    "conversation_header",
    "conversation_stats",
    "conversation_summary",
    "favorite_button",
    "moderation_log_table",
    "moderation_queue",
    "moderation_tabs",
    "participation",
    "tag_list",
    "vote_buttons",
    "your_comments",
]
