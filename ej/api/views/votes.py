"""``/api/v1/votes/``: the requester's own votes, and only theirs.

Whoever asks, the queryset is the requester's votes: another person's vote answers 404 to
every method, so it can be neither read nor changed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from ej.api import selectors
from ej.api import serializers as api
from ej.api.permissions import Rule
from ej.api.throttling import AddressThrottle, UserThrottle
from ej.api.views.base import ApiViewSet
from ej.api.views.cards import next_card
from ej.conversations import services
from ej.conversations.models.vote import Channel
from ej.db.again import again_if_disconnected


@extend_schema_view(
    list=extend_schema(
        summary="The requester's votes",
        parameters=[api.VoteFilterSerializer],
        responses=api.VoteSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One of the requester's votes", responses=api.VoteSerializer),
    create=extend_schema(
        summary="Vote on a comment (a second vote on the same comment changes the first)",
        request=api.VoteCastSerializer,
        responses={200: api.VoteCastResultSerializer, 201: api.VoteCastResultSerializer},
    ),
    partial_update=extend_schema(
        summary="Change one of the requester's votes",
        request=api.VoteChangeSerializer,
        responses=api.VoteSerializer,
    ),
)
class VoteViewSet(ApiViewSet):
    lookup_value_regex = r"[0-9]{1,18}"
    throttle_kinds = (UserThrottle, AddressThrottle)
    rules = {
        "list": Rule(login=True),
        "retrieve": Rule(login=True),
        "create": Rule(login=True),
        "partial_update": Rule(login=True),
    }

    def get_queryset(self):
        return selectors.votes_of(self.request.user).order_by("-modified", "-id")

    def throttle_scope(self):
        return "votes" if self.action in ("create", "partial_update") else None

    def _cast(self, comment, choice, *, with_next: bool = False) -> Response:
        user, conversation = self.request.user, comment.conversation
        if not user.has_perm("ej_conversations.can_vote", conversation):
            raise exceptions.PermissionDenied(_("You cannot vote in this conversation."))
        result = services.vote_cast(
            author=user, comment=comment, choice=choice, channel=Channel.API
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        data = self.serialize(api.VoteSerializer, result.vote)
        data["next"] = (
            self.serialize(api.NextCommentSerializer, next_card(user, conversation))
            if with_next
            else None
        )
        return Response(data, status=code)

    def list(self, request):
        filters = self.parse_query(api.VoteFilterSerializer)
        votes = self.get_queryset()
        if filters.get("conversation"):
            votes = votes.filter(comment__conversation__slug=filters["conversation"])
        return self.page(votes, api.VoteSerializer)

    def retrieve(self, request, pk=None):
        return Response(self.serialize(api.VoteSerializer, self.get_object()))

    # A vote can be cast twice with the same effect, so a PostgreSQL restart in the middle of
    # one costs it a second connection, not an error (the answer is then 200, not 201).

    def create(self, request):
        data = self.parse(api.VoteCastSerializer)

        def cast() -> Response:
            comment = selectors.visible_comment(request.user, data["comment"])
            if comment is None:
                raise exceptions.ValidationError({"comment": [_("There is no such comment.")]})
            return self._cast(comment, data["choice"], with_next=data["next"])

        return again_if_disconnected(cast)

    def partial_update(self, request, pk=None):
        vote = self.get_object()
        data = self.parse(api.VoteChangeSerializer)
        return again_if_disconnected(lambda: self._cast(vote.comment, data["choice"]))
