"""Small shared data for the opinion-group math tests."""

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
POLIS = ROOT / "data" / "polis"


def planted_votes(n=240, m=24, groups=3, density=0.6, seed=0):
    """Vote arrays with ``groups`` planted opinion groups, and each participant's group."""
    rng = np.random.default_rng(seed)
    membership = rng.integers(0, groups, n)
    stance = rng.choice([-1, 1], size=(groups, m))
    p_agree = np.where(stance > 0, 0.85, 0.1)
    participants = np.repeat(np.arange(n), m)
    comments = np.tile(np.arange(m), n)
    keep = rng.random(n * m) < density
    participants, comments = participants[keep], comments[keep]
    draw = rng.random(len(participants))
    agree = p_agree[membership[participants], comments]
    choices = np.where(draw < agree, 1, np.where(draw < agree + 0.1, 0, -1)).astype(np.int8)
    return participants, comments, choices, membership


@pytest.fixture(scope="session")
def planted():
    # A draw where the three groups are clear. On some draws Pol.is's cold start (the first k
    # distinct base centres, 20 iterations) splits a group and the silhouette prefers k = 4.
    return planted_votes(seed=4)


# --- Django side: people, a conversation, votes and job settings ----------------------------

import uuid  # noqa: E402

from tests.conversations import conftest as _conversations  # noqa: E402

# Fixtures shared with the conversations tests.
author = _conversations.author
board = _conversations.board
client_for = _conversations.client_for
conversation = _conversations.conversation
in_english = _conversations.in_english
make_user = _conversations.make_user
moderator = _conversations.moderator
other = _conversations.other
participant = _conversations.participant
staff = _conversations.staff


@pytest.fixture
def jobs_inline(settings, monkeypatch):
    """Jobs run at once in the test's thread (no Redis), with retries that do not wait, and a
    vote counter of the test's own."""
    from ej_clusters import jobs

    settings.EJ_JOBS_INLINE = True
    settings.EJ_JOBS_SYNC = True
    settings.EJ_CLUSTERS_RETRY_DELAYS = ["0"]
    monkeypatch.setattr(jobs, "NEW_VOTES_KEY", f"test-{uuid.uuid4().hex}:{{conversation}}")
    monkeypatch.setattr(jobs, "inline", jobs.InlineRunner())
    return jobs


def cast_votes(conversation, table, make_user):
    """Participants voting as ``table`` says: one row per participant, one column per approved
    comment (oldest first), 1 / -1 / 0 or None for no vote. Written in bulk (no signals)."""
    from ej.conversations.models import Vote

    comments = list(conversation.comments.approved().order_by("id"))
    people = [make_user() for _ in table]
    Vote.objects.bulk_create(
        [
            Vote(author=person, comment=comments[column], choice=choice)
            for person, row in zip(people, table, strict=True)
            for column, choice in enumerate(row)
            if choice is not None
        ]
    )
    return people


def add_comments(conversation, count, author):
    from ej.conversations import services

    start = conversation.comments.count()
    for number in range(start, start + count):
        services.comment_create(
            author=author,
            conversation=conversation,
            text=f"Comentário de teste número {number}",
            status="approved",
            check_limit=False,
        )
    return list(conversation.comments.approved().order_by("id"))


def two_sides(n_people=24, n_comments=8, seed=0):
    """Two clear opinion camps: the first half agrees with the first half of the comments and
    disagrees with the rest; the second half does the opposite (with a little noise)."""
    rng = np.random.default_rng(seed)
    table = []
    for person in range(n_people):
        camp = 1 if person < n_people // 2 else -1
        row = []
        for column in range(n_comments):
            stance = camp if column < n_comments // 2 else -camp
            if rng.random() < 0.1:
                stance = 0
            row.append(int(stance))
        table.append(row)
    return table


@pytest.fixture
def voted(conversation, author, make_user):
    """The conversation with 8 approved comments and 24 participants in two camps."""
    add_comments(conversation, 5, author)  # 3 from the fixture + 5
    people = cast_votes(conversation, two_sides(), make_user)
    return conversation, people
