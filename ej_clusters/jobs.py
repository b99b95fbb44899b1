"""Background recomputation of opinion groups.

Flow:

1. Trigger. ``votes_arrived`` (a ``vote_saved`` receiver) bumps a per-conversation counter in
   the cache; every ``EJ_CLUSTERS_NEW_VOTES`` votes it calls ``schedule``. Moderation and the
   organizers' changes call ``schedule`` too; the "recompute now" button calls
   ``schedule(now=True)``.
2. Coalescing. ``schedule`` marks the clusterization as requested (``requested_at``, the time
   the job is due) with a conditional UPDATE: only the caller that flips it enqueues a job, so a
   burst of votes makes one job. The job is due once the cool-down since the last run passed.
3. Lock. ``run_job`` takes a lease on the clusterization row (a conditional UPDATE of
   ``lease_until``; it expires, so a killed worker does not block the conversation). A job that
   finds the lease taken leaves the request standing and the running job enqueues a follow-up
   when it ends: one job at a time per conversation, and no request is lost.
4. Retries. A failed run is logged and counted; it is retried after ``EJ_CLUSTERS_RETRY_DELAYS``
   up to ``EJ_CLUSTERS_RETRIES`` times, then the error stays on the organizers' page until a
   later run succeeds (new votes try once more, without retries; "recompute now" starts afresh).

Where jobs run: on the RQ queue ``EJ_CLUSTERS_QUEUE`` in Redis (``manage.py ej_worker``) when
``REDIS_URL`` is set; otherwise (or with ``EJ_JOBS_INLINE``) in the web process, in one
background thread per process, after the response; with ``EJ_JOBS_SYNC`` (tests) at once.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone

from boogie.memo import ExpiringMemo
from ej.conversations.models import Conversation
from ej_clusters import services
from ej_clusters.models import Clusterization, Status

log = logging.getLogger("ej.clusters")

NEW_VOTES_KEY = "ej-clusters:new-votes:{conversation}"
JOB_FUNCTION = "ej_clusters.jobs.run_job"


# Settings helpers


def uses_redis() -> bool:
    """Jobs go to the RQ queue (else they run inline in the web process)."""
    return bool(settings.REDIS_URL) and not settings.EJ_JOBS_INLINE


def cooldown_remaining(last_run: datetime | None, now: datetime) -> float:
    """Seconds until the cool-down after ``last_run`` is over (0 when it is)."""
    if last_run is None:
        return 0.0
    due = last_run + timedelta(seconds=settings.EJ_CLUSTERS_COOLDOWN_SECONDS)
    return max(0.0, (due - now).total_seconds())


def retry_delay(failures: int) -> float:
    """Seconds before retry number ``failures`` (1-based); the last delay repeats."""
    delays = [float(x) for x in settings.EJ_CLUSTERS_RETRY_DELAYS] or [0.0]
    return max(0.0, delays[min(failures, len(delays)) - 1])


def _lease_seconds() -> int:
    return settings.EJ_CLUSTERS_JOB_TIMEOUT + 60


def _stale_after() -> timedelta:
    """A request older than this never ran (its job was lost): a new trigger may replace it."""
    return timedelta(
        seconds=settings.EJ_CLUSTERS_JOB_TIMEOUT + settings.EJ_CLUSTERS_COOLDOWN_SECONDS + 60
    )


# Redis and RQ


def redis_connection(*, for_worker: bool = False) -> redis.Redis:
    """A connection to ``REDIS_URL``; the web side gives up quickly when Redis is down."""
    if for_worker:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5)
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=2)


def queue(connection: redis.Redis | None = None):
    import rq

    return rq.Queue(
        settings.EJ_CLUSTERS_QUEUE,
        connection=connection or redis_connection(),
        default_timeout=settings.EJ_CLUSTERS_JOB_TIMEOUT,
    )


# Triggering


# After it asked for a recomputation (or found one already asked for), a process does not count
# that conversation's votes for a moment: the pending job will read them anyway, and at hundreds
# of votes a second counting them costs a Redis round trip per vote and asking again two queries
# every fifth vote. (The conversation ids it does not count for now.)
PENDING_RECHECK_SECONDS = 2.0
_pending_memo = ExpiringMemo(PENDING_RECHECK_SECONDS)


def votes_arrived(conversation_id: int, count: int = 1) -> bool:
    """Count new votes; every ``EJ_CLUSTERS_NEW_VOTES`` of them, schedule a recomputation.
    Returns whether a job was enqueued. Votes that arrive within ``PENDING_RECHECK_SECONDS``
    after this process scheduled one are not counted (the job reads them)."""
    if conversation_id in _pending_memo:
        return False
    key = NEW_VOTES_KEY.format(conversation=conversation_id)
    try:
        total = cache.incr(key, count)
    except ValueError:
        cache.add(key, 0, timeout=None)
        try:
            total = cache.incr(key, count)
        except ValueError:
            return False
    if not total or total < settings.EJ_CLUSTERS_NEW_VOTES:
        return False
    try:
        cache.decr(key, total)
    except ValueError:
        pass
    enqueued = schedule(conversation_id)
    _pending_memo.set(conversation_id)
    return enqueued


def schedule(conversation_id: int, *, now: bool = False) -> bool:
    """Ask for a recomputation of the conversation's groups; returns whether a job was enqueued
    (False when one is already pending: the request joins it, or when groups are off).

    ``now`` (the organizers' button) runs it without waiting for the cool-down and with fresh
    retries.
    """
    clusterization = (
        Clusterization.objects.filter(conversation_id=conversation_id)
        .only("pk", "status", "last_run")
        .first()
    )
    if clusterization is None:
        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is None:
            return False
        clusterization = services.clusterization_for(conversation)
    if clusterization.status == Status.DISABLED:
        return False
    current = timezone.now()
    rows = Clusterization.objects.filter(pk=clusterization.pk)
    if now:
        rows.update(requested_at=current, failures=0)
        enqueue(conversation_id, force=True)
        return True
    delay = cooldown_remaining(clusterization.last_run, current)
    free = Q(requested_at__isnull=True) | Q(requested_at__lt=current - _stale_after())
    claimed = rows.filter(free).update(requested_at=current + timedelta(seconds=delay))
    if not claimed:
        log.debug("conversation %s: recomputation already pending", conversation_id)
        return False
    enqueue(conversation_id, delay=delay)
    return True


def enqueue(conversation_id: int, *, delay: float = 0.0, force: bool = False) -> None:
    """Hand a job to RQ, or to the in-process runner."""
    if not uses_redis():
        inline.submit(conversation_id, delay=delay, force=force)
        return
    options = {
        "args": (conversation_id,),
        "kwargs": {"force": force},
        "job_timeout": settings.EJ_CLUSTERS_JOB_TIMEOUT,
        "result_ttl": 3600,
        "failure_ttl": 7 * 24 * 3600,
        "description": f"opinion groups of conversation {conversation_id}",
    }
    try:
        jobs = queue()
        if delay > 0:
            jobs.enqueue_in(timedelta(seconds=delay), JOB_FUNCTION, **options)
        else:
            jobs.enqueue(JOB_FUNCTION, **options)
    except redis.RedisError as error:
        # The votes are saved; a later trigger asks again.
        log.warning("conversation %s: cannot enqueue the job: %s", conversation_id, error)
        Clusterization.objects.filter(conversation_id=conversation_id).update(requested_at=None)


# The job


def _new_lease_token() -> str:
    """Who holds the lease: host, process and a random part."""
    host = socket.gethostname()[:12]
    return f"{host}|{os.getpid()}|{uuid.uuid4().hex}"


def _holder_is_gone(token: str) -> bool:
    """The lease was taken by a process of this machine that no longer exists (a web process
    restarted during an inline job, a killed work horse): it need not expire first."""
    host, _, rest = token.partition("|")
    pid, _, _random = rest.partition("|")
    if host != socket.gethostname()[:12] or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _acquire(pk: int) -> str | None:
    token = _new_lease_token()
    current = timezone.now()
    until = current + timedelta(seconds=_lease_seconds())
    rows = Clusterization.objects.filter(pk=pk)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=current)
    if rows.filter(free).update(lease_token=token, lease_until=until):
        return token
    holder = rows.values_list("lease_token", flat=True).first()
    if holder and _holder_is_gone(holder):
        if rows.filter(lease_token=holder).update(lease_token=token, lease_until=until):
            log.warning("took over the lease of a job that died (%s)", holder)
            return token
    return None


def _lease_left(pk: int) -> float:
    until = Clusterization.objects.filter(pk=pk).values_list("lease_until", flat=True).first()
    if until is None:
        return 0.0
    return max(0.0, (until - timezone.now()).total_seconds())


def _release(pk: int, token: str) -> None:
    Clusterization.objects.filter(pk=pk, lease_token=token).update(lease_token="", lease_until=None)


def run_job(conversation_id: int, force: bool = False) -> str:
    """Recompute one conversation's groups. Returns what happened: the new status, or
    "locked" (another job runs), "not-due" (cool-down: enqueued again for later),
    "nothing-to-do" (the request was served by another job), "disabled" or "missing"."""
    clusterization = (
        Clusterization.objects.filter(conversation_id=conversation_id)
        .select_related("conversation")
        .first()
    )
    if clusterization is None:
        return "missing"
    token = _acquire(clusterization.pk)
    rows = Clusterization.objects.filter(pk=clusterization.pk)
    if token is None:
        # Leave the request standing: the running job enqueues a follow-up when it ends. In
        # case it never ends (its process was killed), look again once its lease is over.
        rows.filter(requested_at__isnull=True).update(requested_at=timezone.now())
        log.info("conversation %s: a recomputation is running; this one joins it", conversation_id)
        enqueue(conversation_id, delay=_lease_left(clusterization.pk) + 1)
        return "locked"
    retry_in = None
    try:
        clusterization.refresh_from_db()
        if clusterization.status == Status.DISABLED:
            rows.update(requested_at=None)
            return "disabled"
        current = timezone.now()
        if not force:
            wait = cooldown_remaining(clusterization.last_run, current)
            if wait > 0 and clusterization.requested_at is not None:
                rows.update(requested_at=current + timedelta(seconds=wait))
                retry_in = wait  # enqueued again once the lease is released
                return "not-due"
            if not rows.filter(requested_at__isnull=False).update(requested_at=None):
                return "nothing-to-do"
        else:
            rows.update(requested_at=None)
        started = time.perf_counter()
        try:
            status = services.recompute(clusterization)
        except Exception as error:
            failures = services.record_failure(clusterization.pk, error)
            if failures <= settings.EJ_CLUSTERS_RETRIES:
                retry_in = retry_delay(failures)
                rows.update(requested_at=timezone.now() + timedelta(seconds=retry_in))
                log.exception(
                    "conversation %s: recomputation failed (attempt %s); retrying in %.0f s",
                    conversation_id,
                    failures,
                    retry_in,
                )
            else:
                log.exception(
                    "conversation %s: recomputation failed %s times in a row; giving up",
                    conversation_id,
                    failures,
                )
            raise
        log.info(
            "conversation %s: opinion groups recomputed in %.2f s (%s)",
            conversation_id,
            time.perf_counter() - started,
            status,
        )
        return status
    finally:
        _release(clusterization.pk, token)
        if retry_in is not None:
            enqueue(conversation_id, delay=retry_in)
        else:
            _follow_up(clusterization.pk, conversation_id)


def _follow_up(pk: int, conversation_id: int) -> None:
    """Someone asked for a recomputation while this job ran: make sure one comes."""
    row = Clusterization.objects.filter(pk=pk).values("requested_at", "last_run", "status").first()
    if row is None or row["requested_at"] is None or row["status"] == Status.DISABLED:
        return
    enqueue(conversation_id, delay=cooldown_remaining(row["last_run"], timezone.now()))


# Inline jobs (no Redis)


class InlineRunner:
    """Runs jobs in this process: at once with ``EJ_JOBS_SYNC`` (delayed ones are kept in
    ``deferred`` until ``run_deferred``), else in one daemon thread, each when it is due."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, int, bool]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self.deferred: list[tuple[int, float, bool]] = []

    def submit(self, conversation_id: int, *, delay: float = 0.0, force: bool = False) -> None:
        if settings.EJ_JOBS_SYNC:
            if delay > 0:
                self.deferred.append((conversation_id, delay, force))
            else:
                self._run(conversation_id, force, close=False)
            return
        with self._condition:
            due = time.monotonic() + delay
            heapq.heappush(self._heap, (due, next(self._order), conversation_id, force))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="ej-clusters-jobs", daemon=True
                )
                self._thread.start()
            self._condition.notify()

    def run_deferred(self) -> int:
        """Run the delayed jobs now (sync mode); returns how many ran."""
        jobs, self.deferred = self.deferred, []
        for conversation_id, _delay, force in jobs:
            self._run(conversation_id, force, close=False)
        return len(jobs)

    def pending(self) -> int:
        with self._condition:
            return len(self._heap)

    def _loop(self) -> None:
        while True:
            with self._condition:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    timeout = None if not self._heap else self._heap[0][0] - time.monotonic()
                    self._condition.wait(timeout)
                _due, _order, conversation_id, force = heapq.heappop(self._heap)
            self._run(conversation_id, force, close=True)

    @staticmethod
    def _run(conversation_id: int, force: bool, *, close: bool) -> None:
        if close:
            close_old_connections()
        try:
            run_job(conversation_id, force=force)
        except Exception:  # noqa: S110 - run_job logged it and scheduled the retry
            pass
        finally:
            if close:
                connections.close_all()


inline = InlineRunner()
