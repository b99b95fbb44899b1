"""Read a Pol.is export folder (comments.csv, votes.csv, participants-votes.csv, summary.csv).

Django-free, so the math, its tests, the ``polis_groups`` command and the benchmark can all use
it. Votes keep the export's coding, which is EJ's: agree = 1, disagree = −1, pass = 0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


class ExportError(ValueError):
    """The folder is not a readable Pol.is export."""


@dataclass(frozen=True, eq=False)
class PolisExport:
    """The parts of an export the math needs.

    ``votes_*`` arrays have one entry per row of votes.csv (the full history; the latest vote
    on a cell wins). ``polis_groups`` maps each participant Pol.is clustered to its group-id.
    ``comment_*`` arrays describe comments.csv; ``comment_gic`` is NaN where the export has no
    group-informed-consensus column.
    """

    name: str
    votes_participant: np.ndarray
    votes_comment: np.ndarray
    votes_choice: np.ndarray
    votes_time: np.ndarray
    comment_ids: np.ndarray
    comment_moderated: np.ndarray  # −1 rejected, 0 unmoderated, 1 accepted
    comment_is_meta: np.ndarray
    comment_gic: np.ndarray
    polis_groups: dict[int, int]
    summary: dict[str, str]

    @property
    def moderated_out(self) -> np.ndarray:
        """Rejected and meta comments, which Pol.is leaves out of the math."""
        return self.comment_ids[(self.comment_moderated == -1) | self.comment_is_meta]

    @property
    def n_groups(self) -> int | None:
        value = self.summary.get("groups")
        return int(value) if value not in (None, "") else None


def _require(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise ExportError(f"{folder} has no {name}")
    return path


def _read_summary(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[0]: (row[1] if len(row) > 1 else "") for row in csv.reader(handle) if row}


def _read_groups(path: Path) -> dict[int, int]:
    frame = pd.read_csv(path, usecols=["participant", "group-id"], dtype=str)
    grouped = frame[frame["group-id"].notna() & (frame["group-id"].str.strip() != "")]
    return dict(
        zip(
            grouped["participant"].astype(int).tolist(),
            grouped["group-id"].astype(float).astype(int).tolist(),
            strict=True,
        )
    )


def _boolean(column: pd.Series) -> np.ndarray:
    return column.astype(str).str.strip().str.lower().isin(["true", "t", "1"]).to_numpy()


def read_export(folder: str | Path) -> PolisExport:
    """Read the export in ``folder``; raise ``ExportError`` when files or columns are missing."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder")
    try:
        votes = pd.read_csv(
            _require(folder, "votes.csv"), usecols=["timestamp", "comment-id", "voter-id", "vote"]
        )
        comments = pd.read_csv(_require(folder, "comments.csv"))
    except ValueError as error:  # pandas reports missing columns as ValueError
        raise ExportError(f"{folder}: {error}") from error
    for column in ("comment-id", "moderated"):
        if column not in comments.columns:
            raise ExportError(f"{folder}/comments.csv has no {column} column")
    n_comments = len(comments)
    gic = (
        comments["group-informed-consensus"].to_numpy(dtype=float)
        if "group-informed-consensus" in comments.columns
        else np.full(n_comments, np.nan)
    )
    is_meta = (
        _boolean(comments["is-meta"])
        if "is-meta" in comments.columns
        else np.zeros(n_comments, dtype=bool)
    )
    summary_path = folder / "summary.csv"
    groups_path = folder / "participants-votes.csv"
    return PolisExport(
        name=folder.name,
        votes_participant=votes["voter-id"].to_numpy(dtype=np.int64),
        votes_comment=votes["comment-id"].to_numpy(dtype=np.int64),
        votes_choice=votes["vote"].to_numpy(dtype=np.int8),
        votes_time=votes["timestamp"].to_numpy(dtype=np.int64),
        comment_ids=comments["comment-id"].to_numpy(dtype=np.int64),
        comment_moderated=comments["moderated"].to_numpy(dtype=np.int64),
        comment_is_meta=is_meta,
        comment_gic=gic,
        polis_groups=_read_groups(groups_path) if groups_path.is_file() else {},
        summary=_read_summary(summary_path) if summary_path.is_file() else {},
    )
