"""``amiris-lab rasch``: the summary a user reads and the files written with --out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from amiris_lab.cli.main import main
from amiris_lab.i18n import set_language

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def run_2019(tmp_path_factory):
    out = tmp_path_factory.mktemp("rasch") / "sortie"
    return out


def test_summary_and_files(run_2019, capsys):
    code = main(["rasch", str(DEMO), "--year", "2019", "--out", str(run_2019)])
    text = capsys.readouterr().out
    assert code == 0
    assert "Modèle de Rasch à facettes multiples (rating_scale, jmle)" in text
    assert "année 2019" in text
    assert "Séparation et fiabilité par facette" in text
    assert "Seuils d'Andrich (logits) : 0→1 : " in text
    assert "La frontière de labellisation" in text
    assert "10 fichiers écrits" in text
    measures = pd.read_csv(run_2019 / "measures.csv")
    assert {"facet", "element", "measure", "se", "fair_average"} <= set(measures.columns)
    members = measures[measures["facet"] == "rater_id"]
    # the printed member table shows each severity with a decimal comma
    for value in members["measure"].round(2).head(3):
        assert f"{value:.2f}".replace(".", ",") in text
    changes = pd.read_csv(run_2019 / "notes_justes_projets.csv")
    for project in changes["project_id"].head(5):
        assert project in text
    for name in ("carte_de_wright.png", "courbes_des_categories.png", "severite_des_membres.png"):
        assert (run_2019 / name).read_bytes()[:4] == b"\x89PNG"


def test_english(capsys):
    try:
        code = main(["--lang", "en", "rasch", str(DEMO), "--year", "2018"])
    finally:
        set_language(None)  # --lang sets the session's language
    text = capsys.readouterr().out
    assert code == 0
    assert "Many-facet Rasch model" in text and "year 2018" in text
    assert "Andrich thresholds (logits): 0→1: " in text
    assert "Committee members:" in text


def test_errors(capsys, tmp_path):
    assert main(["rasch", str(DEMO), "--year", "1990"]) == 2
    assert "1990" in capsys.readouterr().err
    assert main(["rasch", str(tmp_path / "absent")]) in (1, 2)
    assert "absent" in capsys.readouterr().err
