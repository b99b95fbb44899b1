"""``manage.py ej_worker``: the RQ worker of EJ's background jobs (opinion groups).

    python manage.py ej_worker            # work until stopped (SIGTERM/SIGINT stop it cleanly)
    python manage.py ej_worker --burst    # process what is queued (and due), then exit
    python manage.py ej_worker --check    # exit 0 when Redis answers (container health check)

It listens on ``EJ_CLUSTERS_QUEUE`` in ``REDIS_URL`` and runs RQ's scheduler too, for delayed
jobs (cool-downs and retries). Each job runs in a forked work horse, so a job's memory is given
back when it ends and a stuck job can be stopped at ``EJ_CLUSTERS_JOB_TIMEOUT``; database
connections are closed before each fork, so parent and child never share one. The work horse
runs at a lower CPU priority (``EJ_JOBS_NICE``, 10): on a machine shared with Gunicorn, a
recomputation's math no longer takes a core from the votes for the moment it runs (measured
with bench/load.py: the p99 of the 5 s slices with a recomputation went from 210-234 ms to
92-166 ms).
"""

from __future__ import annotations

import os

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ej_clusters import jobs


def lower_priority(niceness: int) -> None:
    """Run this process at ``niceness`` (0-19) at least: a job's math yields the CPU to the web
    processes sharing the machine."""
    wanted = min(max(int(niceness), 0), 19)
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if wanted > current:
        os.setpriority(os.PRIO_PROCESS, 0, wanted)


def _worker_classes():
    from rq import SimpleWorker, Worker

    class DjangoWorker(Worker):
        """Forks a work horse per job; closes Django's connections first. The work horse runs
        at ``EJ_JOBS_NICE``."""

        def execute_job(self, job, queue):
            connections.close_all()
            return super().execute_job(job, queue)

        def main_work_horse(self, job, queue):
            lower_priority(settings.EJ_JOBS_NICE)
            return super().main_work_horse(job, queue)

    class DjangoSimpleWorker(SimpleWorker):
        """Runs jobs in this process (no fork): for in-memory databases and debugging."""

        def execute_job(self, job, queue):
            try:
                return super().execute_job(job, queue)
            finally:
                for connection in connections.all(initialized_only=True):
                    if not connection.in_atomic_block:  # (a test's transaction stays open)
                        connection.close_if_unusable_or_obsolete()

    return DjangoWorker, DjangoSimpleWorker


class Command(BaseCommand):
    help = "Run the worker of EJ's background jobs (RQ on REDIS_URL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="process the queued jobs, then exit"
        )
        parser.add_argument(
            "--check", action="store_true", help="exit 0 when Redis is reachable, 1 otherwise"
        )
        parser.add_argument(
            "--simple",
            action="store_true",
            help="run jobs in this process instead of a forked child (needed with an "
            "in-memory database)",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="do not run RQ's scheduler (delayed jobs then wait for another worker)",
        )

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError(
                "REDIS_URL is not set: jobs run inside the web process and no worker is needed."
            )
        try:
            connection = jobs.redis_connection(for_worker=True)
            connection.ping()
        except redis.RedisError as error:
            raise CommandError(f"Redis is not reachable at REDIS_URL: {error}") from error
        if options["check"]:
            self.stdout.write("ej_worker: Redis is reachable")
            return
        forking, simple = _worker_classes()
        in_memory = any(
            str(db.get("NAME", "")) in (":memory:", "") or "mode=memory" in str(db.get("NAME", ""))
            for db in settings.DATABASES.values()
            if db.get("ENGINE", "").endswith("sqlite3")
        )
        worker_class = simple if options["simple"] or in_memory else forking
        worker = worker_class(
            [jobs.queue(connection)],
            connection=connection,
            name=None,
        )
        level = "WARNING" if options["verbosity"] < 1 else "INFO"
        worker.work(
            burst=options["burst"],
            with_scheduler=not options["no_scheduler"],
            logging_level=level,
        )
