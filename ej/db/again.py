"""Work that may run twice, run again when the database connection broke under it.

A PostgreSQL restart ends the sessions in use: a request that was halfway through fails, even
though a new connection (``ej.db.backends.postgresql`` waits for the server) would serve it a
moment later. For work that is safe to repeat (a vote is: the second INSERT finds the first and
changes nothing) and runs outside a transaction, :func:`again_if_disconnected` gives it that
second connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

T = TypeVar("T")


def _lost(connection) -> bool:
    # Django notes the error; the connection is gone when it can no longer answer.
    return connection.connection is None or not connection.is_usable()


def again_if_disconnected(work: Callable[[], T], *, using: str = DEFAULT_DB_ALIAS) -> T:
    """``work()``; run once more on a new connection if the connection was lost during it.

    Only for work that can be repeated without harm. Inside a transaction nothing is repeated
    (what the transaction did is gone with the connection): the error goes up as it came.
    """
    connection = connections[using]
    try:
        return work()
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block or not _lost(connection):
            raise
        log.warning("the database connection was lost; running the request's work again")
        connection.close()
        return work()
