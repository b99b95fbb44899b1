"""Reading a conversation's votes for the math as flat numpy arrays, without model instances.

On PostgreSQL the rows come through ``COPY ... TO STDOUT (FORMAT binary)`` and are decoded with
one ``np.frombuffer``; elsewhere (SQLite) through a plain cursor. Persona votes live in their own
table and are read apart, so they never mix with participants' votes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from django.db import connection

from ej.conversations.models import Comment, Vote
from ej_clusters.models import Clusterization, Method, OpinionGroup, PersonaVote

EMPTY = np.empty(0, dtype=np.int64)

# One row of COPY's binary format for (bigint, bigint, smallint): a field count, then each field
# as a length and big-endian bytes.
_BINARY_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("len1", ">i4"),
        ("author", ">i8"),
        ("len2", ">i4"),
        ("comment", ">i8"),
        ("len3", ">i4"),
        ("choice", ">i2"),
    ]
)
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


@dataclass(frozen=True)
class VoteArrays:
    participants: np.ndarray
    comments: np.ndarray
    choices: np.ndarray

    def __len__(self) -> int:
        return len(self.choices)

    def __iter__(self):
        return iter((self.participants, self.comments, self.choices))


def _votes_sql(conversation_id: int) -> str:
    quote = connection.ops.quote_name
    vote, comment = quote(Vote._meta.db_table), quote(Comment._meta.db_table)
    return (
        f"SELECT v.author_id, v.comment_id, v.choice FROM {vote} v "  # noqa: S608 - table names
        f"JOIN {comment} c ON c.id = v.comment_id WHERE c.conversation_id = {int(conversation_id)}"
    )


def decode_binary_copy(data: bytes) -> VoteArrays:
    """Decode ``COPY (SELECT bigint, bigint, smallint) TO STDOUT (FORMAT binary)``."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PostgreSQL binary COPY stream")
    extension = int.from_bytes(data[15:19], "big")
    start = 19 + extension
    body = data[start:-2]  # the trailer is a field count of -1
    if len(body) % _BINARY_ROW.itemsize:
        raise ValueError("unexpected row layout in the COPY stream")
    rows = np.frombuffer(body, dtype=_BINARY_ROW)
    if len(rows) and not (
        (rows["fields"] == 3).all()
        & (rows["len1"] == 8).all()
        & (rows["len2"] == 8).all()
        & (rows["len3"] == 2).all()
    ):
        raise ValueError("unexpected field sizes in the COPY stream")
    return VoteArrays(
        rows["author"].astype(np.int64),
        rows["comment"].astype(np.int64),
        rows["choice"].astype(np.int8),
    )


def _copy_votes(conversation_id: int) -> VoteArrays:
    quote = connection.ops.quote_name
    vote, comment = quote(Vote._meta.db_table), quote(Comment._meta.db_table)
    sql = (
        f"COPY (SELECT v.author_id::bigint, v.comment_id::bigint, v.choice::smallint "  # noqa: S608
        f"FROM {vote} v JOIN {comment} c ON c.id = v.comment_id "
        f"WHERE c.conversation_id = {int(conversation_id)}) TO STDOUT WITH (FORMAT binary)"
    )
    buffer = io.BytesIO()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)
    return decode_binary_copy(buffer.getvalue())


def vote_arrays(conversation_id: int) -> VoteArrays:
    """Every participant vote in the conversation (on comments of any status)."""
    if connection.vendor == "postgresql":
        return _copy_votes(conversation_id)
    with connection.cursor() as cursor:
        cursor.execute(_votes_sql(conversation_id))
        rows = cursor.fetchall()
    if not rows:
        return VoteArrays(EMPTY, EMPTY.copy(), EMPTY.astype(np.int8))
    table = np.asarray(rows, dtype=np.int64)
    return VoteArrays(table[:, 0].copy(), table[:, 1].copy(), table[:, 2].astype(np.int8))


def moderated_out(conversation_id: int) -> np.ndarray:
    """Ids of the conversation's comments that are not approved (rejected or pending)."""
    ids = (
        Comment.objects.filter(conversation_id=conversation_id)
        .exclude(status=Comment.Status.APPROVED)
        .values_list("id", flat=True)
    )
    return np.fromiter(ids, dtype=np.int64)


def persona_inputs(
    clusterization: Clusterization,
) -> tuple[dict[int, list[int]], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``groups`` ({group id: [persona ids]}, every organizer-defined group, even without
    personas) and ``persona_votes`` (persona ids, comment ids, choices) for ``run_personas``."""
    groups: dict[int, list[int]] = {
        pk: []
        for pk in OpinionGroup.objects.filter(
            clusterization=clusterization, method=Method.PERSONAS
        ).values_list("pk", flat=True)
    }
    for persona_id, group_id in clusterization.personas.values_list("pk", "group_id"):
        if group_id in groups:
            groups[group_id].append(persona_id)
    rows = list(
        PersonaVote.objects.filter(persona__clusterization=clusterization).values_list(
            "persona_id", "comment_id", "choice"
        )
    )
    if not rows:
        return groups, (EMPTY, EMPTY.copy(), EMPTY.astype(np.int8))
    table = np.asarray(rows, dtype=np.int64)
    return groups, (table[:, 0].copy(), table[:, 1].copy(), table[:, 2].astype(np.int8))
