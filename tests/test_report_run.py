"""The annual report end to end on data/demo (papermill in-process), and the failing-cell path.

One report per language is executed for the whole session (a kernel run costs seconds).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from amiris_lab.cli.main import main
from amiris_lab.exceptions import ExecutionError
from amiris_lab.reports import batch as batch_module
from amiris_lab.reports import run_report
from amiris_lab.reports.export import chromium_path

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SECTIONS = (
    "chiffres-cles",
    "candidatures",
    "profil",
    "accord",
    "consensus",
    "membres",
    "notes-justes",
    "typologies",
    "evolution",
    "combien-de-membres",
    "methodes",
)


@pytest.fixture(scope="session")
def report_fr(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports_fr")
    return run_report(2019, data_dir=DEMO, out_dir=out, n_boot=200)


@pytest.fixture(scope="session")
def report_en(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports_en")
    return run_report(2019, data_dir=DEMO, out_dir=out, n_boot=200, lang="en", formats=("html",))


def _visible(html: str) -> str:
    """Text a reader sees: no style blocks, no tags."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_files_written(report_fr):
    names = sorted(p.name for p in report_fr.out_dir.iterdir())
    expected = {
        "rapport_2019.html",
        "rapport_2019.ipynb",
        "chiffres_cles_2019.csv",
        "chiffres_cles_2019.json",
        "provenance_2019.json",
    }
    assert expected <= set(names)
    assert report_fr.out_dir.name == "2019"
    assert ("rapport_2019.pdf" in names) == (chromium_path() is not None)


def test_html_has_every_section_figures_and_no_code(report_fr):
    html = report_fr.files["html"].read_text(encoding="utf-8")
    for ident in SECTIONS:
        assert f'id="{ident}"' in html, ident
        assert f'href="#{ident}"' in html, ident  # table of contents
    assert "1. Chiffres clés" in html and "10. Méthodes et provenance" in html
    figures = re.findall(r"<img[^>]*src=\"data:image/png;base64,", html)
    assert len(figures) >= 7
    text = _visible(html)
    assert "import " not in text and "amiris_lab." not in text
    assert "Traceback" not in text and "indisponible" not in text
    # self-contained: nothing fetched from the network
    assert not re.search(
        r"""(src|href)=["']https?://|url\(["']?https?://|@import""", html.split("<body")[0]
    )
    assert not re.search(r"""<(img|script|link)[^>]*(src|href)=["']https?://""", html)


def test_html_in_english(report_en):
    html = report_en.files["html"].read_text(encoding="utf-8")
    assert "1. Key figures" in html and "10. Methods and provenance" in html and "Contents" in html
    assert "Chiffres clés" not in html


def test_key_figures_identical_across_runs(report_fr, report_en):
    for kind in ("csv", "json"):
        assert report_fr.files[kind].read_bytes() == report_en.files[kind].read_bytes()
    records = json.loads(report_fr.files["json"].read_text(encoding="utf-8"))
    assert {"applications", "mean_consensus", "consensus_shift"} <= {
        r["indicator"] for r in records
    }


def test_provenance(report_fr):
    record = json.loads(report_fr.files["provenance"].read_text(encoding="utf-8"))
    from amiris_lab import load_dataset

    assert record["dataset_fingerprint"] == load_dataset(DEMO).fingerprint
    assert record["parameters"]["n_boot"] == 200 and record["seed"] == 2024
    assert record["run_date"]
    assert record["run_date"][:10] not in report_fr.files["csv"].read_text()


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed")
def test_pdf(report_fr):
    data = report_fr.files["pdf"].read_bytes()
    assert data[:5] == b"%PDF-"
    try:
        from pypdf import PdfReader
    except ImportError:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    else:
        pages = len(PdfReader(report_fr.files["pdf"]).pages)
    assert pages >= 4


FAILING = """year: int = 2019
data_dir: str = ""
lang: str = "fr"
"""


@pytest.fixture
def failing_template(tmp_path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(FAILING)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("valeur = 1 / 0  # volontaire\nprint(valeur)"),
        nbformat.v4.new_code_cell("print('jamais')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "echec.ipynb"
    nbformat.write(nb, path)
    return path


def test_failing_cell_kept_and_named(failing_template, tmp_path):
    with pytest.raises(
        ExecutionError,
        match=r"La cellule \d+ du carnet \('valeur = 1 / 0  # volontaire'\) a échoué : ZeroDivisionError",
    ) as info:
        run_report(
            2019,
            data_dir="demo:",
            out_dir=tmp_path / "out",
            template=failing_template,
            formats=("html",),
        )
    kept = Path(info.value.notebook)
    assert kept.exists() and kept.name == "rapport_2019.ipynb"
    nb = nbformat.read(kept, as_version=4)
    assert "ZeroDivisionError" in json.dumps(nb.cells[info.value.cell_index]["outputs"])
    assert not (tmp_path / "out" / "2019" / "rapport_2019.html").exists()


def test_failing_cell_exit_3(failing_template, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(batch_module, "default_template", lambda: failing_template)
    code = main(
        ["report", "--year", "2019", "--data", "demo:", "--out", str(tmp_path), "--format", "html"]
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "a échoué : ZeroDivisionError" in err and "est gardé dans" in err
    assert (tmp_path / "2019" / "rapport_2019.ipynb").exists()


def test_batch_in_one_kernel_gives_the_same_key_figures(report_fr, tmp_path, capsys):
    from amiris_lab.reports import run_reports

    results = run_reports(
        [2018, 2019], data_dir=DEMO, out_dir=tmp_path, n_boot=200, formats=("ipynb",)
    )
    assert [r.year for r in results] == [2018, 2019]
    assert results[1].files["csv"].read_bytes() == report_fr.files["csv"].read_bytes()
    assert "Rapports" in capsys.readouterr().err  # tqdm progress bar
    assert (tmp_path / "2018" / "chiffres_cles_2018.json").exists()


def test_batch_goes_on_after_a_failing_year(tmp_path):
    """One year failing does not stop the others; the first failure is raised at the end."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(FAILING)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell("if year == 2018:\n    raise RuntimeError('année 2018 refusée')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    template = tmp_path / "selon_annee.ipynb"
    nbformat.write(nb, template)
    from amiris_lab.reports import run_reports

    with pytest.raises(ExecutionError, match="année 2018 refusée"):
        run_reports(
            [2017, 2018, 2019],
            data_dir="demo:",
            out_dir=tmp_path / "out",
            template=template,
            formats=("html",),
            progress=False,
        )
    assert (tmp_path / "out" / "2019" / "rapport_2019.html").exists()
    assert (tmp_path / "out" / "2017" / "rapport_2017.html").exists()
    assert not (tmp_path / "out" / "2018" / "rapport_2018.html").exists()
