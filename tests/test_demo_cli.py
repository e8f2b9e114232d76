"""``amiris-lab demo-data`` and the shipped ``data/demo`` folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from amiris_lab.cli.demo import parse_years
from amiris_lab.cli.main import main
from amiris_lab.data.demo import make_demo_dataset
from amiris_lab.exceptions import ParameterError
from amiris_lab.i18n import set_language

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language(None)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2016-2019", [2016, 2017, 2018, 2019]),
        ("2019", [2019]),
        (" 2016 - 2017 ", [2016, 2017]),
        ("2016,2018", [2016, 2018]),
        ("2016:2017", [2016, 2017]),
    ],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2019-2016", "20x", "2016,2016", "", "16-19"])
def test_bad_years_are_refused(text):
    with pytest.raises(
        ParameterError,
        match=r"--years attend une année ou une plage comme 2016-2019 \(ou 2016,2018\) ; reçu",
    ):
        parse_years(text)


def test_command_errors(tmp_path, capsys):
    assert main(["demo-data", str(tmp_path / "x"), "--years", "2019-2016"]) == 2
    assert "reçu '2019-2016'" in capsys.readouterr().err
    assert main(["demo-data", str(tmp_path / "x"), "--seed", "-3"]) == 2
    assert "--seed attend un entier positif ou nul ; reçu -3." in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_shipped_demo_data_is_regenerated_byte_for_byte(tmp_path, capsys):
    assert main(["demo-data", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Jeu de démonstration (synthétique) écrit dans {tmp_path / 'demo'} : ")
    assert "graine 20240601, années 2016-2019." in out
    regenerated, shipped = files(tmp_path / "demo"), files(DEMO)
    assert "scores.csv" in shipped
    assert sorted(regenerated) == sorted(shipped)
    for name, content in shipped.items():
        assert regenerated[name] == content, f"data/demo/{name} differs from a fresh demo-data run"


def test_the_shipped_demo_loads_to_the_generated_dataset():
    from amiris_lab.data.io import load_dataset

    assert load_dataset(DEMO).fingerprint == make_demo_dataset().fingerprint


def test_other_seed_and_years(tmp_path):
    from amiris_lab.data.io import load_dataset

    assert main(["demo-data", str(tmp_path / "d"), "--seed", "5", "--years", "2021"]) == 0
    ds = load_dataset(tmp_path / "d")
    assert ds.years == [2021]
    assert 60 <= len(ds.projects) <= 120
