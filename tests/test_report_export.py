"""HTML export (no code, table of contents, embedded figures, offline) and PDF through Chromium."""

from __future__ import annotations

import re

import matplotlib
import nbformat
import pytest

from amiris_lab.exceptions import DependencyError
from amiris_lab.reports import KEY_FIGURES_MIME, export
from amiris_lab.reports.export import (
    add_table_of_contents,
    chromium_path,
    html_to_pdf,
    notebook_to_html,
)

matplotlib.use("Agg")


def _png() -> str:
    import base64
    import io

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


@pytest.fixture(scope="module")
def executed_like():
    """A notebook as papermill leaves it: code, Markdown outputs, a figure, a hand-over output."""
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("import secret_module\nprint('x')")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": '<h2 id="alpha">1. Premier</h2>'}
        ),
        nbformat.v4.new_output(
            "display_data", data={"image/png": _png(), "text/plain": "<Figure>"}
        ),
        nbformat.v4.new_output("display_data", data={KEY_FIGURES_MIME: [{"a": 1}]}),
    ]
    second = nbformat.v4.new_code_cell("amiris_lab.something()")
    second.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": "## Deuxième partie\n\ntexte"}
        )
    ]
    nb.cells = [code, second]
    return nb


def test_html_has_no_code_but_outputs_figures_and_toc(executed_like):
    page = notebook_to_html(executed_like, title="Rapport test", lang="fr")
    assert "secret_module" not in page and "amiris_lab.something" not in page
    assert len(re.findall(r"<img[^>]*src=\"data:image/png;base64,", page)) == 1
    assert KEY_FIGURES_MIME not in page
    toc = re.search(r'<nav class="amiris-toc".*?</nav>', page, re.S).group(0)
    assert "Sommaire" in toc
    assert '<a href="#alpha">1. Premier</a>' in toc
    assert re.search(r'<a href="#([^"]+)">Deuxième partie</a>', toc)
    target = re.search(r'<a href="#([^"]+)">Deuxième partie</a>', toc).group(1)
    assert f'id="{target}"' in page
    assert toc and page.index("amiris-toc") < page.index('id="alpha"')
    assert '<html lang="fr"' in page or 'lang="fr"' in page[:500]


def test_html_needs_no_network(executed_like):
    page = notebook_to_html(executed_like, title="t", lang="en")
    assert not re.search(r'<script[^>]*src="https?://', page)
    assert not re.search(r'<link[^>]*href="https?://', page)
    assert "Contents" in page


def test_toc_slugs_are_unique():
    out = add_table_of_contents("<h2>Même</h2><h2>Même</h2><h3>Sous-partie</h3>", title="S")
    assert 'id="même"' in out and 'id="même-2"' in out and 'class="toc-h3"' in out


def test_toc_absent_without_sections():
    assert add_table_of_contents("<p>rien</p>", title="S") == "<p>rien</p>"


def test_pdf_skipped_with_clear_message_without_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "chromium_path", lambda: None)
    with pytest.raises(DependencyError, match=r"PDF non produit : Chromium n'est pas installé"):
        html_to_pdf(tmp_path / "x.html", tmp_path / "x.pdf")


@pytest.mark.slow
@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed")
def test_pdf_from_html_is_a4(tmp_path, executed_like):
    html = tmp_path / "r.html"
    html.write_text(notebook_to_html(executed_like, title="t"), encoding="utf-8")
    pdf = html_to_pdf(html, tmp_path / "r.pdf")
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    # A4 = 595 x 842 points
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box and abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2
