"""The ``opinion-group`` role of a conversation: the participant's panel on its page."""

from __future__ import annotations

from django.http import HttpRequest
from markupsafe import Markup

from ej.conversations.models import Conversation
from ej.conversations.participants import participant_for
from ej_clusters import selectors
from ej_clusters.components import opinion_group_panel
from ej_components.registry import html


@html.register(Conversation, role="opinion-group")
def conversation_opinion_group(
    conversation: Conversation, *, request: HttpRequest
) -> Markup | None:
    """The person's opinion group (nothing when the organizers switched groups off)."""
    participant = participant_for(request)
    if participant is None:  # a reader without a session: the same panel for all of them
        return selectors.for_readers(conversation, lambda: _panel(conversation, None, ""))
    manage_url = ""
    if request.user.has_perm("ej_clusters.can_manage_groups", conversation):
        manage_url = conversation.url("conversation-groups")
    return _panel(conversation, participant, manage_url)


def _panel(conversation: Conversation, participant, manage_url: str) -> Markup | None:
    view = selectors.panel(conversation, participant, manage_url=manage_url)
    if view is None:
        return None
    # Rendered once here (htpy escapes every value), so that a kept panel is not rendered again.
    return Markup(str(opinion_group_panel(panel=view)))  # noqa: S704
