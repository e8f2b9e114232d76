"""``amiris-lab gstudy``: printed study, CSV output, strata, language, exit codes."""

from __future__ import annotations

import pandas as pd
import pytest

from amiris_lab import make_demo_dataset
from amiris_lab.cli.main import main
from amiris_lab.data.io import write_dataset
from amiris_lab.gtheory import gstudy
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def _default_language():
    yield
    set_language(None)  # --lang en sets the session's language


@pytest.fixture(scope="module")
def dataset():
    return make_demo_dataset(seed=5, years=[2018, 2019], projects_per_year=(20, 20))


@pytest.fixture(scope="module")
def folder(tmp_path_factory, dataset):
    path = tmp_path_factory.mktemp("gstudy")
    write_dataset(dataset, path)
    return path


def test_prints_the_study_and_the_d_study_in_french(folder, capsys):
    assert main(["gstudy", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Étude G — 40 projets" in out and "méthode REML" in out
    for row in ("Projet ", "Membre ", "Marqueur ", "Projet × membre", "Projet × marqueur"):
        assert row in out
    assert "Étude D : fiabilité de la note du projet (moyenne des 12 marqueurs)" in out
    assert "membres" in out and "Eρ²" in out and "Φ" in out


def test_writes_the_components_as_csv(folder, dataset, tmp_path, capsys):
    out = tmp_path / "g.csv"
    assert (
        main(["gstudy", str(folder), "--marker", "M02", "--year", "2019", "--out", str(out)]) == 0
    )
    assert "Composantes de variance écrites dans" in capsys.readouterr().out
    table = pd.read_csv(out)
    assert list(table.columns) == ["source", "variance", "share", "se", "n_levels"]
    expected = gstudy(dataset, marker="M02", year=2019).components
    assert list(table["source"]) == list(expected.index)
    assert table["variance"].tolist() == pytest.approx(expected["variance"].tolist())


def test_by_year_gives_one_study_per_year_and_the_pooled_one(folder, tmp_path):
    out = tmp_path / "years.csv"
    assert main(["gstudy", str(folder), "--marker", "M05", "--by-year", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"stratum": str})
    assert set(table["stratum"]) == {"2018", "2019", "pooled"}


def test_english_on_request(folder, capsys):
    assert main(["--lang", "en", "gstudy", str(folder), "--marker", "M01"]) == 0
    out = capsys.readouterr().out
    assert "G study M01 — 40 projects" in out
    assert "D study: dependability of the project's score (marker M01)" in out


def test_bad_parameters_exit_2_with_a_message(folder, capsys):
    assert main(["gstudy", str(folder), "--out", "g.xlsx"]) == 2
    assert "--out attend un fichier .csv" in capsys.readouterr().err
    assert main(["gstudy", str(folder), "--marker", "M99"]) == 2
    assert "M99" in capsys.readouterr().err
