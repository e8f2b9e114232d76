"""Executed notebook -> self-contained HTML (no code, table of contents) -> A4 PDF."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

from ..exceptions import DependencyError
from ..i18n import lazy_, t_

CHROMIUM = "/usr/bin/chromium"

_HEADING = re.compile(r"<h([1-3])([^>]*)>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = [
    re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.S),
    re.compile(r"<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*/?>", re.S),
]
# MathJax configuration block: it only loads MathJax from the network
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)

_CSS = """
<style>
  body { max-width: 60rem; margin: 0 auto; }
  nav.amiris-toc { border: 1px solid #ccc; border-radius: 4px; padding: 0.6rem 1.2rem;
                   margin: 1rem 0 2rem 0; background: #fafafa; }
  nav.amiris-toc { font-family: var(--jp-content-font-family, sans-serif); }
  nav.amiris-toc ul { margin: 0.2rem 0; list-style: none; padding-left: 0.6rem; }
  nav.amiris-toc li.toc-h3 { margin-left: 1.4rem; font-size: 0.95em; }
  .jp-OutputArea-output img { max-width: 100%; height: auto; }
  figure.amiris-figure { margin: 0.4rem 0 0.8rem 0; }
  table.dataframe th, table.dataframe td { white-space: nowrap; }
  /* long values (SHA-256 fingerprints, folder paths) wrap inside A4 instead of overflowing */
  table.dataframe td:last-child { white-space: normal; overflow-wrap: anywhere; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print {
    body { max-width: none; }
    /* a heading, an introducing sentence or a table's caption stays with what follows */
    .jp-OutputArea-child:not(:last-child):has(h1, h2, h3, .jp-RenderedMarkdown) {
      break-after: avoid;
    }
    h1, h2, h3 { break-after: avoid; }
    /* a figure (picture + caption) and a table are never split across pages */
    figure.amiris-figure, .jp-OutputArea-child:has(figure) { break-inside: avoid; }
    figure.amiris-figure img { max-height: 240mm; object-fit: contain; }
    table.dataframe { break-inside: avoid; font-size: 8.5pt; }
    p, li { orphans: 3; widows: 3; }
    a.anchor-link { display: none; }
  }
</style>
"""


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "section"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def add_table_of_contents(body: str, *, title: str) -> str:
    """Give every h2/h3 an id and insert a linked table of contents before the first h2.

    Examples
    --------
    >>> page = "<body><h1>R</h1><h2>Chiffres clés</h2><p>x</p><h3>Détail</h3></body>"
    >>> out = add_table_of_contents(page, title="Sommaire")
    >>> 'href="#chiffres-clés"' in out and 'id="détail"' in out
    True
    """
    used: set[str] = set()
    entries: list[tuple[int, str, str]] = []

    def visit(match: re.Match) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        text = html_lib.unescape(_TAG.sub("", inner)).replace("¶", "").strip()
        found = re.search(r'\bid="([^"]*)"', attrs)
        if found:
            ident = found.group(1)
            used.add(ident)
        else:
            ident = _slug(text, used)
            attrs = f' id="{ident}"{attrs}'
        if level >= 2:
            entries.append((level, ident, text))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    body = _HEADING.sub(visit, body)
    if not entries:
        return body
    items = "\n".join(
        f'<li class="toc-h{level}"><a href="#{html_lib.escape(ident, quote=True)}">'
        f"{html_lib.escape(text)}</a></li>"
        for level, ident, text in entries
    )
    toc = f'<nav class="amiris-toc" id="sommaire"><strong>{html_lib.escape(title)}</strong><ul>\n{items}\n</ul></nav>\n'
    first = re.search(r"<h2[\s>]", body)
    # place it before the cell that holds the first h2 (at the start of that cell's wrapper)
    cell = body.rfind('<div class="jp-Cell', 0, first.start())
    at = cell if cell != -1 else first.start()
    return body[:at] + toc + body[at:]


def notebook_to_html(notebook, *, title: str, lang: str = "fr") -> str:
    """Self-contained HTML of an executed notebook, without code.

    nbconvert's ``lab`` template with ``exclude_input=True``: figures stay embedded
    as ``data:image/png`` and Markdown outputs become HTML; the links to external
    scripts (MathJax, require.js) are removed so the page needs no network, and a
    table of contents and print rules (A4) are added.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
    title : str
        Title of the page (``<title>``).
    lang : {"fr", "en"}

    Returns
    -------
    str
    """
    import copy

    from nbconvert import HTMLExporter

    notebook = copy.deepcopy(notebook)
    for (
        cell
    ) in notebook.cells:  # hand-over outputs for the runner (key figures...) are not for readers
        if "outputs" in cell:
            cell.outputs = [
                o
                for o in cell.outputs
                if not any(k.startswith("application/vnd.amiris-lab.") for k in o.get("data", {}))
            ]
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    body = _MATHJAX.sub("", body)
    for pattern in _EXTERNAL:
        body = pattern.sub("", body)
    body = re.sub(r"<html([^>]*)\blang=\"[^\"]*\"", rf'<html\1lang="{lang}"', body, count=1)
    if "<html" in body and 'lang="' not in body.split(">", 2)[1]:
        body = body.replace("<html", f'<html lang="{lang}"', 1)
    body = body.replace("</head>", _CSS + "</head>", 1)
    return add_table_of_contents(body, title=t_("Sommaire", lang=lang))


def chromium_path() -> str | None:
    """Path of the Chromium used for PDFs, or None when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout_ms: int = 60_000) -> Path:
    """Print an HTML file to an A4 PDF with headless Chromium (through Playwright).

    Raises
    ------
    DependencyError
        Chromium or the Python package playwright is not installed.
    """
    executable = chromium_path()
    if executable is None:
        raise DependencyError(
            lazy_(
                "PDF non produit : Chromium n'est pas installé (make chromium, ou apt-get install "
                "chromium)."
            )
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise DependencyError(
            lazy_(
                "PDF non produit : le paquet Python playwright manque (pip install "
                "'amiris_lab[browser]')."
            )
        ) from None
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            page = browser.new_page()
            page.goto(html_path.as_uri(), wait_until="load", timeout=timeout_ms)
            page.emulate_media(media="print")
            page.pdf(
                path=str(pdf_path),
                format="A4",
                print_background=True,
                margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;">'
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
            )
        finally:
            browser.close()
    return pdf_path
