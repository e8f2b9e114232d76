"""Notebooks: one packaged source each; the committed copies match it, stripped and runnable."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from amiris_lab.notebooks import NOTEBOOKS, read_notebook, write_notebooks
from amiris_lab.reports import template_parameters
from amiris_lab.reports.execute import execute_notebook

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESEARCH = [
    f"{name}.ipynb" for name in NOTEBOOKS if name[:2] in ("01", "02", "03", "04", "05", "06")
]


def test_every_packaged_notebook_is_committed_and_nothing_else():
    assert [p.stem for p in COMMITTED] == sorted(NOTEBOOKS)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.get("outputs", []) == [], f"{path.name}: cell {i} has outputs"
            assert cell.get("execution_count") is None, (
                f"{path.name}: cell {i} has an execution count"
            )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_is_its_packaged_source(name, tmp_path):
    (written,) = write_notebooks(tmp_path, (name,))
    assert written.read_bytes() == (ROOT / "notebooks" / f"{name}.ipynb").read_bytes(), (
        f"notebooks/{name}.ipynb differs from amiris_lab/resources/notebooks/{name}.py: "
        "run `make notebooks` (or `amiris-lab notebooks notebooks`)"
    )


def test_packaged_source_reads_back_stable():
    """Same source, same cells, ids and metadata: no jupytext or nbformat version in the file."""
    first, second = read_notebook("rapport_annuel"), read_notebook("rapport_annuel.ipynb")
    assert first == second
    assert set(first.metadata) == {"kernelspec", "language_info"}
    assert [c["id"] for c in first.cells][:2] == ["rapport_annuel-00", "rapport_annuel-01"]


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
    "05_generalisabilite.ipynb": {"year": 2019, "n_boot": 30},
    "06_mesure_de_rasch.ipynb": {"year": 2019},
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


def test_notebooks_command_writes_the_packaged_notebooks(tmp_path, capsys):
    from amiris_lab.cli.main import main

    assert (
        main(["notebooks", str(tmp_path), "--only", "rapport_annuel,04_analyser_un_atelier"]) == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "04_analyser_un_atelier.ipynb",
        "rapport_annuel.ipynb",
    ]
    # a second run refuses to overwrite without --overwrite, and says how
    assert main(["notebooks", str(tmp_path), "--only", "rapport_annuel"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["notebooks", str(tmp_path), "--only", "rapport"]) == 2
    assert "Carnet inconnu : rapport" in capsys.readouterr().err
