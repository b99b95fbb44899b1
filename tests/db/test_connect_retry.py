"""The PostgreSQL engine that waits for a restarting server (ej.db.backends.postgresql).

Real connections to the PostgreSQL at 127.0.0.1:5432, some through a TCP forwarder on a port of
our own, which stands for a server that is down (nothing listens), comes back (the forwarder
starts) or drops its connections (the forwarder closes them).
"""

import logging
import socket
import threading
import time
import uuid

import pytest
from django.db import Error, OperationalError, connection

from ej.db.backends.postgresql.base import DatabaseWrapper, is_not_accepting_connections
from settings.concerns import Database

POSTGRES = ("127.0.0.1", 5432)


@pytest.fixture
def postgres(db):
    """The test database's settings; the test is skipped unless it runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI's second run)")
    return connection.settings_dict


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Forwarder:
    """Listens on ``port`` and pipes each connection to PostgreSQL."""

    def __init__(self, port: int):
        self.port = port
        self.accepted = 0
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.accepted += 1
            server = socket.create_connection(POSTGRES)
            self.sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass

    def drop_connections(self) -> None:
        """Cut every connection open so far, as a server that goes away; keep listening."""
        for each in self.sockets:
            try:
                each.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            each.close()
        self.sockets.clear()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.drop_connections()


@pytest.fixture
def forwarder():
    forwarder = Forwarder(free_port())
    yield forwarder
    forwarder.stop()


def wrapper(settings_dict, *, retry_seconds, **changes) -> DatabaseWrapper:
    changed = {**settings_dict, "CONNECT_RETRY_SECONDS": retry_seconds, **changes}
    return DatabaseWrapper(changed, alias=f"retry-{uuid.uuid4().hex[:8]}")


def select_one(database: DatabaseWrapper) -> int:
    with database.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def test_a_new_connection_waits_for_a_server_that_comes_back(postgres, forwarder, caplog):
    database = wrapper(postgres, retry_seconds=5, HOST="127.0.0.1", PORT=forwarder.port)
    threading.Timer(1.0, forwarder.start).start()
    started = time.monotonic()
    try:
        with caplog.at_level(logging.INFO, logger="ej.db"):
            assert select_one(database) == 1
    finally:
        database.close()
    assert 0.9 < time.monotonic() - started < 4
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "does not accept connections" in warnings[0].getMessage()
    assert "Connection refused" in warnings[0].getMessage()


def test_without_retry_a_refused_connection_fails_at_once(postgres):
    database = wrapper(postgres, retry_seconds=0, HOST="127.0.0.1", PORT=free_port())
    started = time.monotonic()
    with pytest.raises(OperationalError, match="Connection refused"):
        database.ensure_connection()
    assert time.monotonic() - started < 0.5


def test_the_wait_ends_after_the_retry_seconds(postgres):
    database = wrapper(postgres, retry_seconds=1, HOST="127.0.0.1", PORT=free_port())
    started = time.monotonic()
    with pytest.raises(OperationalError, match="Connection refused"):
        database.ensure_connection()
    assert 0.9 < time.monotonic() - started < 2


def test_a_missing_database_is_not_waited_for(postgres):
    database = wrapper(postgres, retry_seconds=5, NAME=f"ej_missing_{uuid.uuid4().hex[:8]}")
    started = time.monotonic()
    with pytest.raises(OperationalError, match="does not exist"):
        database.ensure_connection()
    assert time.monotonic() - started < 1


@pytest.fixture
def role_without_connections(postgres):
    """A role PostgreSQL refuses with "too many connections" (53300), as at max_connections."""
    name = f"ej_no_connections_{uuid.uuid4().hex[:8]}"
    # Roles belong to the server, not to the test's transaction: created on a connection of its own.
    admin = wrapper(postgres, retry_seconds=0)
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN CONNECTION LIMIT 0")
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f"DROP ROLE {name}")
    admin.close()


def test_too_many_connections_is_not_waited_for(postgres, role_without_connections):
    database = wrapper(postgres, retry_seconds=5, USER=role_without_connections, PASSWORD="")
    started = time.monotonic()
    with pytest.raises(OperationalError, match="too many connections"):
        database.ensure_connection()
    assert time.monotonic() - started < 1


def test_a_connection_that_breaks_in_use_fails_and_is_not_reopened(postgres, forwarder):
    forwarder.start()
    database = wrapper(postgres, retry_seconds=5, HOST="127.0.0.1", PORT=forwarder.port)
    try:
        assert select_one(database) == 1
        forwarder.drop_connections()  # the forwarder still listens: a new connection would work
        started = time.monotonic()
        with pytest.raises(Error):
            select_one(database)
        assert time.monotonic() - started < 1
        assert forwarder.accepted == 1  # the query was not sent again on a new connection
        # At the end of the request Django drops the broken connection; the next one reconnects.
        database.close_if_unusable_or_obsolete()
        assert select_one(database) == 1
        assert forwarder.accepted == 2
    finally:
        database.close()


def test_postgres_urls_use_the_waiting_engine():
    conf = Database(
        environment="production",
        environ_={
            "DATABASE_URL": "postgres://ej:secret@db.internal:5432/ej",
            "DATABASE_CONNECT_RETRY_SECONDS": "2.5",
        },
    )
    config = conf.DATABASES["default"]
    assert config["ENGINE"] == "ej.db.backends.postgresql"
    assert config["CONNECT_RETRY_SECONDS"] == 2.5
    assert config["CONN_HEALTH_CHECKS"] is True

    default = Database(environment="production", environ_={"DATABASE_URL": "postgres://h/ej"})
    assert default.DATABASES["default"]["CONNECT_RETRY_SECONDS"] == 5
    sqlite = Database(environment="test", environ_={}).DATABASES["default"]
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert "CONNECT_RETRY_SECONDS" not in sqlite


# What libpq said while a PostgreSQL 15 restarted (pg_ctl stop -m immediate, start), per attempt.
RESTARTING = [
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  the database system is '
    "shutting down",
    'connection to server at "127.0.0.1", port 5432 failed: server closed the connection '
    "unexpectedly\n\tThis probably means the server terminated abnormally",
    'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs the server '
    "running on that host and accepting TCP/IP connections?",
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  the database system is '
    "starting up",
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  the database system is not '
    "yet accepting connections\nDETAIL:  Consistent recovery state has not been yet reached.",
    'connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: No such file or '
    "directory\n\tIs the server running locally and accepting connections on that socket?",
]
REFUSED_FOR_GOOD = [
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "x" does not exist',
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication '
    'failed for user "ej"',
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  sorry, too many clients '
    "already",
    'connection to server at "127.0.0.1", port 5432 failed: FATAL:  too many connections for '
    'role "ej"',
]


@pytest.mark.parametrize("message", RESTARTING)
def test_a_restarting_server_is_waited_for(message):
    assert is_not_accepting_connections(Exception(message))


@pytest.mark.parametrize("message", REFUSED_FOR_GOOD)
def test_other_connection_errors_are_not_waited_for(message):
    assert not is_not_accepting_connections(Exception(message))
