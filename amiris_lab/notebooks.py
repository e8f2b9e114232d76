"""The notebooks the program runs, serves or hands out, each kept once as a jupytext script.

Every notebook lives in one place, ``amiris_lab/resources/notebooks/<name>.py``, in
jupytext's *percent* format (cells separated by ``# %%`` lines, so the text is reviewed
and diffed as code). The package reads them with :mod:`importlib.resources`, so the
annual report and the workshop pages work from an installed wheel, far from any
checkout:

- ``rapport_annuel``: the annual report template run by ``amiris-lab report``;
- ``atelier_participant`` and ``atelier_formateur``: the pages ``amiris-lab workshop
  serve`` hands to Voila;
- ``00_galerie_des_figures`` to ``06_mesure_de_rasch``: the research notebooks.

The ``notebooks/`` folder of the repository holds the same notebooks as ``.ipynb``
files for people who open them in JupyterLab; ``amiris-lab notebooks FOLDER`` (or
``make notebooks`` in a checkout) writes them from this single source, and a test keeps
the two identical.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import jupytext
import nbformat

from .exceptions import ParameterError

#: Every notebook shipped with the package, in the order they are listed to users.
NOTEBOOKS: tuple[str, ...] = (
    "00_galerie_des_figures",
    "01_decouvrir_les_donnees",
    "02_fiabilite_des_marqueurs",
    "03_typologies_de_projets",
    "04_analyser_un_atelier",
    "05_generalisabilite",
    "06_mesure_de_rasch",
    "rapport_annuel",
    "atelier_participant",
    "atelier_formateur",
)

_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _check_name(name: str) -> str:
    stem = name.removesuffix(".ipynb").removesuffix(".py")
    if stem not in NOTEBOOKS:
        raise ParameterError(
            f"The 'name' parameter of read_notebook must be one of {{{', '.join(NOTEBOOKS)}}}. "
            f"Got {name!r} instead."
        )
    return stem


def notebook_source(name: str) -> str:
    """The jupytext (percent) text of a packaged notebook.

    Parameters
    ----------
    name : str
        One of :data:`NOTEBOOKS`, with or without ``.ipynb``.

    Examples
    --------
    >>> notebook_source("atelier_participant").splitlines()[0]
    '# ---'
    """
    stem = _check_name(name)
    path = resources.files("amiris_lab") / "resources" / "notebooks" / f"{stem}.py"
    return path.read_text(encoding="utf-8")


def read_notebook(name: str) -> nbformat.NotebookNode:
    """A packaged notebook as an nbformat 4 notebook without outputs.

    Cell ids are stable (``<name>-00``, ``<name>-01``, ...) and the metadata hold only the
    kernel (``python3``), so the same source always gives the same bytes.

    Examples
    --------
    >>> nb = read_notebook("rapport_annuel.ipynb")
    >>> sum("parameters" in c.metadata.get("tags", []) for c in nb.cells)
    1
    """
    stem = _check_name(name)
    nb = jupytext.reads(notebook_source(stem), fmt="py:percent")
    nb.metadata = nbformat.from_dict(
        {"kernelspec": dict(_KERNELSPEC), "language_info": {"name": "python"}}
    )
    prefix = stem.split("_")[0] if stem[:2].isdigit() else stem
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{prefix}-{i:02d}"
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def write_notebook(name: str, folder: str | Path) -> Path:
    """Write a packaged notebook as ``folder/<name>.ipynb``; return its path."""
    stem = _check_name(name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.ipynb"
    nbformat.write(read_notebook(stem), path)
    return path


def write_notebooks(folder: str | Path, names: tuple[str, ...] = NOTEBOOKS) -> list[Path]:
    """Write several packaged notebooks (all by default) into ``folder``; return their paths.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_notebooks(tmp, ("rapport_annuel",))]
    ['rapport_annuel.ipynb']
    """
    return [write_notebook(name, folder) for name in names]


@cache
def _scratch() -> Path:
    # One private folder per process for notebooks that must exist as files (papermill and
    # Voila read paths); removed when the process ends.
    folder = Path(tempfile.mkdtemp(prefix="amiris-lab-notebooks-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def notebook_file(name: str) -> Path:
    """Path of a packaged notebook written as ``.ipynb`` in a private temporary folder.

    For tools that read a file (papermill runs the report template from it). The
    file is written once per process and removed when the process ends.
    """
    stem = _check_name(name)
    path = _scratch() / f"{stem}.ipynb"
    if not path.exists():
        write_notebook(stem, _scratch())
    return path
