"""Representative comments of each group (polis-math §1.11)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .proportions import Z_90, prop_test, smoothed_proportion, two_prop_test
from .tallies import Tallies

MAX_REPRESENTATIVE = 5


@dataclass(frozen=True, eq=False)
class RepnessTable:
    """Per (group, comment) statistics, each of shape (groups, comments)."""

    na: np.ndarray
    nd: np.ndarray
    ns: np.ndarray
    pa: np.ndarray  # smoothed agree proportion within the group
    pd: np.ndarray
    pat: np.ndarray  # one-proportion test of pa
    pdt: np.ndarray
    ra: np.ndarray  # pa / (same proportion among the other groups)
    rd: np.ndarray
    rat: np.ndarray  # two-proportion test group vs rest
    rdt: np.ndarray


@dataclass(frozen=True)
class RepresentativeComment:
    """One representative comment of a group, in the direction (agree or disagree) that makes
    the group differ from the others."""

    comment: int
    direction: str  # "agree" or "disagree"
    n_success: int  # group members who voted that way
    n_trials: int  # group members who voted at all (skips included)
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def repness_table(groups: Tallies) -> RepnessTable:
    """Compute the statistics of each group against the rest (members of the other groups)."""
    na, nd, ns = groups.agree, groups.disagree, groups.seen
    total = groups.total()
    rest_a, rest_d, rest_s = total.agree - na, total.disagree - nd, total.seen - ns
    pa, pd = smoothed_proportion(na, ns), smoothed_proportion(nd, ns)
    return RepnessTable(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / smoothed_proportion(rest_a, rest_s),
        rd=pd / smoothed_proportion(rest_d, rest_s),
        rat=two_prop_test(na, rest_a, ns, rest_s),
        rdt=two_prop_test(nd, rest_d, ns, rest_s),
    )


def _finalize(table: RepnessTable, g: int, c: int, comment_id: int, best: bool) -> dict:
    t = table
    if t.rat[g, c] > t.rdt[g, c]:
        values = ("agree", t.na, t.pa, t.pat, t.ra, t.rat)
    else:
        values = ("disagree", t.nd, t.pd, t.pdt, t.rd, t.rdt)
    direction, n, p, pt, r, rt = values
    return dict(
        comment=int(comment_id),
        direction=direction,
        n_success=int(n[g, c]),
        n_trials=int(t.ns[g, c]),
        p_success=float(p[g, c]),
        p_test=float(pt[g, c]),
        repness=float(r[g, c]),
        repness_test=float(rt[g, c]),
        best_agree=best,
    )


def _metric(item: dict) -> float:
    return item["repness"] * item["repness_test"] * item["p_success"] * item["p_test"]


def select_representative(
    table: RepnessTable,
    g: int,
    comment_ids: np.ndarray,
    moderated_out: np.ndarray,
    max_items: int = MAX_REPRESENTATIVE,
) -> list[RepresentativeComment]:
    """Pick up to ``max_items`` representative comments for group ``g``.

    Comments are scanned in id order (moderated-out ones skipped). *Sufficient* comments pass
    both the group-vs-rest and the within-group test in one direction. The *best agree* comment
    is tracked separately and always leads the list; without sufficient comments the list is the
    best-agree comment or, failing that, the comment with the largest group-vs-rest statistic.
    Agree items are listed before disagree items.
    """
    t = table
    pa, pat, ra, rat = t.pa[g], t.pat[g], t.ra[g], t.rat[g]
    pdt, rdt = t.pdt[g], t.rdt[g]
    na, nd = t.na[g], t.nd[g]
    active = np.flatnonzero(~moderated_out)
    sufficient_mask = ((rat > Z_90) & (pat > Z_90)) | ((rdt > Z_90) & (pdt > Z_90))
    sufficient = [int(c) for c in active if sufficient_mask[c]]
    best = None
    if not sufficient and len(active):
        scores = np.maximum(rat[active], rdt[active])
        best = int(active[int(np.argmax(scores))])
    best_agree = None
    for c in active:
        if na[c] == 0 and nd[c] == 0:
            continue
        if best_agree is None:
            if pat[c] > Z_90 or (ra[c] > 1.0 and pa[c] > 0.5):
                best_agree = c
        elif ra[best_agree] > 1.0:
            b = best_agree
            if ra[c] * rat[c] * pa[c] * pat[c] > ra[b] * rat[b] * pa[b] * pat[b]:
                best_agree = c
        elif pa[c] * pat[c] > pa[best_agree] * pat[best_agree]:
            best_agree = c
    if not sufficient:
        if best_agree is not None:
            items = [_finalize(t, g, best_agree, comment_ids[best_agree], True)]
        elif best is not None:
            items = [_finalize(t, g, best, comment_ids[best], False)]
        else:
            items = []
    else:
        rest = [_finalize(t, g, c, comment_ids[c], False) for c in sufficient if c != best_agree]
        rest.sort(key=_metric, reverse=True)
        head = []
        if best_agree is not None:
            head = [_finalize(t, g, best_agree, comment_ids[best_agree], True)]
        items = (head + rest)[:max_items]
        items = [i for i in items if i["direction"] == "agree"] + [
            i for i in items if i["direction"] == "disagree"
        ]
    return [RepresentativeComment(**item) for item in items]
