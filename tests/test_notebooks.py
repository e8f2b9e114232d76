"""Committed notebooks: outputs stripped, generated from their source, runnable top to bottom."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import report_notebooks_source as source

from amiris_lab.reports import template_parameters
from amiris_lab.reports.execute import execute_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESEARCH = sorted(source.RESEARCH)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.get("outputs", []) == [], f"{path.name}: cell {i} has outputs"
            assert cell.get("execution_count") is None, (
                f"{path.name}: cell {i} has an execution count"
            )


@pytest.mark.parametrize("name", ["rapport_annuel.ipynb", *RESEARCH])
def test_notebook_matches_its_source(name, tmp_path):
    written = {p.name: p for p in source.write_all(tmp_path)}
    assert json.loads(written[name].read_text()) == json.loads(
        (ROOT / "notebooks" / name).read_text()
    ), (
        f"notebooks/{name} differs from tests/report_notebooks_source.py: run python tests/report_notebooks_source.py"
    )


@pytest.mark.parametrize("name", ["rapport_annuel.ipynb", *RESEARCH])
def test_notebook_has_parameters_cell(name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    # papermill must read every line (it silently drops lines it cannot parse)
    declared = template_parameters(ROOT / "notebooks" / name)
    lines = [ln for ln in tagged[0].source.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(declared) == len(lines)
    assert all(info["type"] is not None for info in declared.values())
    assert "data_dir" in tagged[0].source or "export_dir" in tagged[0].source


PARAMETERS = {
    "01_decouvrir_les_donnees.ipynb": {},
    "02_fiabilite_des_marqueurs.ipynb": {"year": 2019, "n_boot": 50},
    "03_typologies_de_projets.ipynb": {"year": 2019},
    "04_analyser_un_atelier.ipynb": {"n_boot": 50},
}


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("name", RESEARCH)
def test_research_notebook_runs_on_demo_data(name, tmp_path):
    params = dict(PARAMETERS[name])
    if name != "04_analyser_un_atelier.ipynb":
        params["data_dir"] = str(ROOT / "data" / "demo")
    out = tmp_path / name
    nb = execute_notebook(ROOT / "notebooks" / name, out, params)
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert '"output_type": "error"' not in text
    assert "image/png" in text


@pytest.mark.notebook
@pytest.mark.slow
def test_workshop_notebook_on_a_real_export(tmp_path):
    """04_analyser_un_atelier reads what `amiris-lab workshop export` writes."""
    import numpy as np

    from amiris_lab.workshop import WorkshopStore, load_case
    from amiris_lab.workshop.export import export_workshop

    store = WorkshopStore(str(tmp_path / "w.sqlite"))
    code, token = store.create_workshop("atelier", load_case())
    markers = store.case("atelier").marker_codes
    people = [
        store.join("atelier", code, f"P{i}", college)
        for i, college in enumerate(["expert", "financeur_public", "expert", "accompagnement"])
    ]
    rng = np.random.default_rng(3)
    store.set_round("atelier", "individuel", "open", token=token)
    for who in people:
        store.submit("atelier", who, {m: int(rng.integers(0, 4)) for m in markers})
    folder = export_workshop(store, "atelier", tmp_path / "export", token=token)

    name = "04_analyser_un_atelier.ipynb"
    nb = execute_notebook(
        ROOT / "notebooks" / name, tmp_path / name, {"export_dir": str(folder), "n_boot": 50}
    )
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "4 participants" in text
    assert "image/png" in text and '"output_type": "error"' not in text
