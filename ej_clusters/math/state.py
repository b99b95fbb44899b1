"""What the automatic method carries from one run to the next, as a JSON-serializable value.

Pol.is keeps part of this only in memory, so a restart changes later results; here the caller
stores the whole state (e.g. in a JSON column) and passes it back, which makes every run a pure
function of (votes, state, seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATE_VERSION = 1


class StateError(ValueError):
    """A stored state that cannot be read (wrong version or shape)."""


@dataclass(frozen=True)
class GroupMemory:
    """The clustering of base clusters for one k: which group each base cluster belonged to."""

    base_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AutomaticState:
    """Everything the next run needs to continue where this one stopped.

    - ``in_conv``: participants admitted to clustering (admission is sticky), sorted;
    - ``base_labels``: the base cluster of each of them (same order);
    - ``comments`` and ``components``: the PCA axes, to warm-start and keep the map's signs;
    - ``groups``: the clustering for each k tried, to warm-start it;
    - ``smoothed_k``, ``best_k``, ``best_k_streak``: the k smoother (a new k is adopted once
      it was best on 4 consecutive runs).
    """

    version: int = STATE_VERSION
    runs: int = 0
    in_conv: tuple[int, ...] = ()
    base_labels: tuple[int, ...] = ()
    comments: tuple[int, ...] = ()
    components: tuple[tuple[float, ...], ...] = ()
    groups: dict[int, GroupMemory] = field(default_factory=dict)
    smoothed_k: int | None = None
    best_k: int | None = None
    best_k_streak: int = 0

    @classmethod
    def admitted(cls, participant_ids) -> AutomaticState:
        """A state that only remembers who was admitted to clustering (e.g. the participants
        an earlier system had grouped); everything else starts cold."""
        ids = tuple(sorted({int(x) for x in participant_ids}))
        return cls(in_conv=ids, base_labels=(-1,) * len(ids))

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "runs": self.runs,
            "in_conv": list(self.in_conv),
            "base_labels": list(self.base_labels),
            "comments": list(self.comments),
            "components": [list(row) for row in self.components],
            "groups": {
                str(k): {"base_ids": list(g.base_ids), "group_ids": list(g.group_ids)}
                for k, g in sorted(self.groups.items())
            },
            "smoothed_k": self.smoothed_k,
            "best_k": self.best_k,
            "best_k_streak": self.best_k_streak,
        }

    @classmethod
    def from_dict(cls, data: dict) -> AutomaticState:
        try:
            if data.get("version") != STATE_VERSION:
                raise StateError(f"unsupported state version {data.get('version')!r}")
            state = cls(
                version=STATE_VERSION,
                runs=int(data["runs"]),
                in_conv=tuple(int(x) for x in data["in_conv"]),
                base_labels=tuple(int(x) for x in data["base_labels"]),
                comments=tuple(int(x) for x in data["comments"]),
                components=tuple(tuple(float(x) for x in row) for row in data["components"]),
                groups={
                    int(k): GroupMemory(
                        tuple(int(x) for x in g["base_ids"]), tuple(int(x) for x in g["group_ids"])
                    )
                    for k, g in data["groups"].items()
                },
                smoothed_k=None if data["smoothed_k"] is None else int(data["smoothed_k"]),
                best_k=None if data["best_k"] is None else int(data["best_k"]),
                best_k_streak=int(data["best_k_streak"]),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise StateError(f"malformed state: {error}") from error
        if len(state.in_conv) != len(state.base_labels):
            raise StateError("in_conv and base_labels differ in length")
        if any(len(row) != len(state.comments) for row in state.components):
            raise StateError("components and comments differ in length")
        for memory in state.groups.values():
            if len(memory.base_ids) != len(memory.group_ids):
                raise StateError("group memory lists differ in length")
        return state
