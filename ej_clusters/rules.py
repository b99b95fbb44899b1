"""Who may manage opinion groups, and the routing weights the conversations app asks for.

- ``ej_clusters.can_manage_groups`` (user, conversation): the conversation's organizers, as for
  moderation (author, listed moderators, board owner, staff);
- value ``ej_clusters.comment_priorities`` (user, conversation): ``{comment id: weight}`` from
  the last stored result, or ``None`` while there is none; ``ej_conversations.next_comment``
  then draws the next comment in proportion to the weights.
"""

from __future__ import annotations

from boogie.rules import register_perm, register_value
from ej.conversations.rules import PRIORITIES_VALUE, is_moderator
from ej_clusters import selectors


@register_perm("ej_clusters.can_manage_groups")
def can_manage_groups(user, conversation) -> bool:
    return is_moderator(user, conversation)


@register_value(PRIORITIES_VALUE)
def comment_priorities(user, conversation):
    return selectors.routing_priorities(conversation)
