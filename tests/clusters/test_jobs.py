"""Background recomputation: triggers, cool-down, coalescing, the lock, retries, the worker.

The inline path (no Redis) runs everywhere; the RQ tests need ``REDIS_URL`` (CI's second run
sets it) and use a queue of their own.
"""

import os
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from ej.conversations import services as conversation_services
from ej.conversations.models import Vote
from ej_clusters import jobs, services
from ej_clusters.models import Clusterization, Status
from tests.clusters.conftest import add_comments, cast_votes, two_sides

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")


def clusterization_of(conversation):
    return Clusterization.objects.get(conversation=conversation)


def test_cooldown_and_retry_delays(settings):
    now = timezone.now()
    settings.EJ_CLUSTERS_COOLDOWN_SECONDS = 30
    assert jobs.cooldown_remaining(None, now) == 0
    assert jobs.cooldown_remaining(now - timedelta(seconds=10), now) == pytest.approx(20)
    assert jobs.cooldown_remaining(now - timedelta(seconds=40), now) == 0
    settings.EJ_CLUSTERS_RETRY_DELAYS = ["5", "60"]
    assert [jobs.retry_delay(n) for n in (1, 2, 3)] == [5, 60, 60]


def test_the_defaults(settings):
    from settings.features import Clusters

    fields = Clusters.fields()
    assert fields["EJ_CLUSTERS_NEW_VOTES"].default == 5
    assert fields["EJ_CLUSTERS_COOLDOWN_SECONDS"].default == 30


# Inline (no Redis): jobs run in the test's thread


def test_five_new_votes_start_a_recomputation(voted, jobs_inline):
    conversation, _people = voted
    for _vote in range(4):
        assert not jobs.votes_arrived(conversation.pk)
    assert not Clusterization.objects.filter(conversation=conversation, runs__gt=0).exists()
    assert jobs.votes_arrived(conversation.pk)
    clusterization = clusterization_of(conversation)
    assert clusterization.runs == 1 and clusterization.status == Status.ACTIVE
    assert clusterization.requested_at is None and clusterization.lease_until is None


def test_votes_right_after_a_request_are_not_counted_for_a_moment(
    voted, jobs_inline, django_assert_num_queries
):
    conversation, _people = voted
    for _vote in range(4):
        assert not jobs.votes_arrived(conversation.pk)
    assert jobs.votes_arrived(conversation.pk)
    assert clusterization_of(conversation).runs == 1
    # The run just asked for reads these votes: no count, no query, no new request.
    with django_assert_num_queries(0):
        for _vote in range(10):
            assert not jobs.votes_arrived(conversation.pk)
    assert not jobs.inline.deferred
    jobs._pending_memo.forget(conversation.pk)  # the moment is over: votes count again
    for _vote in range(4):
        assert not jobs.votes_arrived(conversation.pk)
    assert jobs.votes_arrived(conversation.pk)  # the next run, after the cool-down
    assert len(jobs.inline.deferred) == 1


def test_votes_cast_through_the_service_count(
    voted, jobs_inline, participant, django_capture_on_commit_callbacks
):
    conversation, _people = voted
    comments = list(conversation.comments.approved().order_by("id"))
    with django_capture_on_commit_callbacks(execute=True):
        for comment in comments[:5]:
            conversation_services.vote_cast(author=participant, comment=comment, choice="agree")
    assert clusterization_of(conversation).runs == 1


def test_moderation_asks_for_a_recomputation(
    voted, jobs_inline, moderator, other, django_capture_on_commit_callbacks
):
    conversation, _people = voted
    comment = conversation.comments.approved().first()
    with django_capture_on_commit_callbacks(execute=True):
        conversation_services.comment_moderate(
            comments=[comment], moderator=moderator, status="rejected", reason="off_topic"
        )
    clusterization = clusterization_of(conversation)
    assert clusterization.runs == 1
    assert clusterization.comment_values.get(comment=comment).moderated_out


def test_the_cooldown_delays_the_next_run_and_bursts_coalesce(voted, jobs_inline, settings):
    conversation, _people = voted
    settings.EJ_CLUSTERS_COOLDOWN_SECONDS = 30
    assert jobs.schedule(conversation.pk)
    assert clusterization_of(conversation).runs == 1
    # A burst of votes right after: one job, due when the cool-down ends.
    for _ in range(20):
        jobs.votes_arrived(conversation.pk)
    assert len(jobs.inline.deferred) == 1
    _conversation_id, delay, _force = jobs.inline.deferred[0]
    assert 25 < delay <= 30
    clusterization = clusterization_of(conversation)
    assert clusterization.requested_at > timezone.now() + timedelta(seconds=25)
    assert not jobs.schedule(conversation.pk)  # joins the pending request
    # Too early: the job sees the cool-down and waits again.
    assert jobs.run_job(conversation.pk) == "not-due"
    assert clusterization_of(conversation).runs == 1
    # Once the cool-down is over it runs, once.
    Clusterization.objects.filter(pk=clusterization.pk).update(
        last_run=timezone.now() - timedelta(seconds=60)
    )
    jobs.inline.run_deferred()
    assert clusterization_of(conversation).runs == 2
    assert jobs.run_job(conversation.pk) == "nothing-to-do"
    assert clusterization_of(conversation).runs == 2


def test_recompute_now_skips_the_cooldown(voted, jobs_inline):
    conversation, _people = voted
    jobs.schedule(conversation.pk)
    assert jobs.schedule(conversation.pk, now=True)
    assert clusterization_of(conversation).runs == 2


def test_a_lost_request_does_not_block_later_ones(voted, jobs_inline, settings):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    long_ago = timezone.now() - timedelta(hours=2)
    Clusterization.objects.filter(pk=clusterization.pk).update(requested_at=long_ago)
    assert jobs.schedule(conversation.pk)
    assert clusterization_of(conversation).runs == 1


def test_switched_off_conversations_are_not_recomputed(voted, jobs_inline, author):
    conversation, _people = voted
    services.enabled_set(conversation=conversation, enabled=False, editor=author)
    assert not jobs.schedule(conversation.pk)
    assert not jobs.schedule(conversation.pk, now=True)
    assert jobs.run_job(conversation.pk, force=True) == "disabled"
    assert clusterization_of(conversation).runs == 0


def test_unknown_conversations(jobs_inline):
    assert not jobs.schedule(987654)
    assert jobs.run_job(987654) == "missing"


def test_a_job_finding_the_lock_taken_leaves_the_request_to_the_running_one(voted, jobs_inline):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    token = jobs._acquire(clusterization.pk)
    assert token and jobs._acquire(clusterization.pk) is None
    assert jobs.run_job(conversation.pk, force=True) == "locked"
    assert clusterization_of(conversation).requested_at is not None
    assert clusterization_of(conversation).runs == 0
    # When the running job ends it sees the request and runs a follow-up.
    jobs._release(clusterization.pk, token)
    jobs._follow_up(clusterization.pk, conversation.pk)
    assert clusterization_of(conversation).runs == 1


def test_an_expired_lock_is_taken_over(voted, jobs_inline):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    Clusterization.objects.filter(pk=clusterization.pk).update(
        lease_token="dead", lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert jobs.run_job(conversation.pk, force=True) == Status.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_recomputations_run_one_at_a_time(
    conversation, make_user, author, settings, monkeypatch
):
    """Two "recompute now" requests at the same moment: one runs, the other joins it."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        # Threads share the in-memory test database; it works, but serializes writes.
        pass
    settings.EJ_JOBS_INLINE = True
    settings.EJ_JOBS_SYNC = True
    monkeypatch.setattr(jobs, "inline", jobs.InlineRunner())
    add_comments(conversation, 5, author)
    cast_votes(conversation, two_sides(), make_user)
    services.clusterization_for(conversation)
    running = threading.Event()
    calls = []
    real = services.recompute

    def slow(clusterization):
        calls.append(clusterization.pk)
        running.set()
        time.sleep(0.5)
        return real(clusterization)

    monkeypatch.setattr(services, "recompute", slow)
    # The follow-up is checked separately; here we look at what the two requests do.
    monkeypatch.setattr(jobs, "_follow_up", lambda *args: None)
    outcomes = []

    def request():
        try:
            outcomes.append(jobs.run_job(conversation.pk, force=True))
        finally:
            connection.close()

    first = threading.Thread(target=request)
    first.start()
    assert running.wait(10)
    second = threading.Thread(target=request)
    second.start()
    first.join(20)
    second.join(20)
    assert sorted(outcomes) == sorted([Status.ACTIVE, "locked"])
    assert len(calls) == 1
    clusterization = Clusterization.objects.get(conversation=conversation)
    assert clusterization.runs == 1
    assert clusterization.requested_at is not None  # the follow-up will serve it
    assert clusterization.lease_until is None


def test_a_failing_job_is_retried_a_limited_number_of_times(
    voted, jobs_inline, settings, monkeypatch, caplog
):
    conversation, _people = voted
    settings.EJ_CLUSTERS_RETRIES = 3
    attempts = []

    def broken(clusterization):
        attempts.append(1)
        raise RuntimeError("the math exploded")

    monkeypatch.setattr(services, "recompute", broken)
    assert jobs.schedule(conversation.pk, now=True)
    assert len(attempts) == 4  # the first try and 3 retries
    clusterization = clusterization_of(conversation)
    assert clusterization.failures == 4
    assert clusterization.last_error == "RuntimeError: the math exploded"
    assert clusterization.requested_at is None  # nothing left pending
    assert "giving up" in caplog.text
    # New votes try once more, without retries.
    assert jobs.schedule(conversation.pk)
    assert len(attempts) == 5
    assert clusterization_of(conversation).failures == 5
    # A success clears the error; "recompute now" starts afresh.
    monkeypatch.undo()
    settings.EJ_JOBS_INLINE = True
    settings.EJ_JOBS_SYNC = True
    assert jobs.schedule(conversation.pk, now=True)
    clusterization = clusterization_of(conversation)
    assert clusterization.failures == 0 and clusterization.last_error == ""
    assert clusterization.status == Status.ACTIVE


def test_retries_wait_between_attempts(voted, jobs_inline, settings, monkeypatch):
    conversation, _people = voted
    settings.EJ_CLUSTERS_RETRY_DELAYS = ["30", "120"]

    def broken(clusterization):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "recompute", broken)
    jobs.schedule(conversation.pk, now=True)
    assert [(delay, force) for _c, delay, force in jobs.inline.deferred] == [(30.0, False)]
    clusterization = clusterization_of(conversation)
    assert clusterization.failures == 1 and clusterization.requested_at is not None
    # Votes arriving meanwhile join the retry.
    assert not jobs.schedule(conversation.pk)


def test_the_thread_runner_runs_jobs_after_the_request(voted, settings, monkeypatch):
    """Without EJ_JOBS_SYNC, inline jobs run in a background thread of this process."""
    conversation, _people = voted
    settings.EJ_JOBS_INLINE = True
    settings.EJ_JOBS_SYNC = False
    runner = jobs.InlineRunner()
    monkeypatch.setattr(jobs, "inline", runner)
    done = threading.Event()
    ran = []

    def fake_run_job(conversation_id, force=False):
        ran.append((conversation_id, force, threading.current_thread().name))
        done.set()
        return "ok"

    monkeypatch.setattr(jobs, "run_job", fake_run_job)
    monkeypatch.setattr(jobs.connections, "close_all", lambda: None)
    runner.submit(conversation.pk, force=True)
    assert done.wait(5)
    assert ran == [(conversation.pk, True, "ej-clusters-jobs")]


def test_redis_down_does_not_break_votes(voted, settings, monkeypatch, caplog):
    conversation, _people = voted
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.EJ_JOBS_INLINE = False
    assert jobs.uses_redis()
    jobs.schedule(conversation.pk)
    assert "cannot enqueue" in caplog.text
    assert clusterization_of(conversation).requested_at is None


def test_the_worker_needs_redis(settings):
    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("ej_worker", "--check")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError, match="not reachable"):
        call_command("ej_worker", "--check")


# RQ on a real Redis


@pytest.fixture
def rq_queue(settings, monkeypatch):
    settings.REDIS_URL = REDIS_URL
    settings.EJ_JOBS_INLINE = False
    settings.EJ_CLUSTERS_QUEUE = f"ej-test-{uuid.uuid4().hex[:12]}"
    settings.EJ_CLUSTERS_RETRY_DELAYS = ["0"]
    monkeypatch.setattr(jobs, "NEW_VOTES_KEY", f"test-{uuid.uuid4().hex}:{{conversation}}")
    queue = jobs.queue()
    yield queue
    for registry in (
        queue.scheduled_job_registry,
        queue.failed_job_registry,
        queue.finished_job_registry,
        queue.started_job_registry,
    ):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)


def work(*extra):
    call_command("ej_worker", "--burst", "--simple", *extra, verbosity=0)


@needs_redis
def test_the_worker_check(rq_queue):
    call_command("ej_worker", "--check")


@needs_redis
def test_jobs_go_to_redis_and_bursts_coalesce(voted, rq_queue):
    conversation, _people = voted
    assert jobs.schedule(conversation.pk)
    for _ in range(12):
        jobs.votes_arrived(conversation.pk)
    assert not jobs.schedule(conversation.pk)
    assert rq_queue.count == 1
    assert clusterization_of(conversation).runs == 0  # the request did not wait for the math
    work()
    assert rq_queue.count == 0
    clusterization = clusterization_of(conversation)
    assert clusterization.runs == 1 and clusterization.status == Status.ACTIVE
    assert rq_queue.finished_job_registry.count == 1


@needs_redis
def test_the_cooldown_schedules_a_delayed_job(voted, rq_queue, settings):
    conversation, _people = voted
    jobs.schedule(conversation.pk)
    work()
    assert clusterization_of(conversation).runs == 1
    assert jobs.schedule(conversation.pk)
    assert rq_queue.count == 0
    assert rq_queue.scheduled_job_registry.count == 1
    work()  # not due yet: stays scheduled
    assert clusterization_of(conversation).runs == 1


@needs_redis
def test_recompute_now_on_redis(voted, rq_queue):
    conversation, _people = voted
    jobs.schedule(conversation.pk)
    work()
    assert jobs.schedule(conversation.pk, now=True)
    assert rq_queue.count == 1
    work()
    assert clusterization_of(conversation).runs == 2


@needs_redis
def test_failed_jobs_are_retried_then_given_up_on_redis(voted, rq_queue, settings, monkeypatch):
    conversation, _people = voted
    settings.EJ_CLUSTERS_RETRIES = 2
    attempts = []

    def broken(clusterization):
        attempts.append(1)
        raise RuntimeError("the math exploded")

    monkeypatch.setattr(services, "recompute", broken)
    jobs.schedule(conversation.pk, now=True)
    work()
    assert len(attempts) == 3
    assert rq_queue.count == 0
    assert rq_queue.failed_job_registry.count == 3
    clusterization = clusterization_of(conversation)
    assert clusterization.failures == 3 and "exploded" in clusterization.last_error
    assert clusterization.requested_at is None


@needs_redis
def test_two_jobs_for_one_conversation_run_one_at_a_time_on_redis(voted, rq_queue):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    token = jobs._acquire(clusterization.pk)  # a job is running elsewhere
    jobs.schedule(conversation.pk, now=True)
    work()
    assert rq_queue.finished_job_registry.count == 1
    assert clusterization_of(conversation).runs == 0
    jobs._release(clusterization.pk, token)
    jobs._follow_up(clusterization.pk, conversation.pk)
    work()
    assert clusterization_of(conversation).runs == 1


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_forking_worker_reads_the_database(conversation, make_user, author, rq_queue):
    """The production worker forks a work horse per job, with its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("a forked work horse cannot see an in-memory SQLite database")
    add_comments(conversation, 5, author)
    cast_votes(conversation, two_sides(), make_user)
    jobs.schedule(conversation.pk, now=True)
    call_command("ej_worker", "--burst", verbosity=0)
    clusterization = clusterization_of(conversation)
    assert clusterization.runs == 1 and clusterization.status == Status.ACTIVE
    assert Vote.objects.count() > 0


@needs_redis
@pytest.mark.parametrize("niceness", [10, 0])
def test_the_forking_worker_runs_jobs_at_a_lower_priority(rq_queue, settings, niceness):
    """A job's math yields the CPU to the web processes; the worker itself is left as it is."""
    import os

    settings.EJ_JOBS_NICE = niceness
    before = os.getpriority(os.PRIO_PROCESS, 0)
    job = rq_queue.enqueue(os.getpriority, os.PRIO_PROCESS, 0)
    call_command("ej_worker", "--burst", "--no-scheduler", verbosity=0)
    job.refresh()
    assert job.return_value() == max(before, niceness)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before


def test_a_lease_whose_process_died_is_taken_over_at_once(voted, jobs_inline):
    import socket
    import subprocess
    import sys

    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()[:12]}|{finished.stdout.strip()}|abc"
    assert jobs._holder_is_gone(dead)
    assert not jobs._holder_is_gone(f"{socket.gethostname()[:12]}|{os.getpid()}|abc")
    assert not jobs._holder_is_gone("another-host|1|abc")
    assert not jobs._holder_is_gone("garbage")
    Clusterization.objects.filter(pk=clusterization.pk).update(
        lease_token=dead, lease_until=timezone.now() + timedelta(minutes=10)
    )
    assert jobs.run_job(conversation.pk, force=True) == Status.ACTIVE


def test_a_locked_job_looks_again_when_the_lease_ends(voted, jobs_inline):
    conversation, _people = voted
    clusterization = services.clusterization_for(conversation)
    jobs._acquire(clusterization.pk)
    assert jobs.run_job(conversation.pk, force=True) == "locked"
    ((_conversation_id, delay, _force),) = jobs.inline.deferred
    assert delay > 60


def test_the_recompute_groups_command(voted, conversation, jobs_inline, capsys):
    conversation, _people = voted
    call_command("recompute_groups", conversation.slug)
    assert f"{conversation.slug}: active" in capsys.readouterr().out
    call_command("recompute_groups", "--all")
    assert clusterization_of(conversation).runs == 2
    with pytest.raises(CommandError):
        call_command("recompute_groups", "no-such-conversation")
    with pytest.raises(CommandError):
        call_command("recompute_groups")
