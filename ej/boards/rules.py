"""Board permissions: ``ej_boards.can_add_board`` (user), ``ej_boards.can_edit_board``
(user, board); value ``ej_boards.remaining_boards`` (user, None): boards the person may still
create, ``None`` meaning no limit."""

from __future__ import annotations

from django.conf import settings

from boogie.rules import register_perm, register_value


def _authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@register_value("ej_boards.remaining_boards")
def remaining_boards(user, obj=None) -> int | None:
    if not _authenticated(user):
        return 0
    if user.is_staff or user.has_perm("ej_boards.add_board"):
        return None
    return max(settings.EJ_BOARD_QUOTA - user.boards.count(), 0)


@register_perm("ej_boards.can_add_board")
def can_add_board(user) -> bool:
    remaining = remaining_boards(user)
    return remaining is None or remaining > 0


@register_perm("ej_boards.can_edit_board")
def can_edit_board(user, board) -> bool:
    return _authenticated(user) and (user.pk == board.owner_id or user.is_staff)
