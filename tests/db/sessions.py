"""PostgreSQL sessions seen from the tests: this connection's, and another one's."""

import psycopg2
from django.db import connection


def backend_pid() -> int:
    """The server process of the connection's current session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def from_another_session(sql: str, params=()) -> None:
    """Run ``sql`` on a connection of its own (autocommit), as another client would."""
    with psycopg2.connect(**connection.get_connection_params()) as other:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(sql, params)
    other.close()
