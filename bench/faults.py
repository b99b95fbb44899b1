#!/usr/bin/env python3
"""Fault benchmark: the stack under a voting load while its parts fail, through Nginx.

    python3 bench/faults.py                      # against the stack on :8080 (started if not up)
    python3 bench/faults.py --start --workers 5  # start `tasks.py stack`, run, stop it

Voters (as in ``bench/load.py``: API tokens, next comment then vote, one vote per ``--interval``
at most, each from its own loopback address) vote the whole time, while:

1. ``baseline``: nothing happens;
2. ``redis``: Redis is stopped for ``--redis-seconds`` (10) and started again with the machine's
   command (``redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" ...``);
3. ``postgres``: PostgreSQL is restarted (``pg_ctlcluster --skip-systemctl-redirect V main
   restart``);
4. ``workers``: one Gunicorn worker is killed (SIGKILL), then the job worker, if it runs (its PID
   is in ``local/stack/worker.pid``; ``tasks.py stack`` starts it again);
5. ``recovery``: once ``/readyz`` answers 200, votes must go through again, with no error.

Nobody restarts anything by hand: the stack must recover on its own. Whatever happens, the
services this script stopped are started again before it exits. Errors are counted per phase
(a failed request, or a 5xx/4xx answer, once per voter turn); ``lost_votes`` counts the votes
acknowledged with a 2xx whose row is not in PostgreSQL. The last line is::

    faults: redis_errors=<n> postgres_errors=<n> worker_errors=<n> recovered=<yes|no> lost_votes=<n>

Stopping Redis and PostgreSQL disturbs everything else using them on this machine (tests...):
run it when nothing else does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - bench/load.py, next to this file

ROOT = load.ROOT
STACK_DIR = ROOT / "local" / "stack"
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def log(message: str) -> None:
    print(f"faults: {time.strftime('%H:%M:%SZ', time.gmtime())} {message}", flush=True)


def run(*command: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def redis_up() -> bool:
    return run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping").stdout.strip() == "PONG"


def postgres_up() -> bool:
    return run("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").returncode == 0


def postgres_version() -> str:
    versions = sorted(
        (path.name for path in Path("/etc/postgresql").iterdir()),
        key=lambda name: [int(part) for part in name.split(".") if part.isdigit()],
    )
    return versions[-1]


class Services:
    """Stops and starts Redis and PostgreSQL, and puts back whatever it stopped."""

    def __init__(self):
        self.redis_stopped = False
        self.postgres_touched = False

    def stop_redis(self) -> None:
        self.redis_stopped = True
        run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave")
        deadline = time.monotonic() + 10
        while redis_up() and time.monotonic() < deadline:
            time.sleep(0.1)

    def start_redis(self) -> None:
        for folder in ("/var/lib/redis", "/var/log/redis"):
            Path(folder).mkdir(parents=True, exist_ok=True)
        if not redis_up():
            result = run(*REDIS_START)
            if result.returncode != 0:
                log(f"redis-server did not start: {result.stderr.strip()}")
        deadline = time.monotonic() + 15
        while not redis_up() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.redis_stopped = not redis_up()

    def restart_postgres(self) -> float:
        self.postgres_touched = True
        started = time.monotonic()
        result = run(
            "pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "restart"
        )
        if result.returncode != 0:
            log(f"pg_ctlcluster restart failed: {result.stderr.strip()}")
        return time.monotonic() - started

    def put_back(self) -> None:
        if self.redis_stopped or not redis_up():
            log("starting Redis again")
            self.start_redis()
        if self.postgres_touched and not postgres_up():
            log("starting PostgreSQL again")
            run("pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "start")


def pid_from(name: str) -> int | None:
    try:
        pid = int((STACK_DIR / f"{name}.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if Path(f"/proc/{pid}").exists() else None


def children_of(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def kill_gunicorn_worker() -> str:
    master = pid_from("gunicorn")
    workers = children_of(master) if master else []
    if not workers:
        return "no Gunicorn worker found (local/stack/gunicorn.pid)"
    victim = random.choice(workers)
    os.kill(victim, signal.SIGKILL)
    return f"killed Gunicorn worker {victim} (of {len(workers)})"


def kill_job_worker() -> tuple[str, int | None]:
    pid = pid_from("worker")
    if pid is None:
        return "no job worker runs (the stack starts `manage.py ej_worker` when it exists)", None
    os.kill(pid, signal.SIGKILL)
    return f"killed the job worker {pid}", pid


def job_worker_back(old: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pid = pid_from("worker")
        if pid is not None and pid != old:
            return True
        time.sleep(0.5)
    return False


async def wait_ready(url: str, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if await asyncio.to_thread(load.ready, url):
            return time.monotonic() - started
        await asyncio.sleep(0.5)
    return None


async def scenario(args, voters, slug, services: Services) -> dict:
    stats = load.VoteStats()
    stop = asyncio.Event()
    phases: list[tuple[str, float]] = []  # (name, start)
    report: dict = {"stats": stats, "phases": phases}

    def phase(name: str) -> None:
        phases.append((name, time.monotonic()))
        log(f"phase {name}")

    async def faults() -> None:
        try:
            phase("baseline")
            await asyncio.sleep(args.settle)
            if "redis" not in args.skip:
                phase("redis")
                await asyncio.to_thread(services.stop_redis)
                log(f"Redis stopped for {args.redis_seconds:.0f} s")
                await asyncio.sleep(args.redis_seconds)
                await asyncio.to_thread(services.start_redis)
                log("Redis started again" if redis_up() else "Redis did NOT start again")
                await asyncio.sleep(args.settle)
            if "postgres" not in args.skip:
                phase("postgres")
                took = await asyncio.to_thread(services.restart_postgres)
                log(f"PostgreSQL restarted in {took:.1f} s")
                await asyncio.sleep(args.settle)
            phase("workers")
            log(await asyncio.to_thread(kill_gunicorn_worker))
            message, old = await asyncio.to_thread(kill_job_worker)
            log(message)
            if old is not None:
                back = await asyncio.to_thread(job_worker_back, old)
                report["job_worker"] = "came back" if back else "did NOT come back"
                log(f"the job worker {report['job_worker']}")
            else:
                report["job_worker"] = "not running"
            await asyncio.sleep(args.settle)
            phase("recovery")
            ready_after = await wait_ready(args.url, 60)
            report["ready_after"] = ready_after
            log(
                f"/readyz answers 200 after {ready_after:.1f} s"
                if ready_after is not None
                else "/readyz did not answer 200 within 60 s"
            )
            report["recovery_started"] = time.monotonic()
            await asyncio.sleep(args.recovery)
        finally:
            await asyncio.to_thread(services.put_back)
            stop.set()

    load_task = asyncio.create_task(
        load.vote_phase(
            voters,
            slug,
            args.url,
            duration=3600,
            interval=args.interval,
            stats=stats,
            stop=stop,
        )
    )
    await faults()
    await load_task
    report["ready_at_end"] = await asyncio.to_thread(load.ready, args.url)
    return report


def per_phase(report: dict) -> dict[str, dict]:
    stats, phases = report["stats"], report["phases"]
    bounds = [
        (name, start, phases[i + 1][1] if i + 1 < len(phases) else float("inf"))
        for i, (name, start) in enumerate(phases)
    ]
    result = {}
    for name, start, end in bounds:
        errors: dict[str, int] = {}
        for moment, what in stats.error_log:
            if start <= moment < end:
                errors[what] = errors.get(what, 0) + 1
        votes = sum(1 for moment in stats.vote_times if start <= moment < end)
        seconds = min(end, stats.stopped or time.monotonic()) - start
        result[name] = {"errors": errors, "votes": votes, "seconds": seconds}
    return result


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    load.stack_arguments(parser)
    parser.add_argument("--voters", type=int, default=100, help="voters voting at once")
    parser.add_argument("--addresses", type=int, default=50, help="client addresses (127.0.2.x)")
    parser.add_argument("--interval", type=float, default=1.1, help="seconds between votes")
    parser.add_argument("--comments", type=int, default=300, help="comments to vote on")
    parser.add_argument("--redis-seconds", type=float, default=10, help="how long Redis is down")
    parser.add_argument("--settle", type=float, default=8, help="seconds after each fault")
    parser.add_argument("--recovery", type=float, default=10, help="seconds of the last phase")
    parser.add_argument(
        "--skip",
        default="",
        help="faults to leave out, comma-separated: redis, postgres (e.g. to try the script "
        "while others use the machine's Redis and PostgreSQL)",
    )
    args = parser.parse_args(argv)
    args.skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("faults: stopping Redis and PostgreSQL needs root")
    load.django_setup()
    services = Services()
    stack = load.Stack(
        args.url, start=args.start, workers=args.workers, log=ROOT / "local" / "faults.log"
    )
    try:
        with stack:
            voters = load.make_voters(args.voters, args.addresses)
            load.maintain_database()
            conversation = load.make_conversation(args.comments, label="Faults")
            log(f"{args.voters} voters on {conversation.get_absolute_url()}")
            report = asyncio.run(scenario(args, voters, conversation.slug, services))
            from django.db import connections

            connections.close_all()  # the one opened before PostgreSQL restarted is gone
            lost = load.lost_votes(report["stats"].acknowledged, conversation.pk)
    finally:
        services.put_back()
    phases = per_phase(report)
    for name, found in phases.items():
        count = sum(found["errors"].values())
        rate = found["votes"] / max(found["seconds"], 1e-9)
        details = f" {found['errors']}" if found["errors"] else ""
        log(
            f"{name:9s} {found['seconds']:5.1f} s: {found['votes']:5d} votes ({rate:.0f}/s), "
            f"{count} errors{details}"
        )
    recovery = phases.get("recovery", {"errors": {"missing": 1}, "votes": 0})
    recovered = (
        report.get("ready_after") is not None
        and report.get("ready_at_end")
        and recovery["votes"] > 0
        and not recovery["errors"]
        and report.get("job_worker") != "did NOT come back"
    )
    log(f"job worker: {report.get('job_worker')}; /readyz 200 at the end: {report['ready_at_end']}")

    def errors(name: str) -> int:
        return sum(phases.get(name, {}).get("errors", {}).values())

    print(
        f"faults: redis_errors={errors('redis')} postgres_errors={errors('postgres')} "
        f"worker_errors={errors('workers')} recovered={'yes' if recovered else 'no'} "
        f"lost_votes={lost}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    load.in_venv()
    sys.exit(main(sys.argv[1:]))
