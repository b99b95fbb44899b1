"""Gunicorn settings for EJ (read automatically from the working directory).

Environment:

- GUNICORN_BIND: 127.0.0.1:8001 by default; ``unix:/path/to.sock`` for a Unix socket.
- GUNICORN_WORKERS: worker processes, CPUs + 1 by default. The work is CPU-bound Python behind
  Nginx, which buffers slow clients, and on one machine PostgreSQL and Redis answer in well under
  a millisecond: measured on 2 cores (bench/load.py), 2 or 3 workers cast 310-320 votes/s, 5
  workers 275, 8 workers 255 (more processes only contend for the same cores and caches). Where
  the database is on another host, more workers (2 × CPUs + 1) can keep the cores busy while
  others wait on it.
- GUNICORN_THREADS: threads per worker, 1 by default (sync workers); more switches to the
  ``gthread`` class.
- GUNICORN_TIMEOUT: seconds before a stuck worker is killed and replaced, 30 by default.
- GUNICORN_ACCESS_LOG: ``-`` (stdout, the default) or a file; empty turns it off (Nginx keeps
  its own access log).

The application is loaded once in the master and the workers are forked from it: a worker that
dies (killed, or recycled after ``max_requests``) is replaced in milliseconds, not seconds.
"""

import multiprocessing
import os

from boogie.logs import UtcFormatter

wsgi_app = "ej.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "0") or 0) or multiprocessing.cpu_count() + 1
threads = int(os.environ.get("GUNICORN_THREADS", "1") or 1)
worker_class = "gthread" if threads > 1 else "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
backlog = 2048
# Recycle a worker after this many requests (a guard against leaks): at a few hundred requests a
# second, 5000 would replace each worker every minute, each time with cold caches.
max_requests = 50000
max_requests_jitter = 5000
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The same shape as the app's log lines (boogie.logs: time in UTC, level, logger, message).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": UtcFormatter},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
