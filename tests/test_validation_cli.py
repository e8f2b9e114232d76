"""``amiris-lab validate``: exit codes, one line per problem, a summary when valid."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from io_fixtures import PROJECTS, SCORES, replace_line, write_folder

from amiris_lab.cli.main import main
from amiris_lab.data.io import load_dataset
from amiris_lab.data.summary import summary_table
from amiris_lab.i18n import set_language


@pytest.fixture(autouse=True)
def default_language():
    set_language(None)
    yield
    set_language(None)


def test_valid_dataset_prints_a_french_summary(tmp_path, capsys):
    folder = write_folder(tmp_path / "ds")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"Jeu de données valide : {folder} — 3 projets, 3 évaluateurs, 9 notes, 3 marqueurs, "
        "échelle 0-3."
    )
    assert out[1] == "Notes par année et par tour :"
    assert out[2].split() == [
        "année",
        "projets",
        "labellisés",
        "évaluateurs",
        "individuel",
        "révisé",
        "consensus",
    ]
    # counted by hand from io_fixtures: 2019 has P1, P2 (one labelled), raters R1 R2 R3,
    # 5 individual scores (one empty cell left out), 1 revised, 2 consensus; 2020 has P3.
    assert out[3].split() == ["2019", "2", "1", "3", "5", "1", "2"]
    assert out[4].split() == ["2020", "1", "0", "1", "1", "0", "0"]
    assert out[5].split() == ["total", "3", "1", "3", "6", "1", "2"]
    assert out[6].startswith("Empreinte SHA-256 : ")
    assert out[7] == (
        "1 remarque(s) (colonnes supplémentaires conservées, fichiers ignorés) : --notes pour "
        "les voir."
    )


def test_notices_on_request_in_english(tmp_path, capsys):
    folder = write_folder(tmp_path / "ds")
    assert main(["--lang", "en", "validate", "--notes", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "note: projects.csv:1: column 'commentaire': extra column kept" in out


def test_invalid_dataset_lists_every_problem(tmp_path, capsys):
    projects = replace_line(PROJECTS, 3, "P2,19,59,scop,essaimage,habitat,labelise,")
    scores = replace_line(SCORES, 11, "P3,R2,individuel,M03,5")
    folder = write_folder(tmp_path / "ds", {"projects.csv": projects, "scores.csv": scores})
    assert main(["--lang", "en", "validate", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "projects.csv:3: column 'year': '19' is not a four-digit year (1900-2099).",
        "projects.csv:3: column 'decision': 'labelise' is not a valid decision; did you mean "
        "'labellise'? (valid values: labellise, non_labellise, ajourne).",
        "scores.csv:11: column 'score': '5' is not a level of the scale (0-3)",
        f"3 problem(s) in {folder}: fix them, then run 'amiris-lab validate {folder}' again.",
    ]


def test_binary_file_gives_a_clean_message_and_exit_1(tmp_path):
    folder = write_folder(tmp_path / "ds", {"scores.csv": b"\x00\x01\x02" * 500})
    proc = subprocess.run(
        [sys.executable, "-m", "amiris_lab", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.startswith("scores.csv: fichier binaire illisible")


def test_missing_path_is_a_usage_error_as_for_every_command(tmp_path, capsys):
    """A data folder that does not exist: exit 2 and the same message for every command."""
    absent = tmp_path / "absent"
    runs = {
        "validate": ["validate", str(absent)],
        "describe": ["describe", str(absent)],
        "agreement": ["agreement", str(absent)],
        "k-anonymity": ["k-anonymity", str(absent)],
        "report": ["report", "--data", str(absent), "--out", str(tmp_path / "out")],
    }
    for command, argv in runs.items():
        assert main(argv) == 2, command
        err = capsys.readouterr().err
        assert err.startswith("Erreur : ") and "absent n'existe pas" in err, (command, err)


def test_summary_table_against_pandas_counts(tmp_path):
    demo_folder = write_folder(tmp_path / "ds")
    ds = load_dataset(demo_folder)
    table = summary_table(ds).set_index("year")
    # the same counts computed another way: merge then crosstab
    s = ds.scores.astype({"project_id": str, "rater_id": str, "round": str})
    merged = s[s["score"].notna()].merge(
        ds.projects[["project_id", "year"]].astype({"project_id": str}), on="project_id"
    )
    counts = pd.crosstab(merged["year"], merged["round"])
    assert table["individual_scores"].tolist() == counts["individuel"].tolist()
    assert table["consensus_scores"].tolist() == counts.get("consensus", 0).tolist()
    assert table["projects"].tolist() == ds.projects.groupby("year").size().tolist()
