"""Work run again on a new connection when PostgreSQL ends the session under it
(ej.db.again): real sessions ended with pg_terminate_backend, as a restart ends them."""

import pytest
from django.db import OperationalError, connection, transaction

from ej.db.again import again_if_disconnected
from tests.db.sessions import backend_pid, from_another_session


def _end_session(pid: int) -> None:
    """End a session from another connection, as a server shutting down does."""
    from_another_session("SELECT pg_terminate_backend(%s)", [pid])


def _ended_then_asked():
    """The work of a request whose session ends before its query."""
    runs = []

    def work() -> int:
        runs.append(1)
        if len(runs) == 1:
            _end_session(backend_pid())
        return backend_pid()

    return work, runs


def test_work_runs_again_on_a_new_session(postgres):
    first = backend_pid()
    work, runs = _ended_then_asked()
    second = again_if_disconnected(work)
    assert len(runs) == 2
    assert second != first


def test_without_it_the_request_fails(postgres):
    work, runs = _ended_then_asked()
    with pytest.raises(OperationalError):
        work()


def test_inside_a_transaction_nothing_is_repeated(postgres):
    work, runs = _ended_then_asked()
    with pytest.raises(OperationalError), transaction.atomic():
        again_if_disconnected(work)
    assert len(runs) == 1


def test_errors_of_a_live_connection_are_not_repeated(postgres):
    runs = []

    def work():
        runs.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 1")
            try:
                cursor.execute("SELECT pg_sleep(1)")  # cancelled: an OperationalError
            finally:
                cursor.execute("SET statement_timeout = 0")

    with pytest.raises(OperationalError, match="statement timeout"):
        again_if_disconnected(work)
    assert len(runs) == 1
