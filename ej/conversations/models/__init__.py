from ej.conversations.models.comment import Comment, RejectionReason
from ej.conversations.models.conversation import Conversation, Tag
from ej.conversations.models.favorite import FavoriteConversation
from ej.conversations.models.moderation import ModerationLog
from ej.conversations.models.vote import Choice, Vote

__all__ = [
    "Choice",
    "Comment",
    "Conversation",
    "FavoriteConversation",
    "ModerationLog",
    "RejectionReason",
    "Tag",
    "Vote",
]
