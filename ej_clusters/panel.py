"""The ``opinion-group`` role of a conversation: the participant's panel on its page."""

from __future__ import annotations

from django.http import HttpRequest
from htpy import Node

from ej.conversations.models import Conversation
from ej.conversations.participants import participant_for
from ej_clusters import selectors
from ej_clusters.components import opinion_group_panel
from ej_components.registry import html


@html.register(Conversation, role="opinion-group")
def conversation_opinion_group(conversation: Conversation, *, request: HttpRequest) -> Node:
    """The person's opinion group (nothing when the organizers switched groups off)."""
    manage_url = ""
    if request.user.has_perm("ej_clusters.can_manage_groups", conversation):
        manage_url = conversation.url("conversation-groups")
    view = selectors.panel(conversation, participant_for(request), manage_url=manage_url)
    if view is None:
        return None
    return opinion_group_panel(panel=view)
