import subprocess
import sys

import numpy as np
import pytest

from ej_clusters.polis_export import ExportError, read_export

from .conftest import POLIS, ROOT


def test_reads_a_real_export():
    export = read_export(POLIS / "brexit-consensus")
    assert export.name == "brexit-consensus"
    assert len(export.votes_choice) == 5312  # every row of votes.csv, history included
    assert set(np.unique(export.votes_choice)) <= {-1, 0, 1}
    assert export.n_groups == 2
    assert len(export.polis_groups) == 197  # participants with a group-id
    assert set(export.polis_groups.values()) == {0, 1}
    assert np.isnan(export.comment_gic).all()  # this export predates the column


def test_reads_meta_flags_and_group_informed_consensus():
    export = read_export(POLIS / "bg2050-volunteers")
    assert np.isfinite(export.comment_gic).all()
    meta = set(export.comment_ids[export.comment_is_meta].tolist())
    rejected = set(export.comment_ids[export.comment_moderated == -1].tolist())
    assert set(export.moderated_out.tolist()) == meta | rejected


def test_missing_files_are_an_export_error(tmp_path):
    with pytest.raises(ExportError):
        read_export(tmp_path / "nowhere")
    with pytest.raises(ExportError, match="votes.csv"):
        read_export(tmp_path)
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n")
    (tmp_path / "comments.csv").write_text("comment-id\n")
    with pytest.raises(ExportError, match="moderated"):
        read_export(tmp_path)


def test_math_and_reader_do_not_import_django():
    code = (
        "import sys, ej_clusters.math, ej_clusters.polis_export;"
        "from ej_clusters.math import automatic, personas, pca, kmeans, state;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    assert completed.returncode == 0
