"""Django's PostgreSQL engine, waiting a few seconds for a server that is restarting.

``ENGINE: "ej.db.backends.postgresql"``. When opening a *new* connection fails because the server
does not accept connections (nothing listens; it is shutting down, starting up or recovering; it
hangs up during the handshake), the connection is tried again with a short back-off for up to
``CONNECT_RETRY_SECONDS`` (a key of the ``DATABASES`` entry, from the environment variable
``DATABASE_CONNECT_RETRY_SECONDS``; 0 turns it off), so a PostgreSQL restart costs requests a few
seconds of latency instead of errors. The engine never repeats a query: a connection that breaks
while in use fails the request, unless the request's work is safe to repeat and says so
(:mod:`ej.db.again`, used by votes).

A reused connection is checked at the start of each request without a round trip when its
socket is quiet (see ``close_if_health_check_failed``).

Sessions plan prepared statements once (``plan_cache_mode = force_generic_plan``, set when the
session opens): the statements :mod:`boogie.prepared` prepares are the voting path's key lookups,
and PostgreSQL would otherwise plan some of them again on every run (a custom plan: 0.2 ms of a
0.3 ms ballot). Nothing else is prepared (psycopg2 sends every other query as text).

Not retried: wrong passwords, missing databases, "too many clients" (a capacity problem: more
web workers than ``max_connections``, which a few seconds do not fix and waiting workers would
only hide), and any other error.
"""

from __future__ import annotations

import logging
import select
import time

from django.db.backends.postgresql import base

log = logging.getLogger(__name__)

DEFAULT_CONNECT_RETRY_SECONDS = 5.0
FIRST_PAUSE_SECONDS = 0.1
LONGEST_PAUSE_SECONDS = 0.5

# What libpq says when nothing listens, and the server's "cannot_connect_now" (57P03) messages.
# A connection error carries no SQLSTATE in libpq, so the text is all there is; the server's
# messages are in English unless its lc_messages says otherwise.
NOT_ACCEPTING_CONNECTIONS = (
    "Connection refused",
    "failed: No such file or directory",  # no Unix socket: the server is not running
    "server closed the connection unexpectedly",  # during the handshake: it is going away
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
)


def is_not_accepting_connections(error: Exception) -> bool:
    message = str(error)
    return any(marker in message for marker in NOT_ACCEPTING_CONNECTIONS)


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def connect_retry_seconds(self) -> float:
        return float(self.settings_dict.get("CONNECT_RETRY_SECONDS", DEFAULT_CONNECT_RETRY_SECONDS))

    def get_connection_params(self):
        params = super().get_connection_params()
        options = params.get("options", "")
        params["options"] = f"{options} -c plan_cache_mode=force_generic_plan".strip()
        return params

    def get_new_connection(self, conn_params):
        started = time.monotonic()
        deadline = started + self.connect_retry_seconds
        pause = FIRST_PAUSE_SECONDS
        waited = False
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                left = deadline - time.monotonic()
                if left <= 0 or not is_not_accepting_connections(error):
                    raise
                if not waited:
                    log.warning(
                        "PostgreSQL does not accept connections (%s); trying again for up to %g s",
                        str(error).strip().splitlines()[0],
                        self.connect_retry_seconds,
                    )
                    waited = True
                time.sleep(min(pause, left))
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
            else:
                if waited:
                    log.info("PostgreSQL connected after %.1f s", time.monotonic() - started)
                return connection

    # Django checks a reused connection at the start of each request with a round trip
    # (``SELECT 1``). A session the server has ended already said so on the socket: its last
    # message, then the end of the stream, make an idle connection's socket readable. So the
    # round trip is made only when the socket has something to read (a notice, say, which the
    # round trip then consumes), and a quiet connection is taken as it is.
    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if self._socket_quiet():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _socket_quiet(self) -> bool:
        raw = self.connection
        try:
            if raw.closed:
                return False
            poller = select.poll()
            poller.register(raw.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError, self.Database.Error):
            return False
