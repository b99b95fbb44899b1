"""The start-of-request check of a reused PostgreSQL connection (ej.db.backends.postgresql):
no round trip while the socket is quiet, a new session when the server ended the old one."""

import pytest
from django.db import connection, connections

from tests.db.sessions import backend_pid, from_another_session


def _new_request() -> None:
    """What Django does for a reused connection when a request starts."""
    connection.close_if_unusable_or_obsolete()
    assert connection.health_check_done is False


@pytest.fixture
def round_trips(monkeypatch):
    checks = []
    wrapper = connections["default"]
    real = wrapper.is_usable

    def counted():
        checks.append(1)
        return real()

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return checks


def test_a_quiet_connection_is_kept_without_a_round_trip(postgres, round_trips):
    pid = backend_pid()
    _new_request()
    assert backend_pid() == pid
    assert round_trips == []
    assert connection.health_check_done


def test_a_session_the_server_ended_is_replaced_before_the_first_query(postgres, round_trips):
    pid = backend_pid()
    # The two-argument form waits until the session has ended (PostgreSQL 14 and later).
    from_another_session("SELECT pg_terminate_backend(%s, 5000)", [pid])
    _new_request()
    assert backend_pid() != pid  # no error: the request's first query runs on a new session
    assert round_trips == [1]


def test_a_readable_but_live_connection_is_checked_and_kept(postgres, round_trips):
    with connection.cursor() as cursor:
        cursor.execute("LISTEN ej_health_check_test")
    pid = backend_pid()
    from_another_session("NOTIFY ej_health_check_test")
    _new_request()
    assert backend_pid() == pid
    assert round_trips == [1]
