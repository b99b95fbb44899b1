"""Gunicorn settings for EJ (read automatically from the working directory).

Environment: GUNICORN_BIND (default 127.0.0.1:8001; ``unix:/path/to.sock`` for a socket),
GUNICORN_WORKERS (default 2 × CPUs + 1), GUNICORN_TIMEOUT (default 30 s).
"""

import multiprocessing
import os

wsgi_app = "ej.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
# The same shape as the app's log lines: time level logger message.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
