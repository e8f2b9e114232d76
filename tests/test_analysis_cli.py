"""``amiris-lab agreement``: printed table, CSV output, exit codes and messages."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_helpers import random_dataset

from amiris_lab.cli.main import main
from amiris_lab.data.io import load_dataset, write_dataset
from amiris_lab.i18n import set_language

pytest.importorskip("amiris_lab.agreement")


@pytest.fixture(autouse=True)
def _default_language():
    yield
    set_language(None)  # --lang en sets the session's language


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("panel")
    write_dataset(random_dataset(31, n_projects=30), path)
    return path


def test_prints_a_french_table_by_default(folder, capsys):
    assert main(["agreement", str(folder), "--n-boot", "50"]) == 0
    out = capsys.readouterr().out
    assert (
        "Accord entre membres du comité — tour individuel, 30 projets, années 2018, 2019 ; intervalles à 95 %"
        in out
    )
    header = out.splitlines()[2]
    for word in ("Marqueur", "Statistique", "Valeur", "IC", "Lecture"):
        assert word in header
    assert "α de Krippendorff" in out and "AC2 de Gwet" in out


def test_english_and_grouping(folder, capsys):
    assert (
        main(
            [
                "--lang",
                "en",
                "agreement",
                str(folder),
                "--by",
                "marker,college",
                "--statistics",
                "ac1",
                "--year",
                "2019",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "round individuel, 15 projects, year 2019; 95% intervals" in out
    assert "College" in out.splitlines()[2] and "Gwet's AC1" in out


def test_out_writes_the_tidy_table(folder, tmp_path, capsys):
    target = tmp_path / "sub" / "table.csv"
    assert (
        main(["agreement", str(folder), "--n-boot", "80", "--seed", "4", "--out", str(target)]) == 0
    )
    assert "Tableau d'accord écrit dans" in capsys.readouterr().out
    written = pd.read_csv(target)
    from amiris_lab.analysis import agreement_table

    expected = agreement_table(load_dataset(folder), n_boot=80, seed=4)
    # percent agreement has no band: empty in the CSV, None in the table
    pd.testing.assert_frame_equal(
        written.fillna({"band": ""}), expected.fillna({"band": ""}), check_dtype=False
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--by", "rater"], "--by : « rater » n'est pas possible ; choisissez parmi marker,"),
        (["--by", "yaer"], "Vouliez-vous dire « year » ?"),
        (["--statistics", "alpha,kappa"], "--statistics : « kappa » n'est pas possible"),
        (["--year", "2030"], "L'année 2030 n'est pas dans le jeu de données"),
        (["--year", "soon"], "--year attend une année ou une plage"),
        (["--n-boot", "0"], "--n-boot attend un entier strictement positif ; reçu 0"),
        (["--out", "table.xlsx"], "--out attend un fichier .csv ; reçu 'table.xlsx'"),
    ],
)
def test_bad_parameters_exit_2(folder, capsys, extra, message):
    assert main(["agreement", str(folder), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and message in err


def test_bad_grouping_in_english(folder, capsys):
    assert main(["--lang", "en", "agreement", str(folder), "--by", "yaer"]) == 2
    err = capsys.readouterr().err
    assert "--by: 'yaer' is not possible; choose among" in err and "Did you mean 'year'?" in err
    assert "«" not in err


def test_invalid_data_exit_1(tmp_path, capsys):
    (tmp_path / "projects.csv").write_text("project_id,year\nP1,20x9\n", encoding="utf-8")
    assert main(["agreement", str(tmp_path)]) == 1
    assert "Erreur" in capsys.readouterr().err
