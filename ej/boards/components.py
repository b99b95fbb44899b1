"""How boards are shown: the header of a board's page and a card in "my boards"."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Node, Renderable, div, h1, header, p

from ej.boards.models import Board
from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT, example_user
from ej_components.primitives import card, link
from ej_components.registry import html

__all__ = ["board_card", "board_header"]


def example_board(**fields) -> Board:
    values = {
        "name": "Prefeitura de Exemplo",
        "slug": "prefeitura",
        "description": "Conversas abertas pela prefeitura sobre a cidade.",
        "owner": example_user(),
        "palette": "green",
    }
    values.update(fields)
    return Board(**values)


@component(
    examples={
        "default": lambda: {"board": example_board()},
        "with actions": lambda: {
            "board": example_board(),
            "actions": [
                link(href="/conversations/add/", text=_("New conversation"), variant="primary"),
                link(href="/prefeitura/edit/", text=_("Edit board")),
            ],
        },
        "no description": lambda: {"board": example_board(description="")},
        "long Portuguese text": lambda: {
            "board": example_board(name=LONG_PORTUGUESE_TEXT[:80], description=LONG_PORTUGUESE_TEXT)
        },
        "hostile text": lambda: {
            "board": example_board(name=HOSTILE_TEXT, description=HOSTILE_TEXT)
        },
    }
)
def board_header(*, board: Board, actions: Sequence[Node] = ()) -> Renderable:
    """The top of a board's page: its name, description and the owner's actions."""
    return header(class_="board-header")[
        p(class_="board-header__eyebrow")[_("Board")],
        h1(class_="board-header__title")[board.name],
        board.description and p(class_="board-header__description")[board.description],
        actions and div(class_="page-actions")[list(actions)],
    ]


@component(
    examples={
        "default": lambda: {"board": example_board(), "conversations": 3},
        "empty": lambda: {"board": example_board(description=""), "conversations": 0},
        "hostile text": lambda: {
            "board": example_board(name=HOSTILE_TEXT, description=HOSTILE_TEXT)
        },
    }
)
def board_card(*, board: Board, conversations: int = 0) -> Renderable:
    """A board in a list: name (the link), address, description and its conversation count."""
    return card(
        class_=f"board-card {board.palette_class}",
        title=board.name,
        href=board.get_absolute_url(),
        body=[
            p(class_="board-card__address")[board.get_absolute_url()],
            board.description and p[board.description],
        ],
        footer=ngettext("%(count)d conversation", "%(count)d conversations", conversations)
        % {"count": conversations},
    )


html.register(
    Board, role="card", renderer=lambda board, **kwargs: board_card(board=board, **kwargs)
)
