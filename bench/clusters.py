"""Benchmark of the opinion-group math (issue 5): accuracy against Pol.is and speed.

    .venv/bin/python bench/clusters.py [--skip-ari] [--skip-1m] [--skip-2m] [--skip-10m]
        [--no-reddwarf] [--no-db] [--repeat N] [--reddwarf-python PATH]

Sections:

1. ARI. On every Pol.is export in data/polis/, the adjusted Rand index between our automatic
   groups and the ``group-id`` Pol.is assigned, next to red-dwarf's ``run_pipeline`` on the same
   input (latest votes, moderated-out comments, and the participants Pol.is clustered, which
   red-dwarf takes as ``keep_participant_ids`` and we as an admission-only state). Only
   participants Pol.is clustered are compared; a participant we left ungrouped counts as a
   group of its own. A second table gives both methods without Pol.is's clustered set.
2. Speed. Synthetic conversations with planted opinion groups: 20,000 × 500 (1M votes),
   33,000 × 800 (2M) and 100,000 × 2,000 (10M). Each size runs in a fresh subprocess that
   loads the vote arrays and times ``run_automatic`` plus turning the result and state into
   JSON-ready values (median of ``--repeat`` runs); its peak RSS (VmHWM of the whole process:
   Python, libraries, the input arrays) is the memory figure. red-dwarf's ``run_pipeline`` runs
   on the same 1M votes (deduplicated, as it requires) in its own subprocess.
3. PostgreSQL end to end: the 1M-vote conversation of section 2, loaded once (COPY) into a
   database of its own (``$EJ_BENCH_DATABASE_URL``, default ``ej_bench`` on the local server,
   created and migrated when missing), recomputed as the background job does: votes read with
   COPY in binary format, the automatic method from a cold state, the results stored (groups,
   every participant's group and position, per comment values). Without PostgreSQL the figure
   is ``n/a``.

red-dwarf is optional and never a dependency of EJ. It is looked up in this interpreter, then
in ``--reddwarf-python`` / $EJ_REDDWARF_PYTHON (e.g. a separate virtualenv made with
``python3 -m venv /tmp/rdvenv && /tmp/rdvenv/bin/pip install red-dwarf==0.4.0``).

The last line is the summary:
``clusters: speedup_1m=… seconds_1m=… seconds_2m=… peak_mb_2m=… seconds_10m=… peak_mb_10m=…
mean_ari=… reddwarf_mean_ari=… db_seconds_1m=…``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "polis"
REDDWARF_VERSION = "0.4.0"
INSTALL_HINT = (
    "red-dwarf figures are unavailable: install it (benchmark only, never in EJ's dependencies) "
    f"with `pip install red-dwarf=={REDDWARF_VERSION}` in this environment, or in a separate "
    "virtualenv passed as --reddwarf-python PATH (or $EJ_REDDWARF_PYTHON)"
)
SIZES = {
    "1m": (20_000, 500, 1_000_000),
    "2m": (33_000, 800, 2_000_000),
    "10m": (100_000, 2_000, 10_000_000),
}

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --- synthetic conversations ---------------------------------------------------------------


def synthetic_conversation(n_participants: int, n_comments: int, n_votes: int, seed: int = 0):
    """Vote arrays (participant, comment, choice) with 3 planted opinion groups, and each
    participant's planted group.

    Groups sit at three points of a 2-D opinion space; a comment's agree probability for a group
    is a logistic function of the comment's random loading on that space. Participant p votes on
    comment c with probability activity_p · popularity_c (geometric activity, log-normal
    popularity), so votes are mostly distinct cells; then rows are added or dropped at random to
    get exactly ``n_votes`` rows (an added row on an existing cell is a changed vote), and the
    rows are shuffled as if read from the database in arrival order.
    """
    rng = np.random.default_rng(seed)
    n_groups = 3
    membership = rng.choice(n_groups, size=n_participants, p=rng.dirichlet(np.full(n_groups, 4.0)))
    angles = 2 * np.pi * np.arange(n_groups) / n_groups
    positions = np.stack([np.cos(angles), np.sin(angles)], axis=1) * 2.0
    loadings = rng.normal(0, 1, (n_comments, 2))
    bias = rng.normal(0.3, 0.7, n_comments)
    p_agree = 1 / (1 + np.exp(-(bias[None, :] + positions @ loadings.T)))
    p_disagree = (1 - p_agree) * rng.uniform(0.6, 0.9, n_comments)[None, :]
    activity = rng.geometric(n_participants / n_votes, size=n_participants) / n_comments
    popularity = rng.lognormal(0.0, 0.5, n_comments)
    popularity /= popularity.mean()
    rows, cols = [], []
    chunk = max(1, 10_000_000 // n_comments)
    for start in range(0, n_participants, chunk):
        block = activity[start : start + chunk, None] * popularity[None, :]
        r, c = np.nonzero(rng.random(block.shape) < block)
        rows.append(r + start)
        cols.append(c)
    participants = np.concatenate(rows).astype(np.int64)
    comments = np.concatenate(cols).astype(np.int64)
    if len(participants) < n_votes:
        extra = n_votes - len(participants)
        participants = np.concatenate([participants, rng.integers(0, n_participants, extra)])
        comments = np.concatenate([comments, rng.integers(0, n_comments, extra)])
    order = rng.permutation(len(participants))[:n_votes]
    participants, comments = participants[order], comments[order]
    group = membership[participants]
    draw = rng.random(n_votes)
    agree = p_agree[group, comments]
    disagree = p_disagree[group, comments]
    choices = np.where(draw < agree, 1, np.where(draw < agree + disagree, -1, 0)).astype(np.int8)
    return participants, comments, choices, membership


def latest_votes(participants, comments, choices, times=None):
    """The latest vote per (participant, comment), as red-dwarf requires unique votes."""
    from ej_clusters.math import build_vote_matrix

    matrix = build_vote_matrix(participants, comments, choices, times)
    return matrix.participants[matrix.rows], matrix.comments[matrix.cols], matrix.choices


# --- workers (each runs in a fresh process) -------------------------------------------------


def _peak_mb() -> float:
    """Peak resident memory of this process in MB.

    VmHWM is read first: ru_maxrss of a freshly exec'd child can include the parent's resident
    size at fork time (Linux keeps the pre-exec high-water mark), which would inflate the figure.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker_ours(data_path: str, repeat: int) -> dict:
    arrays = np.load(data_path)
    participants, comments, choices = arrays["participants"], arrays["comments"], arrays["choices"]
    planted = arrays["planted"]
    from ej_clusters.math import run_automatic

    seconds = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run_automatic(participants, comments, choices)
        stored = result.to_dict(), result.state.to_dict()
        seconds.append(time.perf_counter() - start)
        del stored
    peak = _peak_mb()  # before importing scikit-learn for the sanity check below
    from sklearn.metrics import adjusted_rand_score

    grouped = result.labels >= 0
    ari = adjusted_rand_score(planted[result.participants[grouped]], result.labels[grouped])
    return {
        "seconds": statistics.median(seconds),
        "all_seconds": seconds,
        "peak_mb": peak,
        "k": result.k,
        "status": result.status,
        "planted_ari": ari,
        "participants": int(result.participants.size),
        "votes": int(len(choices)),
        "cells": int(result.n_votes),
    }


def worker_reddwarf_synthetic(data_path: str) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    from reddwarf.implementations.polis import run_pipeline

    arrays = np.load(data_path)
    votes = [
        {"participant_id": int(p), "statement_id": int(c), "vote": int(v), "modified": i}
        for i, (p, c, v) in enumerate(
            zip(arrays["participants"], arrays["comments"], arrays["choices"], strict=True)
        )
    ]
    start = time.perf_counter()
    run_pipeline(votes=votes, random_state=0)
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def worker_reddwarf_ari(data_path: str) -> dict:
    """Group labels red-dwarf gives each conversation in the bundle, with and without the
    participants Pol.is clustered as keep_participant_ids."""
    import warnings

    warnings.filterwarnings("ignore")
    from reddwarf.implementations.polis import run_pipeline

    bundle = json.loads(Path(data_path).read_text())
    out = {}
    for name, item in bundle.items():
        votes = [
            {"participant_id": p, "statement_id": c, "vote": v, "modified": i}
            for i, (p, c, v) in enumerate(
                zip(item["participants"], item["comments"], item["choices"], strict=True)
            )
        ]
        out[name] = {}
        for variant, keep in (("given", item["keep"]), ("own", [])):
            result = run_pipeline(
                votes=votes,
                mod_out_statement_ids=item["moderated_out"],
                keep_participant_ids=keep,
                random_state=0,
            )
            labels = result.participants_df["cluster_id"].astype("float")
            out[name][variant] = {
                str(int(pid)): int(label) for pid, label in labels.dropna().items()
            }
    return out


def _spawn(python: str, *args: str) -> dict:
    completed = subprocess.run(
        [python, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=str(ROOT),
    )
    if completed.returncode != 0:
        raise RuntimeError(f"worker {args} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def find_reddwarf_python(explicit: str | None) -> str | None:
    candidates = [sys.executable]
    for extra in (explicit, os.environ.get("EJ_REDDWARF_PYTHON")):
        if extra:
            candidates.insert(0, extra)
    for python in candidates:
        probe = subprocess.run(
            [python, "-c", "import reddwarf.implementations.polis"],
            capture_output=True,
            check=False,
        )
        if probe.returncode == 0:
            return python
    return None


# --- section 1: ARI against Pol.is ----------------------------------------------------------


def _ari(reference: dict[int, int], labels: dict[int, int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(reference)
    return float(adjusted_rand_score([reference[i] for i in ids], [labels.get(i, -1) for i in ids]))


def section_ari(reddwarf_python: str | None) -> tuple[float, float | None]:
    from ej_clusters.math import AutomaticState, run_automatic
    from ej_clusters.polis_export import read_export

    folders = sorted(p for p in DATA.iterdir() if (p / "votes.csv").is_file())
    exports = [read_export(folder) for folder in folders]
    ours: dict[str, dict[str, float]] = {}
    bundle = {}
    for export in exports:
        grouped = sorted(export.polis_groups)
        ours[export.name] = {}
        for variant, state in (("given", AutomaticState.admitted(grouped)), ("own", None)):
            result = run_automatic(
                export.votes_participant,
                export.votes_comment,
                export.votes_choice,
                times=export.votes_time,
                moderated_out=export.moderated_out,
                state=state,
            )
            ours[export.name][variant] = _ari(export.polis_groups, result.group_of())
            ours[export.name][variant + "_k"] = result.k
        p, c, v = latest_votes(
            export.votes_participant, export.votes_comment, export.votes_choice, export.votes_time
        )
        bundle[export.name] = {
            "participants": p.tolist(),
            "comments": c.tolist(),
            "choices": v.tolist(),
            "moderated_out": [int(x) for x in export.moderated_out],
            "keep": [int(x) for x in grouped],
        }
    theirs: dict[str, dict[str, float]] | None = None
    if reddwarf_python:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "bundle.json"
            path.write_text(json.dumps(bundle))
            labels = _spawn(reddwarf_python, "--worker", "reddwarf-ari", "--data", str(path))
        theirs = {}
        for export in exports:
            theirs[export.name] = {
                variant: _ari(
                    export.polis_groups,
                    {int(k): v for k, v in labels[export.name][variant].items()},
                )
                for variant in ("given", "own")
            }
    print("\n== 1. ARI against the group-id Pol.is assigned (participants Pol.is clustered)")
    for variant, title in (
        ("given", "both given Pol.is's clustered participants (the headline figure)"),
        ("own", "each with its own admission rule"),
    ):
        print(f"-- {title}")
        print(
            f"{'conversation':32s} {'Pol.is k':>8s} {'ours k':>6s} {'ours':>6s} {'red-dwarf':>9s}"
        )
        for export in exports:
            row = ours[export.name]
            rd = "n/a" if theirs is None else f"{theirs[export.name][variant]:.2f}"
            print(
                f"{export.name:32s} {export.n_groups or 0:8d} {row[variant + '_k']:6d} "
                f"{row[variant]:6.2f} {rd:>9s}"
            )
        mean_ours = statistics.mean(ours[e.name][variant] for e in exports)
        mean_rd = (
            None if theirs is None else statistics.mean(theirs[e.name][variant] for e in exports)
        )
        print(f"{'mean':32s} {'':8s} {'':6s} {mean_ours:6.3f} {_fmt(mean_rd, 3):>9s}")
    if theirs is None:
        print(INSTALL_HINT)
    mean_ours = statistics.mean(ours[e.name]["given"] for e in exports)
    mean_rd = None if theirs is None else statistics.mean(theirs[e.name]["given"] for e in exports)
    return mean_ours, mean_rd


# --- section 2: speed and memory ------------------------------------------------------------


def section_speed(
    sizes: list[str], repeat: int, reddwarf_python: str | None
) -> tuple[dict[str, dict], float | None]:
    results: dict[str, dict] = {}
    reddwarf_seconds = None
    print("\n== 2. Synthetic conversations: full automatic pipeline, fresh process per size")
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            n, m, votes = SIZES[size]
            participants, comments, choices, planted = synthetic_conversation(n, m, votes)
            path = Path(scratch) / f"{size}.npz"
            np.savez(
                path,
                participants=participants,
                comments=comments,
                choices=choices,
                planted=planted,
            )
            del participants, comments, choices
            figures = _spawn(
                sys.executable, "--worker", "ours", "--data", str(path), "--repeat", str(repeat)
            )
            results[size] = figures
            runs = ", ".join(f"{s:.2f}" for s in figures["all_seconds"])
            print(
                f"{size:>4s} ({n:,} × {m:,}, {figures['votes']:,} votes, {figures['cells']:,} "
                f"cells): {figures['seconds']:.2f} s (runs: {runs}), peak RSS "
                f"{figures['peak_mb']:.0f} MB, k={figures['k']}, ARI vs planted groups "
                f"{figures['planted_ari']:.2f}"
            )
            if size == "1m" and reddwarf_python:
                p, c, v = latest_votes(
                    *(np.load(path)[k] for k in ("participants", "comments", "choices"))
                )
                dedup = Path(scratch) / "1m-latest.npz"
                np.savez(dedup, participants=p, comments=c, choices=v)
                rd = _spawn(reddwarf_python, "--worker", "reddwarf-synthetic", "--data", str(dedup))
                reddwarf_seconds = rd["seconds"]
                print(
                    f"  1m red-dwarf {REDDWARF_VERSION} run_pipeline: {rd['seconds']:.2f} s, "
                    f"peak RSS {rd['peak_mb']:.0f} MB; "
                    f"speedup {rd['seconds'] / figures['seconds']:.1f}×"
                )
            elif size == "1m":
                print("  " + INSTALL_HINT)
    return results, reddwarf_seconds


# --- section 3: PostgreSQL end to end -------------------------------------------------------

VoteArrays = tuple[np.ndarray, np.ndarray, np.ndarray]
BENCH_DATABASE_URL = os.environ.get(
    "EJ_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ej_bench"
)
BENCH_SLUG = "benchmark-1m-votes"


def _setup_django(database_url: str) -> None:
    """Django on the benchmark database (its own, never the site's), created and migrated."""
    import django
    import psycopg2
    from psycopg2 import sql
    from psycopg2.extensions import parse_dsn

    params = parse_dsn(database_url)
    name = params.pop("dbname")
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_conversation(participants, comments, choices, *, slug: str = BENCH_SLUG) -> int:
    """Write a synthetic conversation (votes given as participant and comment numbers) to the
    current database: one user per participant, one approved comment per comment number, the
    latest vote per cell. Votes go in with COPY on PostgreSQL. Returns the conversation id."""
    import io

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from ej.conversations.models import Comment, Conversation, Vote
    from ej.conversations.text import comment_key

    p, c, v = latest_votes(participants, comments, choices)
    user_numbers, p = np.unique(p, return_inverse=True)
    comment_numbers, c = np.unique(c, return_inverse=True)
    User = get_user_model()
    unusable = make_password(None)  # one value for every row
    now = timezone.now()
    with transaction.atomic():
        author = User.objects.create_user(email=f"author@{slug}.invalid", password=None)
        conversation = Conversation.objects.create(
            author=author, title="Benchmark: 1M votes", text="Synthetic votes.", slug=slug
        )
        users = User.objects.bulk_create(
            [User(email=f"p{int(n)}@{slug}.invalid", password=unusable) for n in user_numbers],
            batch_size=5000,
        )
        texts = [f"Synthetic comment number {int(n)} of the benchmark" for n in comment_numbers]
        rows = Comment.objects.bulk_create(
            [
                Comment(
                    conversation=conversation,
                    author=author,
                    text=text,
                    text_key=comment_key(text),
                    status=Comment.Status.APPROVED,
                )
                for text in texts
            ],
            batch_size=5000,
        )
        user_ids = np.asarray([u.pk for u in users], dtype=np.int64)
        comment_ids = np.asarray([r.pk for r in rows], dtype=np.int64)
        authors, targets = user_ids[p], comment_ids[c]
        if connection.vendor == "postgresql":
            stamp = now.isoformat()
            buffer = io.StringIO()
            for author_id, comment_id, choice in zip(
                authors.tolist(), targets.tolist(), v.tolist(), strict=True
            ):
                buffer.write(
                    f"{author_id}\t{comment_id}\t{conversation.pk}\t{choice}\tweb\t{stamp}\t"
                    f"{stamp}\n"
                )
            buffer.seek(0)
            table = connection.ops.quote_name(Vote._meta.db_table)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {table} (author_id, comment_id, conversation_id, choice, channel, "
                    "created, modified) FROM STDIN",
                    buffer,
                )
        else:
            Vote.objects.bulk_create(
                [
                    Vote(author_id=a, comment_id=t, choice=x)
                    for a, t, x in zip(authors.tolist(), targets.tolist(), v.tolist(), strict=True)
                ],
                batch_size=5000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather
            for model in (User, Conversation, Comment, Vote):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return conversation.pk


def bench_conversation(database_url: str = BENCH_DATABASE_URL) -> int | None:
    """The id of the 1M-vote conversation in the benchmark database, loaded on first use;
    None (with the reason printed) when PostgreSQL is not reachable."""
    try:
        _setup_django(database_url)
    except Exception as error:  # noqa: BLE001 - any failure means: no figure
        print(f"PostgreSQL benchmark database unavailable ({database_url}): {error}")
        return None
    from ej.conversations.models import Conversation, Vote

    n, m, votes = SIZES["1m"]
    conversation = Conversation.objects.filter(slug=BENCH_SLUG).first()
    if (
        conversation is not None
        and not Vote.objects.filter(comment__conversation=conversation).exists()
    ):
        conversation.author.delete()  # a partial load: start again
        conversation = None
    if conversation is None:
        start = time.perf_counter()
        participants, comments, choices, _planted = synthetic_conversation(n, m, votes)
        conversation_id = load_conversation(participants, comments, choices)
        took = time.perf_counter() - start
        print(f"loaded the 1M-vote conversation into PostgreSQL in {took:.1f} s")
        return conversation_id
    return conversation.pk


def db_reader(conversation_id: int | None = None) -> Callable[[], VoteArrays] | None:
    """The function reading the 1M-vote benchmark conversation back from PostgreSQL, as
    (participant ids, comment ids, choices) arrays (COPY in binary format, the job's own
    reader), or None when the database is not available."""
    if conversation_id is None:
        conversation_id = bench_conversation()
        if conversation_id is None:
            return None
    from ej_clusters import reading

    return lambda: tuple(reading.vote_arrays(conversation_id))


def db_store(conversation_id: int) -> Callable:
    """Store a result as the background job does (groups, assignments, per comment values)."""
    from ej.conversations.models import Conversation
    from ej_clusters import services

    clusterization = services.clusterization_for(Conversation.objects.get(pk=conversation_id))

    def store(result, n_votes: int) -> None:
        services.store_result(clusterization, result, n_votes=n_votes)

    return store


def measure_db_end_to_end(
    read_votes: Callable[[], VoteArrays], repeat: int = 1, store: Callable | None = None
) -> float:
    """Median seconds to read the votes with ``read_votes``, recompute the groups (from a cold
    state) and store them with ``store`` (or only turn them into JSON-ready values)."""
    from ej_clusters.math import run_automatic

    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        participants, comments, choices = read_votes()
        result = run_automatic(participants, comments, choices)
        if store is None:
            result.to_dict(), result.state.to_dict()
        else:
            store(result, len(choices))
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def section_db(repeat: int) -> float | None:
    print("\n== 3. The 1M-vote conversation recomputed from PostgreSQL end to end")
    conversation_id = bench_conversation()
    if conversation_id is None:
        return None
    reader = db_reader(conversation_id)
    reads = []
    for _ in range(repeat):
        start = time.perf_counter()
        participants, _comments, choices = reader()
        reads.append(time.perf_counter() - start)
    seconds = measure_db_end_to_end(reader, repeat, store=db_store(conversation_id))
    print(
        f"{len(choices):,} votes by {len(np.unique(participants)):,} participants: read (COPY, "
        f"binary) {statistics.median(reads):.2f} s; read + recompute + store {seconds:.2f} s"
    )
    return seconds


# --- main -----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-ari", action="store_true", help="skip section 1")
    parser.add_argument("--skip-1m", action="store_true")
    parser.add_argument("--skip-2m", action="store_true")
    parser.add_argument("--skip-10m", action="store_true")
    parser.add_argument("--no-reddwarf", action="store_true", help="never run red-dwarf")
    parser.add_argument("--no-db", action="store_true", help="skip section 3")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (median)")
    parser.add_argument("--reddwarf-python", help="interpreter that can import reddwarf")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        if args.worker == "ours":
            out = worker_ours(args.data, args.repeat)
        elif args.worker == "reddwarf-synthetic":
            out = worker_reddwarf_synthetic(args.data)
        elif args.worker == "reddwarf-ari":
            out = worker_reddwarf_ari(args.data)
        else:
            parser.error(f"unknown worker {args.worker}")
        print(json.dumps(out))
        return 0

    reddwarf_python = None if args.no_reddwarf else find_reddwarf_python(args.reddwarf_python)
    print(f"clusters benchmark: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"red-dwarf: {reddwarf_python or 'not available'}")
    mean_ari = reddwarf_ari = None
    if not args.skip_ari:
        mean_ari, reddwarf_ari = section_ari(reddwarf_python)
    sizes = [
        size
        for size, skip in (("1m", args.skip_1m), ("2m", args.skip_2m), ("10m", args.skip_10m))
        if not skip
    ]
    speed, reddwarf_seconds = section_speed(sizes, args.repeat, reddwarf_python)
    db_seconds = None if args.no_db else section_db(args.repeat)

    def figure(size: str, key: str, digits: int = 2) -> str:
        return _fmt(speed[size][key], digits) if size in speed else "n/a"

    speedup = None
    if reddwarf_seconds is not None and "1m" in speed:
        speedup = reddwarf_seconds / speed["1m"]["seconds"]
    print(
        f"clusters: speedup_1m={_fmt(speedup, 1)} seconds_1m={figure('1m', 'seconds')} "
        f"seconds_2m={figure('2m', 'seconds')} peak_mb_2m={figure('2m', 'peak_mb', 0)} "
        f"seconds_10m={figure('10m', 'seconds')} peak_mb_10m={figure('10m', 'peak_mb', 0)} "
        f"mean_ari={_fmt(mean_ari, 3)} reddwarf_mean_ari={_fmt(reddwarf_ari, 3)} "
        f"db_seconds_1m={_fmt(db_seconds)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
