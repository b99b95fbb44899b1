"""``/api/v1/comments/``: the requester's own comments, one comment, and moderation.

Comments are written under their conversation (``POST /conversations/{slug}/comments/``) and
never edited or deleted through the API: a comment's text is what people voted on.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from ej.api import selectors
from ej.api import serializers as api
from ej.api.permissions import Rule
from ej.api.views.base import ApiViewSet
from ej.conversations import services


@extend_schema_view(
    list=extend_schema(
        summary="The requester's own comments, in every status",
        parameters=[api.OwnCommentFilterSerializer],
        responses=api.CommentSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="A comment: an approved one, one's own, or any for its moderators",
        responses=api.CommentSerializer,
    ),
)
class CommentViewSet(ApiViewSet):
    lookup_value_regex = r"[0-9]{1,18}"
    rules = {
        "list": Rule(login=True),
        "retrieve": Rule(),
        "moderate": Rule(
            object_perm="ej_conversations.can_moderate",
            message=_("You cannot moderate this conversation."),
        ),
    }

    def get_queryset(self):
        return selectors.comments_visible_to(self.request.user)

    def permission_target(self, comment):
        return comment.conversation

    def list(self, request):
        filters = self.parse_query(api.OwnCommentFilterSerializer)
        comments = self.get_queryset().filter(author=request.user)
        if filters.get("conversation"):
            comments = comments.filter(conversation__slug=filters["conversation"])
        if filters.get("status"):
            comments = comments.filter(status=filters["status"])
        return self.page(comments.order_by("-created", "-id"), api.CommentSerializer)

    def retrieve(self, request, pk=None):
        return Response(self.serialize(api.CommentSerializer, self.get_object()))

    @extend_schema(
        summary="Approve or reject a comment (the conversation's moderators)",
        request=api.ModerationSerializer,
        responses=api.CommentSerializer,
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        comment = self.get_object()
        data = self.parse(api.ModerationSerializer)
        services.comment_moderate(comments=[comment], moderator=request.user, **data)
        comment.refresh_from_db()
        return Response(self.serialize(api.CommentSerializer, comment))
