"""The runner without a kernel: latest year, batches from the CLI, files written, PDF skipped."""

from __future__ import annotations

import json

import nbformat
import pytest

from amiris_lab.cli.main import main
from amiris_lab.reports import KEY_FIGURES_MIME, PROVENANCE_MIME, export, run_report

RECORDS = [{"year": 2019, "indicator": "applications", "marker": "", "value": 102.0}]


class FakeKernel:
    def shutdown_kernel(self, now=False):
        self.stopped = True


@pytest.fixture
def fake_execution(monkeypatch):
    """Replace the kernel by a function writing what the template would output."""
    calls = []

    def execute(template, output, parameters, **kwargs):
        calls.append(dict(parameters))
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("import amiris_lab")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data", data={"text/markdown": f"## Rapport {parameters['year']}"}
            ),
            nbformat.v4.new_output("display_data", data={KEY_FIGURES_MIME: RECORDS}),
            nbformat.v4.new_output(
                "display_data", data={PROVENANCE_MIME: {"seed": parameters["seed"]}}
            ),
        ]
        nb.cells = [cell]
        nbformat.write(nb, output)
        return nb

    monkeypatch.setattr("amiris_lab.reports.execute.execute_notebook", execute)
    monkeypatch.setattr("amiris_lab.reports.execute.start_kernel", lambda **kw: FakeKernel())
    return calls


def test_latest_year_and_files(fake_execution, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "chromium_path", lambda: None)
    result = run_report(None, data_dir="demo:", out_dir=tmp_path, seed=7)
    assert (
        result.year == 2019 and fake_execution[0]["year"] == 2019 and fake_execution[0]["seed"] == 7
    )
    assert sorted(result.files) == ["csv", "html", "ipynb", "json", "provenance", "xlsx"]
    assert result.messages == (
        "PDF non produit : Chromium n'est pas installé (make chromium, ou apt-get install chromium).",
    )
    assert (
        result.files["csv"].read_text() == "year,indicator,marker,value\n2019,applications,,102\n"
    )
    assert json.loads(result.files["json"].read_text()) == RECORDS
    # the spreadsheet for people: French headers, the indicator in words, a whole-number format
    import openpyxl

    sheet = openpyxl.load_workbook(result.files["xlsx"])["Chiffres clés"]
    assert [c.value for c in sheet[1]] == ["Année", "Indicateur", "Marqueur", "Valeur"]
    assert [c.value for c in sheet[2]] == [2019, "Candidatures", "ensemble", 102]
    assert sheet["D2"].number_format == "0"
    assert json.loads(result.files["provenance"].read_text()) == {"seed": 7}
    assert "import amiris_lab" not in result.files["html"].read_text()
    assert run_report("latest", data_dir="demo:", out_dir=tmp_path, formats=["html"]).year == 2019


def test_ipynb_not_kept_unless_asked(fake_execution, tmp_path):
    result = run_report(2018, data_dir="demo:", out_dir=tmp_path, formats=("html",))
    assert not (tmp_path / "2018" / "rapport_2018.ipynb").exists()
    assert (tmp_path / "2018" / "rapport_2018.html").exists() and "ipynb" not in result.files


def test_cli_batch_and_exit_0(fake_execution, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(export, "chromium_path", lambda: None)
    code = main(
        [
            "report",
            "--years",
            "2017-2019",
            "--data",
            "demo:",
            "--out",
            str(tmp_path),
            "--n-boot",
            "50",
        ]
    )
    assert code == 0
    assert [c["year"] for c in fake_execution] == [2017, 2018, 2019]
    assert all(c["n_boot"] == 50 for c in fake_execution)
    captured = capsys.readouterr()
    assert "Rapport 2018 écrit dans" in captured.out
    assert captured.err.count("PDF non produit") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2017", "2018", "2019"]


def test_cli_without_year_takes_latest(fake_execution, tmp_path):
    assert (
        main(["report", "--data", "demo:", "--out", str(tmp_path), "--format", "ipynb", "-q"]) == 0
    )
    assert fake_execution[0]["year"] == 2019 and fake_execution[0]["lang"] == "fr"


def test_cli_invalid_data_exit_1(fake_execution, tmp_path, capsys):
    import shutil
    from pathlib import Path

    data = tmp_path / "donnees"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "demo", data)
    lines = (data / "scores.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[4].rstrip("\n").split(",")
    row[header.index("score")] = "9"
    lines[4] = ",".join(row) + "\n"
    (data / "scores.csv").write_text("".join(lines), encoding="utf-8")
    code = main(["report", "--data", str(data), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "scores.csv:5" in capsys.readouterr().err
    assert fake_execution == []
