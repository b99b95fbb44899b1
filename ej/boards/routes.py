"""Boards: "my boards", creating and editing one, and a board's page at ``/<slug>/``.

This router is mounted last at the site's root, so its fixed paths (``boards/``) come first
and board slugs never take a path the site uses (see ``ej.boards.reserved``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from htpy import div, li, ul

from boogie.router import Router
from ej.boards import services
from ej.boards.components import board_card, board_header
from ej.boards.forms import BoardForm
from ej.boards.models import Board
from ej.conversations.routes.helpers import add_errors
from ej.conversations.routes.listing import listing_body
from ej_components.forms import form as form_component
from ej_components.layout import page
from ej_components.primitives import empty_state, link
from ej_components.sections import content_section

router = Router(
    models={"board": Board.objects.select_related("owner")}, lookup_field={"board": "slug"}
)


@router.route("boards/", name="board-list", login=True, methods=["GET"])
def board_list(request: HttpRequest):
    boards = request.user.boards.annotate(n_conversations=Count("conversations"))
    can_add = request.user.has_perm("ej_boards.can_add_board")
    create = can_add and link(
        href=reverse("board-create"), text=_("Create a board"), variant="primary"
    )
    if boards:
        body = ul(class_="board-grid")[
            [li[board_card(board=board, conversations=board.n_conversations)] for board in boards]
        ]
    else:
        body = empty_state(
            title=_("You have no board yet"),
            message=_(
                "A board is your own space at its own address, with the conversations you open."
            ),
            action=create or None,
        )
    return page(
        request,
        title=_("Your boards"),
        content=content_section(
            title=_("Your boards"),
            intro=_("Boards are spaces of your own where you open conversations."),
            width="wide",
            body=[boards and create and div(class_="page-actions")[create], body],
        ),
    )


@router.route(
    "boards/add/", name="board-create", perms=["ej_boards.can_add_board"], methods=["GET", "POST"]
)
def board_create(request: HttpRequest):
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.board_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your board is ready. Open its first conversation."))
            return redirect(board.get_absolute_url())
    return page(
        request,
        title=_("New board"),
        content=content_section(
            title=_("New board"),
            body=form_component(form, request=request, submit=_("Create the board")),
        ),
    )


@router.route("<model:board>/", name="board-detail", methods=["GET"])
def board_detail(request: HttpRequest, board: Board):
    is_owner = request.user.has_perm("ej_boards.can_edit_board", board)
    conversations = board.conversations.all() if is_owner else board.conversations.visible()
    actions = []
    if is_owner:
        actions = [
            link(
                href=f"{reverse('conversation-create')}?board={board.slug}",
                text=_("New conversation"),
                variant="primary",
            ),
            link(href=reverse("board-edit", kwargs={"board": board.slug}), text=_("Edit board")),
        ]
    return page(
        request,
        title=board.name,
        description=board.description or None,
        content=div(class_=["palette", board.palette_class])[
            div(class_="container board-page")[
                board_header(board=board, actions=actions),
                listing_body(
                    request,
                    conversations,
                    action=board.get_absolute_url(),
                    empty_title=_("No conversations on this board yet"),
                    empty_message=_("Conversations opened here will show up on this page."),
                ),
            ]
        ],
    )


@router.route(
    "<model:board>/edit/",
    name="board-edit",
    perms=["ej_boards.can_edit_board:board"],
    methods=["GET", "POST"],
)
def board_edit(request: HttpRequest, board: Board):
    form = BoardForm(request.POST or None, instance=Board(pk=board.pk), editing=True)
    if request.method == "GET":
        form = BoardForm(instance=board, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_update(board=board, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(board.get_absolute_url())
    title = _("Edit “%(name)s”") % {"name": board.name}
    return page(
        request,
        title=title,
        content=div(class_=["palette", board.palette_class])[
            content_section(
                title=title,
                body=form_component(form, request=request, submit=_("Save changes")),
            )
        ],
    )
