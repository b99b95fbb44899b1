"""``/api/v1/boards/``: boards, each a person's or an organization's space with its
conversations (listed by ``GET /conversations/?board=<slug>``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from ej.api import serializers as api
from ej.api.permissions import Rule
from ej.api.views.base import ApiViewSet
from ej.boards import services
from ej.boards.models import Board


@extend_schema_view(
    list=extend_schema(summary="Boards", responses=api.BoardSerializer(many=True)),
    retrieve=extend_schema(summary="A board", responses=api.BoardSerializer),
    create=extend_schema(
        summary="Create a board (within the per-person board quota)",
        request=api.BoardCreateSerializer,
        responses={201: api.BoardSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a board's name, description or colours (its owner, staff)",
        request=api.BoardUpdateSerializer,
        responses=api.BoardSerializer,
    ),
)
class BoardViewSet(ApiViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    rules = {
        "list": Rule(),
        "retrieve": Rule(),
        "create": Rule(
            perm="ej_boards.can_add_board",
            message=_("You already have as many boards as each person may create."),
        ),
        "partial_update": Rule(
            object_perm="ej_boards.can_edit_board", message=_("You cannot edit this board.")
        ),
    }

    def get_queryset(self):
        return Board.objects.select_related("owner").order_by("name", "id")

    def list(self, request):
        return self.page(self.get_queryset(), api.BoardSerializer)

    def retrieve(self, request, slug=None):
        return Response(self.serialize(api.BoardSerializer, self.get_object()))

    def create(self, request):
        data = self.parse(api.BoardCreateSerializer)
        board = services.board_create(owner=request.user, **data)
        return Response(self.serialize(api.BoardSerializer, board), status=status.HTTP_201_CREATED)

    def partial_update(self, request, slug=None):
        board = self.get_object()
        data = self.parse(api.BoardUpdateSerializer, partial=True)
        fields = {
            "name": board.name,
            "description": board.description,
            "palette": board.palette,
            **data,
        }
        board = services.board_update(board=board, editor=request.user, **fields)
        return Response(self.serialize(api.BoardSerializer, board))
