"""The gallery notebook: stored clean, and executed end to end on the demo data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "notebooks" / "00_galerie_des_figures.ipynb"


def test_gallery_is_stored_without_outputs_and_with_parameters():
    nb = nbformat.read(GALLERY, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert 'data_dir = "../data/demo"' in tagged[0].source
    # the notebook only calls the public API
    text = "\n".join(c.source for c in code)
    assert "amiris_lab." not in text.replace("amiris_lab.analysis", "").replace(
        "amiris_lab.agreement", ""
    ).replace("amiris_lab import", "")


def test_gallery_matches_its_source():
    from amiris_lab.notebooks import read_notebook

    stored = nbformat.read(GALLERY, as_version=4)
    assert [c.source for c in stored.cells] == [
        c.source for c in read_notebook("00_galerie_des_figures").cells
    ]


@pytest.mark.notebook
@pytest.mark.slow
def test_gallery_runs_and_draws_every_picture(tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "galerie.ipynb"
    papermill.execute_notebook(
        str(GALLERY),
        str(out),
        parameters={"seed": 1},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(GALLERY.parent),
    )
    nb = nbformat.read(out, as_version=4)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    # radar x2, distribution, movement, forest, severity, kappa, correlation,
    # cluster heatmap, grid, map
    assert len(images) >= 11
