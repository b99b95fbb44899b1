"""Result values returned by ``run_automatic`` and ``run_personas``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .consensus import Consensus
from .figures import CommentFigures
from .repness import RepresentativeComment
from .state import AutomaticState
from .tallies import Tallies

ACTIVE = "active"
WAITING = "waiting-for-data"
NO_GROUP = -1

# Why a run ended waiting for data: a stable code (to translate or test) and an English text.
REASONS = {
    "no-votes": "There are no votes yet.",
    "all-moderated-out": "Every comment with votes has been moderated out.",
    "only-skips": "All votes are skips: there is no opinion to group yet.",
    "too-few-comments": "Groups need votes on at least two comments.",
    "too-few-participants": "Groups need at least two participants.",
    "single-opinion": "Everyone grouped so far holds the same opinions: there is only one group.",
    "too-few-persona-groups": "At least two groups need personas who voted.",
}


def _floats(values) -> list:
    """A list of floats for JSON (NaN becomes None)."""
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(values, dtype=float)]


@dataclass(frozen=True, eq=False)
class Group:
    """One opinion group: its id, member count and representative comments."""

    id: int
    size: int
    representative: tuple[RepresentativeComment, ...] = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "size": self.size,
            "representative": [r.to_dict() for r in self.representative],
        }


@dataclass(frozen=True, eq=False)
class GroupsResult:
    """Everything a clustering run produces that is worth storing.

    Per participant (arrays aligned with ``participants``): ``labels`` (group id, −1 = no group)
    and ``positions`` (x, y on the opinion map). Per comment (aligned with ``comments``): map
    position and extremity, group-informed consensus, routing priority and EJ's figures. Per
    group: size, representative comments and vote tallies (``group_votes``, rows in the order of
    ``groups``). ``status`` is ``"active"`` when groups were formed, else ``"waiting-for-data"``
    with a ``reason_code`` (a key of ``REASONS``) and a human-readable ``reason``; the
    per-comment values are filled whenever there are votes.
    """

    method: str
    status: str
    reason: str
    reason_code: str
    participants: np.ndarray
    labels: np.ndarray
    positions: np.ndarray
    comments: np.ndarray
    moderated_out: np.ndarray
    comment_positions: np.ndarray
    extremity: np.ndarray
    groups: tuple[Group, ...]
    group_votes: Tallies
    group_figures: CommentFigures
    consensus: Consensus
    group_informed_consensus: np.ndarray
    priority: np.ndarray
    figures: CommentFigures
    participant_participation: np.ndarray
    n_votes: int
    default_priority: float

    @property
    def k(self) -> int:
        return len(self.groups)

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    def group_of(self) -> dict[int, int]:
        """participant id → group id, for grouped participants."""
        grouped = self.labels != NO_GROUP
        return dict(
            zip(self.participants[grouped].tolist(), self.labels[grouped].tolist(), strict=True)
        )

    def assignments(self) -> Iterator[tuple[int, int | None, float, float]]:
        """(participant id, group id or None, x, y) for every participant who voted."""
        for pid, label, (x, y) in zip(
            self.participants.tolist(), self.labels.tolist(), self.positions.tolist(), strict=True
        ):
            yield pid, (None if label == NO_GROUP else label), x, y

    def comment_values(self) -> Iterator[dict]:
        """One dict per comment with everything stored per comment."""
        for i, cid in enumerate(self.comments.tolist()):
            yield {
                "comment": cid,
                "moderated_out": bool(self.moderated_out[i]),
                "x": float(self.comment_positions[i, 0]),
                "y": float(self.comment_positions[i, 1]),
                "extremity": float(self.extremity[i]),
                "group_informed_consensus": _floats([self.group_informed_consensus[i]])[0],
                "priority": float(self.priority[i]),
                "agree": int(self.figures.agree[i]),
                "disagree": int(self.figures.disagree[i]),
                "skip": int(self.figures.skip[i]),
                "convergence": float(self.figures.convergence[i]),
                "participation": float(self.figures.participation[i]),
            }

    def to_dict(self) -> dict:
        """A JSON-serializable summary (without the state)."""
        votes = self.group_votes
        groups = []
        for row, group in enumerate(self.groups):
            data = group.to_dict()
            data["votes"] = {
                "agree": votes.agree[row].tolist(),
                "disagree": votes.disagree[row].tolist(),
                "seen": votes.seen[row].tolist(),
            }
            data["convergence"] = _floats(self.group_figures.convergence[row])
            data["participation"] = _floats(self.group_figures.participation[row])
            groups.append(data)
        return {
            "method": self.method,
            "status": self.status,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "k": self.k,
            "n_votes": self.n_votes,
            "participants": self.participants.tolist(),
            "labels": self.labels.tolist(),
            "positions": self.positions.tolist(),
            "comments": list(self.comment_values()),
            "groups": groups,
            "consensus": self.consensus.to_dict(),
            "default_priority": self.default_priority,
        }


@dataclass(frozen=True, eq=False)
class AutomaticResult(GroupsResult):
    """Result of the Pol.is method. Store ``state`` (``state.to_dict()``) and pass it back."""

    state: AutomaticState = field(default_factory=AutomaticState)
    in_conv: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    silhouettes: dict[int, float] = field(default_factory=dict)
    best_k: int | None = None

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["silhouettes"] = {str(k): v for k, v in self.silhouettes.items()}
        data["best_k"] = self.best_k
        return data


@dataclass(frozen=True, eq=False)
class PersonaResult(GroupsResult):
    """Result of persona-anchored k-means.

    ``groups_without_votes`` lists the groups left out because their personas cast no vote;
    ``inconsistent_personas`` holds (group, nearest group) for each group whose persona row ended
    nearer another group's centroid. ``anchor_positions`` places each group's persona row on the
    map (rows in the order of ``groups``).
    """

    groups_without_votes: tuple[int, ...] = ()
    inconsistent_personas: tuple[tuple[int, int], ...] = ()
    iterations: int = 0
    anchor_positions: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["groups_without_votes"] = list(self.groups_without_votes)
        data["inconsistent_personas"] = [list(p) for p in self.inconsistent_personas]
        data["anchor_positions"] = self.anchor_positions.tolist()
        return data
