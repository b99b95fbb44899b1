#!/usr/bin/env python3
"""Load benchmark of the production stack, through Nginx.

    python3 bench/load.py                      # the stack on :8080 (started if it is not up)
    python3 bench/load.py --start --workers 5  # start `tasks.py stack --workers 5`, run, stop it
    python3 bench/load.py --duration 20 --voters 200 --page-duration 10

1. Setup (Django ORM, the stack's settings and database ``ej_stack``): voters (users
   ``bench-voter-N@example.invalid`` with a fresh API token each) and a new conversation with
   ``--comments`` approved comments.
2. Voting, ``--duration`` seconds: each voter keeps one keep-alive connection from its own
   loopback address (127.0.2.x: Nginx and the app see distinct clients, as they would on the
   Internet), fetches its first comment with ``GET /api/v1/conversations/<slug>/next-comment/``
   and loops: ``POST /api/v1/votes/`` with ``"next": true``, whose answer carries the next
   comment (``--separate``: a ``GET .../next-comment/`` before every vote instead), at most one
   vote per ``--interval`` seconds (the API lets a person cast 60 votes a minute; the pace keeps
   every voter under it, so a 429 is an error). By default 400 voters every 1.25 s offer ~320
   votes/s: the target's load (300 votes/s with a p99 under 250 ms) and a little more. Offered
   more than it can take (``--interval 1.0``), the stack casts what it can, which is its
   capacity, and the p99 is then the queue's.
3. Anonymous readers: ``--page-clients`` connections read the conversation's page (no cookie,
   gzip accepted) for ``--page-duration`` seconds.

The voters start at random moments of the first ``--ramp`` seconds (10), as load tools ramp up:
when they all start in the same second, the first votes queue behind a burst of first requests
and prepared statements. ``votes_per_s`` and ``vote_p99_ms`` are measured over the ``--duration``
seconds after the ramp (the details line gives the whole run too); ``errors`` and ``lost_votes``
count the whole run. ``lost_votes`` counts the votes acknowledged with a 2xx whose row is not in
PostgreSQL. The last line is::

    load: votes_per_s=<n> vote_p99_ms=<ms> errors=<n> lost_votes=<n> page_rps=<n> page_p99_ms=<ms>

Needs the stack's tools (``python3 tasks.py stack``: Nginx, PostgreSQL, Redis, Gunicorn) and
nothing else: the HTTP client is a small asyncio one written here, so that the load generator,
which shares the machine's cores with the stack, costs as little CPU as it can.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VOTER_EMAIL = "bench-voter-{}@example.invalid"
ORGANIZER_EMAIL = "bench-organizer@example.invalid"
CHOICES = ("agree", "agree", "disagree", "disagree", "skip")


def in_venv() -> None:
    """Run this script with the project's interpreter (tasks.py creates it)."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() != VENV.resolve():
        if not python.exists():
            sys.exit("bench: run `python3 tasks.py stack` once first (it creates .venv)")
        os.execv(str(python), [str(python), *sys.argv])  # noqa: S606 - this script, again


# A small HTTP/1.1 client: keep-alive, Content-Length or chunked bodies, nothing else.


class HttpError(Exception):
    pass


class Connection:
    def __init__(self, host: str, port: int, *, source: str | None = None, timeout: float = 30):
        self.host, self.port, self.source, self.timeout = host, port, source, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.host_header = f"{host}:{port}"

    async def _connect(self) -> None:
        local = (self.source, 0) if self.source else None
        self.reader, self.writer = await asyncio.open_connection(
            self.host, self.port, local_addr=local, limit=1 << 20
        )

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            return await asyncio.wait_for(self._request(method, path, headers, body), self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError) as error:
            self.close()
            raise HttpError(f"{type(error).__name__}: {error}") from None

    async def _request(self, method, path, headers, body):
        if self.writer is None:
            await self._connect()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host_header}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise HttpError(f"bad status line {status_line!r}")
        status = int(parts[1])
        response_headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                response_headers[name.strip().lower()] = value.strip()
        if method == "HEAD" or status in (204, 304):
            content = b""
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            content = b"".join(chunks)
        elif "content-length" in response_headers:
            content = await self.reader.readexactly(int(response_headers["content-length"]))
        else:
            content = await self.reader.read()
            self.close()
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return status, response_headers, content


# Statistics


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class VoteStats:
    started: float = 0.0
    stopped: float = 0.0
    steady_from: float = 0.0  # time.monotonic() when every voter has started (after the ramp)
    steady_until: float = 0.0  # and when the measured seconds end (voters then stop)
    acknowledged: set = field(default_factory=set)  # (user id, comment id)
    vote_latency: list = field(default_factory=list)  # seconds, acknowledged votes
    next_latency: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)  # what -> count
    error_log: list = field(default_factory=list)  # (time.monotonic(), what)
    vote_times: list = field(default_factory=list)  # time.monotonic() of each acknowledged vote
    finished_voters: int = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1
        self.error_log.append((time.monotonic(), what))

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def steady(self) -> tuple[int, float, list]:
        """Votes acknowledged in the measured seconds, after the ramp: ``(count, seconds,
        latencies)``. Voters waiting for their next turn when the time is up stop then, so the
        run ends up to one interval later; those moments are not measured."""
        until = self.steady_until or self.stopped
        latencies = [
            latency
            for latency, at in zip(self.vote_latency, self.vote_times, strict=True)
            if self.steady_from <= at < until
        ]
        return len(latencies), max(until - self.steady_from, 1e-9), latencies


# The stack


def stack_env() -> dict[str, str]:
    """The settings `python3 tasks.py stack` runs the site with (same database and Redis)."""
    sys.path.insert(0, str(ROOT))
    from tasks import _stack_env

    return _stack_env(8080, False)


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=3) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """The stack this run uses: the one already serving ``url``, or one it starts and stops."""

    def __init__(self, url: str, *, start: bool, workers: int, log: Path):
        self.url, self.start_it, self.workers, self.log = url, start, workers, log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Stack:
        if ready(self.url) and not self.start_it:
            print(f"bench: using the stack already serving {self.url}", flush=True)
            return self
        if ready(self.url):
            sys.exit(f"bench: --start, but something already serves {self.url}; stop it first")
        port = urlparse(self.url).port or 80
        command = [sys.executable, str(ROOT / "tasks.py"), "stack", "--port", str(port)]
        if self.workers:
            command += ["--workers", str(self.workers)]
        print(f"bench: starting the stack ({' '.join(command[1:])}), log in {self.log}", flush=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 180
        while not ready(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"bench: the stack did not start; see {self.log}")
            time.sleep(0.5)
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            print("bench: stopping the stack", flush=True)
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def django_setup() -> None:
    os.environ.update(stack_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Voter:
    user_id: int
    token: str
    source: str


def make_voters(count: int, addresses: int) -> list[Voter]:
    """``count`` voters, each with a new API token (older bench tokens are revoked)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from ej.users.models import ApiToken
    from ej.users.tokens import api_token_create

    User = get_user_model()
    emails = [VOTER_EMAIL.format(number) for number in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(None)  # unusable: voters use their tokens
    User.objects.bulk_create(
        [
            User(
                email=email,
                name=f"Bench voter {email.split('-')[2].split('@')[0]}",
                password=password,
            )
            for email in emails
            if email not in existing
        ]
    )
    users = list(User.objects.filter(email__in=emails).order_by("id"))
    ApiToken.objects.filter(user__in=users).delete()
    voters = []
    for number, user in enumerate(users):
        _token, secret = api_token_create(user=user, name="bench")
        voters.append(Voter(user.pk, secret, f"127.0.2.{number % addresses + 1}"))
    return voters


def maintain_database() -> None:
    """``VACUUM (ANALYZE)`` the database, as PostgreSQL's autovacuum keeps it in production.

    Without statistics the planner guesses: a table never analyzed reads as nearly empty, and
    the ballot of a vote (ej.conversations.rules) then ran on a worse plan at two to three times
    the cost. Some machines run PostgreSQL with ``autovacuum = off`` (this one did: earlier runs'
    300 000 votes were never analyzed), so the benchmark does autovacuum's work before it builds
    this run's conversation, which is as new to the statistics as a new conversation is in
    production."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] != "on":
            print("bench: PostgreSQL runs with autovacuum off: vacuuming and analyzing", flush=True)
        cursor.execute("VACUUM (ANALYZE)")


def make_conversation(comments: int, *, label: str = "Load"):
    from django.contrib.auth import get_user_model

    from ej.conversations import services

    User = get_user_model()
    organizer = User.objects.filter(email=ORGANIZER_EMAIL).first()
    if organizer is None:
        organizer = User.objects.create_user(
            email=ORGANIZER_EMAIL, password=None, name="Bench organizer", is_staff=True
        )
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    return services.conversation_create(
        author=organizer,
        title=f"{label} benchmark {stamp}",
        text="Which of these proposals for the city's buses do you support?",
        tags=["benchmark"],
        comments=[
            f"Proposal {number}: {random.choice(PROPOSALS)} on line {number}."
            for number in range(1, comments + 1)
        ],
    )


PROPOSALS = (
    "more buses at night",
    "a free fare on Sundays",
    "a bus lane",
    "air conditioning in every bus",
    "a stop closer to the school",
    "real-time arrival screens",
)


def lost_votes(acknowledged: set, conversation_id: int) -> int:
    """Acknowledged ``(user id, comment id)`` votes with no row in the database."""
    from ej.conversations.models import Vote

    rows = set(
        Vote.objects.filter(comment__conversation_id=conversation_id).values_list(
            "author_id", "comment_id"
        )
    )
    return len(acknowledged - rows)


# The load


async def vote_loop(
    voter: Voter,
    slug: str,
    host: str,
    port: int,
    stats: VoteStats,
    *,
    deadline: float,
    interval: float,
    stop: asyncio.Event | None = None,
    separate: bool = False,
    start_within: float | None = None,
) -> None:
    """One voter: next comment, vote, again. The vote asks for the next comment (``"next":
    true``) unless ``separate``, so a voter fetches it with its own request only at the start
    and after an error; with ``separate`` every vote takes two requests."""
    loop = asyncio.get_running_loop()
    connection = Connection(host, port, source=voter.source, timeout=30)
    headers = {"Authorization": f"Token {voter.token}", "Accept": "application/json"}
    post_headers = {**headers, "Content-Type": "application/json"}
    next_path = f"/api/v1/conversations/{slug}/next-comment/"
    # Spread the voters' first requests over the ramp (one interval at least).
    await asyncio.sleep(random.uniform(0, max(start_within or 0.0, interval)))
    next_time = loop.time()
    comment = None  # the comment to vote on, when the last vote brought it
    try:
        while loop.time() < deadline and not (stop and stop.is_set()):
            next_time += interval
            # After an error the voter waits for its next turn: one attempt per interval.
            if comment is None:
                started = time.perf_counter()
                try:
                    status, _, body = await connection.request("GET", next_path, headers=headers)
                except HttpError:
                    stats.error("next-comment: connection")
                    await asyncio.sleep(max(0.05, next_time - loop.time()))
                    continue
                stats.next_latency.append(time.perf_counter() - started)
                if status != 200:
                    stats.error(f"next-comment: HTTP {status}")
                    await asyncio.sleep(max(0.05, next_time - loop.time()))
                    continue
                comment = json.loads(body)["comment"]
                if comment is None:
                    stats.finished_voters += 1
                    return
            cast = {"comment": comment["id"], "choice": random.choice(CHOICES)}
            if not separate:
                cast["next"] = True
            started = time.perf_counter()
            try:
                status, _, body = await connection.request(
                    "POST", "/api/v1/votes/", headers=post_headers, body=json.dumps(cast).encode()
                )
            except HttpError:
                stats.error("vote: connection")
                comment = None
                await asyncio.sleep(max(0.05, next_time - loop.time()))
                continue
            if status in (200, 201):
                stats.vote_latency.append(time.perf_counter() - started)
                stats.vote_times.append(time.monotonic())
                stats.acknowledged.add((voter.user_id, comment["id"]))
                if separate:
                    comment = None
                else:
                    comment = json.loads(body)["next"]["comment"]
                    if comment is None:
                        stats.finished_voters += 1
                        return
            else:
                stats.error(f"vote: HTTP {status}")
                comment = None
            delay = next_time - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                next_time = loop.time()
    finally:
        connection.close()


async def vote_phase(
    voters: list[Voter],
    slug: str,
    url: str,
    *,
    duration: float,
    interval: float,
    stats: VoteStats | None = None,
    stop: asyncio.Event | None = None,
    separate: bool = False,
    ramp: float = 0.0,
) -> VoteStats:
    """Voters vote for ``ramp`` + ``duration`` seconds; they start at random moments of the
    ramp (the first ``ramp`` seconds), so that they do not all arrive in the same second."""
    address = urlparse(url)
    stats = stats or VoteStats()
    loop = asyncio.get_running_loop()
    stats.started = time.monotonic()
    stats.steady_from = stats.started + ramp
    stats.steady_until = stats.steady_from + duration
    deadline = loop.time() + ramp + duration
    await asyncio.gather(
        *[
            vote_loop(
                voter,
                slug,
                address.hostname,
                address.port or 80,
                stats,
                deadline=deadline,
                interval=interval,
                stop=stop,
                separate=separate,
                start_within=ramp,
            )
            for voter in voters
        ]
    )
    stats.stopped = time.monotonic()
    return stats


@dataclass
class PageStats:
    latency: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    bytes: int = 0
    elapsed: float = 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


async def page_phase(
    url: str, path: str, *, clients: int, duration: float, marker: bytes
) -> PageStats:
    address = urlparse(url)
    stats = PageStats()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + duration
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "en", "User-Agent": "ej-bench"}

    async def reader() -> None:
        connection = Connection(address.hostname, address.port or 80, timeout=30)
        try:
            while loop.time() < deadline:
                started = time.perf_counter()
                try:
                    status, response_headers, body = await connection.request(
                        "GET", path, headers=headers
                    )
                except HttpError:
                    stats.errors["connection"] = stats.errors.get("connection", 0) + 1
                    continue
                stats.latency.append(time.perf_counter() - started)
                stats.bytes += len(body)
                if status != 200:
                    stats.errors[f"HTTP {status}"] = stats.errors.get(f"HTTP {status}", 0) + 1
                elif response_headers.get("content-encoding") != "gzip" and marker not in body:
                    stats.errors["wrong page"] = stats.errors.get("wrong page", 0) + 1
        finally:
            connection.close()

    started = time.monotonic()
    await asyncio.gather(*[reader() for _ in range(clients)])
    stats.elapsed = time.monotonic() - started
    return stats


class CpuUse:
    """Where the machine's CPU went during a phase: this stack's Gunicorn workers, PostgreSQL
    (all of it), Redis, Nginx, this load generator, and the whole machine (other work on it
    included). Read from /proc; seconds of CPU."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self):
        self.start = self._read()

    @classmethod
    def _process_seconds(cls, pid: int, *, children: bool = False) -> float:
        """CPU of a process; with ``children``, plus that of its children that ended (Gunicorn
        recycles workers, PostgreSQL ends a backend with its connection)."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12])
        if children:
            ticks += int(fields[13]) + int(fields[14])
        return ticks / cls.TICK

    @classmethod
    def _read(cls) -> dict[str, float]:
        found = {"gunicorn": 0.0, "postgres": 0.0, "redis": 0.0, "nginx": 0.0}
        master = None
        try:
            master = int((ROOT / "local" / "stack" / "gunicorn.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
        processes = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                comm = (entry / "comm").read_text().strip()
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            processes[int(entry.name)] = (comm, parent)
        if master in processes:
            found["gunicorn"] += cls._process_seconds(master, children=True)
        for pid, (comm, parent) in processes.items():
            if master and parent == master:
                found["gunicorn"] += cls._process_seconds(pid)
            elif comm.startswith("postgres"):
                postmaster = not processes.get(parent, ("",))[0].startswith("postgres")
                found["postgres"] += cls._process_seconds(pid, children=postmaster)
            elif comm.startswith("redis-server"):
                found["redis"] += cls._process_seconds(pid)
            elif comm == "nginx":
                found["nginx"] += cls._process_seconds(pid)
        times = os.times()
        found["load generator"] = times.user + times.system
        cpu = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        found["machine"] = (sum(cpu) - cpu[3] - cpu[4]) / cls.TICK  # all but idle and iowait
        found["wall"] = time.monotonic()
        return found

    def report(self) -> str:
        end = self._read()
        wall = max(end["wall"] - self.start["wall"], 1e-9)
        used = {name: (end[name] - self.start[name]) / wall for name in end if name != "wall"}
        ours = sum(value for name, value in used.items() if name != "machine")
        parts = ", ".join(
            f"{name} {value:.2f}" for name, value in used.items() if name != "machine"
        )
        return (
            f"cores used: {parts}; the machine {used['machine']:.2f} of {os.cpu_count()} "
            f"(other work: {max(used['machine'] - ours, 0):.2f})"
        )


def check_page(url: str, path: str, marker: bytes) -> None:
    with urllib.request.urlopen(url + path, timeout=10) as response:  # noqa: S310
        body = response.read()
    if marker not in body:
        sys.exit(f"bench: {path} does not show the conversation")


def describe_timeline(stats: VoteStats, seconds: float) -> str:
    """Votes per second and the p99 of the votes acknowledged in each ``seconds`` slice: when
    the machine slows down for a while, the queue (and the p99) shows where."""
    slices: dict[int, list[float]] = {}
    for latency, at in zip(stats.vote_latency, stats.vote_times, strict=True):
        slices.setdefault(int((at - stats.started) // seconds), []).append(latency)
    return "timeline: " + ", ".join(
        f"{number * seconds:.0f}s {len(found) / seconds:.0f}/s p99 "
        f"{percentile(found, 0.99) * 1000:.0f}"
        for number, found in sorted(slices.items())
    )


def describe_votes(stats: VoteStats) -> str:
    elapsed = max(stats.stopped - stats.started, 1e-9)
    votes = len(stats.vote_latency)
    steady, seconds, latencies = stats.steady()
    return (
        f"votes: after the ramp {steady} in {seconds:.1f} s = {steady / seconds:.1f}/s, "
        f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"max {max(latencies, default=0) * 1000:.1f} ms; whole run (ramp included) "
        f"{votes} acknowledged in {elapsed:.1f} s = {votes / elapsed:.1f}/s, "
        f"vote p50 {percentile(stats.vote_latency, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(stats.vote_latency, 0.99) * 1000:.1f} ms, "
        f"max {max(stats.vote_latency, default=0) * 1000:.1f} ms; "
        f"next-comment p50 {percentile(stats.next_latency, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(stats.next_latency, 0.99) * 1000:.1f} ms; "
        f"errors {stats.error_count} {stats.errors or ''}"
    )


def stack_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of every benchmark of the stack: where it is, or start it."""
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="the stack, via Nginx")
    parser.add_argument("--start", action="store_true", help="start the stack, stop it after")
    parser.add_argument("--workers", type=int, default=0, help="Gunicorn workers (with --start)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    stack_arguments(parser)
    parser.add_argument(
        "--duration", type=float, default=60, help="seconds of voting measured, after the ramp"
    )
    parser.add_argument(
        "--ramp", type=float, default=10, help="seconds over which the voters start (not measured)"
    )
    parser.add_argument("--voters", type=int, default=400, help="voters voting at once")
    parser.add_argument("--addresses", type=int, default=100, help="client addresses (127.0.2.x)")
    parser.add_argument(
        "--interval",
        type=float,
        default=1.25,
        help="seconds between a voter's votes, at least (1.25: ~320 votes/s offered by 400 "
        "voters, a little above the target of 300; 1.0 offers ~400/s, more than the stack "
        "can take on 2 cores, and measures its capacity)",
    )
    parser.add_argument("--comments", type=int, default=300, help="comments in the conversation")
    parser.add_argument(
        "--timeline",
        type=float,
        default=5,
        help="seconds per slice of the votes' timeline (0: no timeline)",
    )
    parser.add_argument(
        "--separate",
        action="store_true",
        help="fetch the next comment with its own request before every vote, instead of "
        "asking the vote for it",
    )
    parser.add_argument("--page-duration", type=float, default=20, help="seconds of page reads")
    parser.add_argument("--page-clients", type=int, default=32, help="anonymous readers at once")
    parser.add_argument("--seed", type=int, default=None, help="random seed")
    args = parser.parse_args(argv)
    if not 1 <= args.addresses <= 254:
        parser.error("--addresses goes from 1 to 254")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    random.seed(args.seed)
    django_setup()
    with Stack(args.url, start=args.start, workers=args.workers, log=ROOT / "local" / "bench.log"):
        print(f"bench: {args.voters} voters from {args.addresses} addresses", flush=True)
        voters = make_voters(args.voters, args.addresses)
        maintain_database()
        conversation = make_conversation(args.comments)
        path = conversation.get_absolute_url()
        marker = conversation.title.encode()
        check_page(args.url, path, marker)
        print(
            f"bench: voting on {path}: voters start over {args.ramp:.0f} s, then "
            f"{args.duration:.0f} s measured",
            flush=True,
        )
        cpu = CpuUse()
        stats = asyncio.run(
            vote_phase(
                voters,
                conversation.slug,
                args.url,
                duration=args.duration,
                interval=args.interval,
                separate=args.separate,
                ramp=args.ramp,
            )
        )
        print("bench: " + describe_votes(stats), flush=True)
        if args.timeline:
            print("bench: " + describe_timeline(stats, args.timeline), flush=True)
        print("bench: " + cpu.report(), flush=True)
        lost = lost_votes(stats.acknowledged, conversation.pk)
        print(f"bench: reading {path} anonymously for {args.page_duration:.0f} s", flush=True)
        check_page(args.url, path, marker)  # the page after the votes is cached again
        cpu = CpuUse()
        pages = asyncio.run(
            page_phase(
                args.url,
                path,
                clients=args.page_clients,
                duration=args.page_duration,
                marker=marker,
            )
        )
        page_rps = len(pages.latency) / max(pages.elapsed, 1e-9)
        print(
            f"bench: pages: {len(pages.latency)} in {pages.elapsed:.1f} s, "
            f"p50 {percentile(pages.latency, 0.5) * 1000:.1f} ms, "
            f"{pages.bytes / max(len(pages.latency), 1) / 1024:.1f} KiB each; "
            f"errors {pages.error_count} {pages.errors or ''}",
            flush=True,
        )
        print("bench: " + cpu.report(), flush=True)
    steady, seconds, latencies = stats.steady()
    print(
        f"load: votes_per_s={steady / seconds:.0f} "
        f"vote_p99_ms={percentile(latencies, 0.99) * 1000:.0f} "
        f"errors={stats.error_count + pages.error_count} lost_votes={lost} "
        f"page_rps={page_rps:.0f} page_p99_ms={percentile(pages.latency, 0.99) * 1000:.0f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    in_venv()
    sys.exit(main(sys.argv[1:]))
