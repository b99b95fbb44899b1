"""Writes to boards: create and update, in a transaction, with messages for the person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ej.boards import rules
from ej.boards.models import Board, Palette
from ej.conversations.text import normalize_text


def _quota_error() -> ValidationError:
    quota = settings.EJ_BOARD_QUOTA
    return ValidationError(
        ngettext(
            "You already have the %(quota)d board each person may create.",
            "You already have the %(quota)d boards each person may create.",
            quota,
        )
        % {"quota": quota},
        code="quota",
    )


def _slug_taken() -> ValidationError:
    return ValidationError({"slug": _("Another board already uses this address.")}, code="taken")


def board_create(
    *,
    owner: Any,
    name: str,
    slug: str,
    description: str = "",
    palette: str = Palette.BRAND,
) -> Board:
    """Create a board at ``/<slug>/``, within the owner's board quota."""
    board = Board(
        owner=owner,
        name=normalize_text(name),
        slug=slug.strip().lower(),
        description=description.strip(),
        palette=palette,
    )
    board.full_clean(validate_unique=False)
    with transaction.atomic():
        # Two boards created at once by the same person are counted one after the other.
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        if not rules.can_add_board(owner):
            raise _quota_error()
        if Board.objects.filter(slug=board.slug).exists():
            raise _slug_taken()
        try:
            with transaction.atomic():
                board.save()
        except IntegrityError:
            raise _slug_taken() from None
    return board


def board_update(
    *, board: Board, editor: Any, name: str, description: str = "", palette: str = Palette.BRAND
) -> Board:
    """Change a board's name, description and colours (its address stays)."""
    if not rules.can_edit_board(editor, board):
        raise PermissionDenied(_("You cannot edit this board."))
    board.name = normalize_text(name)
    board.description = description.strip()
    board.palette = palette
    board.full_clean(validate_unique=False)
    with transaction.atomic():
        board.save(update_fields=["name", "description", "palette"])
    return board
