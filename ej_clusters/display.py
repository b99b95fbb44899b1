"""Plain values the opinion-group components render (built by ``selectors``, or by hand in the
components' example states, so that those need no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

AGREE = "agree"
DISAGREE = "disagree"


@dataclass(frozen=True)
class Statement:
    """A comment and how many people (of those who saw it) voted ``direction`` on it."""

    text: str
    direction: str  # "agree" or "disagree"
    count: int
    total: int
    comment_id: int | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class Difference:
    """A comment on which the person voted against the majority of their group."""

    text: str
    your_vote: int  # +1 agree, −1 disagree
    group_percent: int  # share of the group (who saw it) voting the other way
    comment_id: int | None = None


@dataclass(frozen=True)
class PersonaView:
    id: int | None
    name: str
    votes: int
    url: str = ""


@dataclass(frozen=True)
class GroupView:
    id: int | None
    name: str
    description: str
    size: int
    agrees: tuple[Statement, ...] = ()
    disagrees: tuple[Statement, ...] = ()
    personas: tuple[PersonaView, ...] = ()
    is_automatic: bool = True
    is_current: bool = True


# Panel states
GROUPED = "grouped"  # the person is in a group
UNGROUPED = "ungrouped"  # groups exist, the person is not in one yet
WAITING = "waiting"  # no groups yet


@dataclass(frozen=True)
class PanelView:
    """The participant's "your opinion group" panel."""

    state: str
    group: GroupView | None = None
    n_groups: int = 0
    n_grouped: int = 0
    differences: tuple[Difference, ...] = ()
    has_voted: bool = False
    manage_url: str = ""


@dataclass(frozen=True)
class StatusView:
    """What the organizers see about the last and next recomputations."""

    status: str  # Status value
    status_label: str
    reason: str
    method: str
    method_label: str
    last_run: datetime | None = None
    votes_at_last_run: int = 0
    votes_now: int = 0
    participants: int = 0
    grouped: int = 0
    runs: int = 0
    pending: bool = False
    running: bool = False
    running_since: datetime | None = None
    failures: int = 0
    max_retries: int = 3
    last_error: str = ""
    last_error_at: datetime | None = None
    algorithm_version: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def new_votes(self) -> int:
        return max(self.votes_now - self.votes_at_last_run, 0)

    @property
    def gave_up(self) -> bool:
        return self.failures > self.max_retries
