"""Server-side prepared statements for the SQL that runs on every request, on PostgreSQL.

PostgreSQL parses and plans each statement it receives; for the short queries of the voting path
that is most of its work (a query planned each time costs it 2 to 5 times what a prepared one
does). psycopg2 does not prepare statements itself, so :func:`fetch` does: the first time a
connection runs a statement it sends ``PREPARE``, then ``EXECUTE name(values)``. Elsewhere (SQLite)
the statement runs as it is.

A statement is prepared with the types of its first values (``int`` as ``bigint``, ``str`` as
``text``, ...); one whose values have no type here (``None``, lists) runs unprepared. Statements
live as long as their connection, so this needs a session-pooled or direct connection (not
PgBouncer in transaction mode).
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import logging
import re
import uuid

from django.db import DatabaseError, transaction

__all__ = ["fetch", "statement_name"]

log = logging.getLogger(__name__)

_TYPES: dict[type, str] = {
    bool: "boolean",
    int: "bigint",
    float: "double precision",
    str: "text",
    datetime.datetime: "timestamptz",
    datetime.date: "date",
    datetime.time: "time",
    decimal.Decimal: "numeric",
    uuid.UUID: "uuid",
}
_PLACEHOLDER = re.compile(r"%%|%s")
_names = itertools.count(1)
_unpreparable: set[tuple[str, str]] = set()  # (statement name, reason) logged once


def statement_name(prefix: str = "ej") -> str:
    """A name for a new statement, unique in this process."""
    return f"{prefix}_{next(_names)}"


def _types(params) -> list[str] | None:
    found = []
    for value in params:
        # The first class of the value's that has a type: choices (str and int enums) included.
        kind = next((_TYPES[cls] for cls in type(value).__mro__ if cls in _TYPES), None)
        if kind is None:
            return None
        found.append(kind)
    return found


def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1, $2, ...`` (``%%`` is a ``%``)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


def _prepared_on(connection) -> set[str]:
    """Names prepared on ``connection``'s current database session (a new session: none)."""
    raw = connection.connection
    state = getattr(connection, "_boogie_prepared", None)
    if state is None or state[0] is not raw:
        state = connection._boogie_prepared = (raw, set())
    return state[1]


def _prepare(connection, cursor, name: str, sql: str, types: list[str]) -> bool:
    statement = (
        f"PREPARE {name} ({', '.join(types)}) AS {_numbered(sql)}"
        if types
        else (f"PREPARE {name} AS {_numbered(sql)}")
    )
    try:
        # In a transaction a failed PREPARE would abort it: try it in a savepoint there.
        with transaction.atomic(using=connection.alias, savepoint=connection.in_atomic_block):
            cursor.execute(statement)
    except DatabaseError as error:
        if (name, "prepare") not in _unpreparable:
            _unpreparable.add((name, "prepare"))
            log.warning("statement %s runs unprepared: %s", name, error)
        return False
    return True


def fetch(connection, name: str, sql: str, params) -> list[tuple]:
    """The rows of ``sql`` run with ``params`` on ``connection`` (a Django connection), through
    the prepared statement ``name`` on PostgreSQL. ``sql`` must be the same for a given name."""
    params = list(params)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and (name, "prepare") not in _unpreparable:
            prepared = _prepared_on(connection)
            if name not in prepared:
                types = _types(params)
                if types is not None and _prepare(connection, cursor, name, sql, types):
                    prepared.add(name)
            if name in prepared:
                placeholders = ", ".join(["%s"] * len(params))
                cursor.execute(
                    f"EXECUTE {name}({placeholders})" if params else f"EXECUTE {name}", params
                )
                return cursor.fetchall()
        cursor.execute(sql, params)
        return cursor.fetchall()
