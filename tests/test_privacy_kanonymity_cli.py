"""The ``k-anonymity`` command on a dataset folder (needs part A's load/write)."""

from __future__ import annotations

from collections import Counter

import pytest

from amiris_lab.cli.main import main
from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.data.privacy import QUASI_IDENTIFIERS
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from amiris_lab.data.io import write_dataset

    path = tmp_path_factory.mktemp("k") / "demo"
    write_dataset(make_demo_dataset(years=[2019]), path)
    return path


def test_report_exit_1_when_groups_are_under_k(folder, capsys):
    assert main(["k-anonymity", str(folder)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("k-anonymat (k = 5) sur year, department, legal_form, stage, sector : ")
    assert "groupe(s) de moins de 5 projets" in out


def test_report_exit_0_when_k_anonymous(folder, capsys):
    assert (
        main(["k-anonymity", str(folder), "--quasi-identifiers", "year,department", "--k", "3"])
        == 0
    )
    assert "Chaque groupe compte au moins 3 projets." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "qi"),
    [
        ("--generalise", QUASI_IDENTIFIERS),
        ("--suppress", ("year", "department", "legal_form", "stage")),
    ],
)
def test_fixed_dataset_is_written_k_anonymous_with_its_scores(folder, tmp_path, option, qi, capsys):
    from amiris_lab.data.io import load_dataset

    out = tmp_path / "out"
    args = ["k-anonymity", str(folder), "--k", "3", "--quasi-identifiers", ",".join(qi)]
    assert main([*args, option, str(out)]) == 0
    assert f"écrit dans {out}" in capsys.readouterr().out
    ds = load_dataset(out)
    sizes = Counter(
        tuple(str(v) for v in row) for row in ds.projects[list(qi)].itertuples(index=False)
    )
    assert min(sizes.values()) >= 3
    assert set(ds.scores["project_id"].astype(str)) == set(ds.projects["project_id"])
    original = load_dataset(folder)
    assert len(ds.projects) < len(original.projects)


def test_bad_parameters(folder, capsys):
    assert main(["k-anonymity", str(folder), "--k", "1"]) == 2
    assert (
        "Le paramètre 'k' de k_anonymity doit être un entier >= 2 ; reçu 1."
        in capsys.readouterr().err
    )
    assert main(["k-anonymity", str(folder), "--quasi-identifiers", "year,secteur"]) == 2
    assert (
        "La colonne de quasi-identifiant 'secteur' n'est pas dans la table des projets"
        in capsys.readouterr().err
    )


def test_nothing_is_written_when_every_project_would_go(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["k-anonymity", str(folder), "--k", "3", "--suppress", str(out)]) == 1
    assert (
        "Aucun projet ne resterait avec k = 3 sur year, department, legal_form, stage, sector : "
        "rien n'est écrit." in capsys.readouterr().err
    )
    assert not out.exists()
