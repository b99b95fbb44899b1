"""``/api/v1/conversations/``: conversations, their comments, and the requester's next comment
and progress in each."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ej.api import selectors
from ej.api import serializers as api
from ej.api.permissions import Rule
from ej.api.throttling import AddressThrottle, UserThrottle
from ej.api.views.base import ApiViewSet
from ej.api.views.cards import next_card, progress_of
from ej.conversations import services
from ej.conversations.models import Comment
from ej.conversations.services import tag_names
from ej_clusters import selectors as clusters

SEE = Rule()
LOGIN = Rule(login=True)


@extend_schema_view(
    list=extend_schema(
        summary="Conversations the requester can see, newest first",
        parameters=[api.ConversationFilterSerializer],
        responses=api.ConversationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="A conversation, with its statistics",
        responses=api.ConversationDetailSerializer,
    ),
    create=extend_schema(
        summary="Start a conversation (staff, promoters and board owners)",
        request=api.ConversationCreateSerializer,
        responses={201: api.ConversationDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a conversation (its author, its board's owner, staff)",
        request=api.ConversationUpdateSerializer,
        responses=api.ConversationDetailSerializer,
    ),
    destroy=extend_schema(
        summary="Delete a conversation, with its comments and votes (its author, its "
        "board's owner, staff)",
        responses={204: None},
    ),
)
class ConversationViewSet(ApiViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    throttle_kinds = (UserThrottle, AddressThrottle)
    rules = {
        "list": SEE,
        "retrieve": SEE,
        "create": Rule(
            perm="ej_conversations.can_create",
            message=_("Only staff and board owners can start conversations."),
        ),
        "partial_update": Rule(
            object_perm="ej_conversations.can_edit",
            message=_("You cannot edit this conversation."),
        ),
        "destroy": Rule(
            object_perm="ej_conversations.can_edit",
            message=_("You cannot delete this conversation."),
        ),
        "comments:GET": SEE,
        "comments:POST": LOGIN,
        "next_comment": LOGIN,
        "progress": LOGIN,
        "groups": SEE,
    }

    def get_queryset(self):
        return selectors.conversation_list(self.request.user)

    def get_object(self):
        if self.action == "retrieve":  # the one action that shows the statistics
            return super().get_object()
        conversation = selectors.visible_conversation(self.request.user, self.kwargs["slug"])
        if conversation is None:
            raise Http404
        self.check_object_permissions(self.request, conversation)
        return conversation

    def throttle_scope(self):
        if self.action == "comments" and self.request.method == "POST":
            return "comments"
        return None

    def _detail(self, slug: str, *, status_code: int = status.HTTP_200_OK) -> Response:
        conversation = self.get_queryset().get(slug=slug)
        return Response(
            self.serialize(api.ConversationDetailSerializer, conversation), status=status_code
        )

    def list(self, request):
        filters = self.parse_query(api.ConversationFilterSerializer)
        conversations = selectors.conversation_list(request.user, **filters)
        return self.page(conversations, api.ConversationSerializer)

    def retrieve(self, request, slug=None):
        return Response(self.serialize(api.ConversationDetailSerializer, self.get_object()))

    def create(self, request):
        data = self.parse(api.ConversationCreateSerializer)
        data["tags"] = tag_names(",".join(data.get("tags", [])))
        conversation = services.conversation_create(author=request.user, **data)
        return self._detail(conversation.slug, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, slug=None):
        conversation = self.get_object()
        data = self.parse(api.ConversationUpdateSerializer, partial=True)
        if "tags" in data:
            data["tags"] = tag_names(",".join(data["tags"]))
        services.conversation_update(conversation=conversation, editor=request.user, **data)
        return self._detail(conversation.slug)

    def destroy(self, request, slug=None):
        conversation = self.get_object()
        # conversations.services has no delete yet; the permission was checked above
        # (ej_conversations.can_edit), and deleting cascades to comments, votes and the log.
        with transaction.atomic():
            conversation.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        summary="Comments of a conversation (approved ones, or another status for moderators)",
        parameters=[api.CommentFilterSerializer],
        responses=api.CommentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Write a comment (within the conversation's limit per participant)",
        request=api.CommentCreateSerializer,
        responses={201: api.CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, slug=None):
        conversation = self.get_object()
        if request.method == "POST":
            data = self.parse(api.CommentCreateSerializer)
            comment = services.comment_create(
                author=request.user, conversation=conversation, text=data["text"]
            )
            return Response(
                self.serialize(api.CommentSerializer, comment), status=status.HTTP_201_CREATED
            )
        wanted = self.parse_query(api.CommentFilterSerializer)["status"]
        if wanted != Comment.Status.APPROVED and not request.user.has_perm(
            "ej_conversations.can_moderate", conversation
        ):
            self.permission_denied(
                request, message=_("Only moderators see comments that are not approved.")
            )
        comments = conversation.comments.filter(status=wanted).select_related("conversation")
        return self.page(comments.order_by("created", "id"), api.CommentSerializer)

    @extend_schema(
        summary="The comment the requester should vote on next, and their progress",
        responses=api.NextCommentSerializer,
    )
    @action(detail=True, methods=["get"], url_path="next-comment")
    def next_comment(self, request, slug=None):
        conversation = self.get_object()
        return Response(
            self.serialize(api.NextCommentSerializer, next_card(request.user, conversation))
        )

    @extend_schema(
        summary="The requester's progress in a conversation", responses=api.ProgressSerializer
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, slug=None):
        conversation = self.get_object()
        return Response(
            self.serialize(api.ProgressSerializer, progress_of(request.user, conversation))
        )

    @extend_schema(
        summary="The conversation's opinion groups, as last computed, and the requester's group",
        responses=api.GroupsSerializer,
    )
    @action(detail=True, methods=["get"])
    def groups(self, request, slug=None):
        conversation = self.get_object()
        participant = request.user if request.user.is_authenticated else None
        result = clusters.stored_result(conversation, participant)
        return Response(self.serialize(api.GroupsSerializer, result))
