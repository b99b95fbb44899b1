"""Every process logs lines of one shape, with times in UTC (boogie.logs)."""

import logging
import time
from datetime import UTC, datetime

from boogie.logs import UtcFormatter


def _record(created: float) -> logging.LogRecord:
    record = logging.LogRecord("ej.test", logging.INFO, __file__, 1, "a vote", (), None)
    record.created, record.msecs = created, 0
    return record


def test_lines_carry_the_time_in_utc_whatever_the_local_zone():
    moment = datetime(2026, 12, 4, 21, 30, 5, tzinfo=UTC).timestamp()
    assert time.strftime("%H", time.localtime(moment)) != "21"  # Django set TZ to São Paulo
    line = UtcFormatter().format(_record(moment))
    assert line == "2026-12-04 21:30:05,000Z INFO ej.test a vote"


def test_the_sites_loggers_write_that_shape():
    formatters = {
        type(handler.formatter)
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.formatter is not None
    }
    assert UtcFormatter in formatters
