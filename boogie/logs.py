"""One shape for every log line of the site's processes (Gunicorn, Django, the job worker):
``<time in UTC>Z <level> <logger> <message>``.

Times are in UTC whatever ``TIME_ZONE`` says: Django sets a process's zone to ``TIME_ZONE``
(where people read dates), and the lines of processes in different zones, or of a process that
logs before Django is set up and after, would otherwise not sort together.
"""

from __future__ import annotations

import logging
import time

__all__ = ["LINE", "UtcFormatter"]

LINE = "%(asctime)sZ %(levelname)s %(name)s %(message)s"


class UtcFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self, fmt: str | None = LINE, *args, **kwargs):
        super().__init__(fmt, *args, **kwargs)
