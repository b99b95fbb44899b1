"""Opinion-group math: pure numpy/scipy, no Django import.

Two entry points, both taking flat vote arrays (participant id, comment id, choice with
agree = +1 / disagree = −1 / skip = 0, optional time; the latest vote on a cell wins):

- ``run_automatic``: Pol.is's method (PCA map, 100 base clusters, 2–5 groups chosen by
  silhouette). Pass the previous result's ``state`` back on the next run.
- ``run_personas``: EJ's persona-anchored k-means for organizer-defined groups.

Both return a ``GroupsResult`` subclass holding everything worth storing and never raise on bad
data: ``status`` is "active" or "waiting-for-data" with a ``reason``.

Calling it from Django (a background job, one conversation at a time):

    rows = Vote.objects.filter(comment__conversation=conv).values_list(
        "author_id", "comment_id", "choice")           # or COPY / a server-side cursor
    p, c, v = (np.fromiter(col, dtype=np.int64) for col in zip(*rows))  # or np arrays directly
    result = run_automatic(p, c, v, state=clusterization.state or None,
                           moderated_out=rejected_comment_ids, seed=0)
    clusterization.state = result.state.to_dict()       # a JSONField; pass it back next run
    clusterization.status = result.status               # "active" / "waiting-for-data"
    clusterization.reason = result.reason

    for pid, group, x, y in result.assignments(): ...   # participant -> group (or None), map x/y
    for group in result.groups: ...                     # id, size, representative comments
    for values in result.comment_values(): ...          # per comment: GIC, priority, x/y, figures
    result.consensus.to_dict()                          # {"agree": [...], "disagree": [...]}

``result.to_dict()`` is the same content as one JSON value. Group ids of the automatic method are
stable across runs while the state is passed back. For the persona method call
``run_personas(p, c, v, groups={group_id: [persona ids]}, persona_votes=(persona ids, comment
ids, choices), moderated_out=...)``; it needs no state. Comments nobody voted on have no entry:
route them with ``UNSEEN_PRIORITY``.
"""

from .automatic import DEFAULT_PARAMS, AutomaticParams, run_automatic, run_automatic_matrix
from .consensus import Consensus, ConsensusComment
from .personas import run_personas
from .priority import UNSEEN_PRIORITY
from .repness import RepresentativeComment
from .results import (
    ACTIVE,
    NO_GROUP,
    REASONS,
    WAITING,
    AutomaticResult,
    Group,
    GroupsResult,
    PersonaResult,
)
from .state import AutomaticState, StateError
from .votes import AGREE, DISAGREE, SKIP, VoteMatrix, build_vote_matrix

__all__ = [
    "ACTIVE",
    "AGREE",
    "DEFAULT_PARAMS",
    "DISAGREE",
    "NO_GROUP",
    "REASONS",
    "SKIP",
    "UNSEEN_PRIORITY",
    "WAITING",
    "AutomaticParams",
    "AutomaticResult",
    "AutomaticState",
    "Consensus",
    "ConsensusComment",
    "Group",
    "GroupsResult",
    "PersonaResult",
    "RepresentativeComment",
    "StateError",
    "VoteMatrix",
    "build_vote_matrix",
    "run_automatic",
    "run_automatic_matrix",
    "run_personas",
]
