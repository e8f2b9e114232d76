"""Run a notebook with papermill in this process; turn a failing cell into ExecutionError."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..exceptions import DependencyError, ExecutionError
from ..i18n import lazy_, t_


def _missing_kernel(kernel_name: str) -> DependencyError:
    return DependencyError(
        t_(
            "Le noyau Jupyter '{kernel_name}' est introuvable (installez ipykernel).",
            kernel_name=kernel_name,
        )
    )


def _first_line(source: str) -> str:
    for line in str(source).splitlines():
        if line.strip():
            return line.strip()
    return ""


def _error_cell(output: Path, fallback: int) -> int:
    """Index, in the kept notebook, of the cell holding the error (papermill adds banner cells)."""
    import nbformat

    try:
        nb = nbformat.read(output, as_version=4)
    except (OSError, ValueError):
        return fallback
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return fallback


def start_kernel(*, cwd: str | Path, kernel_name: str = "python3"):
    """Start a kernel to reuse across several notebooks; stop it with ``km.shutdown_kernel()``."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import NoSuchKernel

    km = KernelManager(kernel_name=kernel_name)
    try:
        # the kernel's own log (e.g. ipykernel's "running over TCP" notice) would only
        # clutter a scheduler's mail; cell outputs travel over the kernel protocol
        km.start_kernel(cwd=str(cwd), stderr=subprocess.DEVNULL)
    except NoSuchKernel:
        raise _missing_kernel(kernel_name) from None
    return km


def execute_notebook(
    template: str | Path,
    output: str | Path,
    parameters: Mapping[str, Any],
    *,
    cwd: str | Path | None = None,
    kernel_name: str = "python3",
    timeout: int | None = 600,
    kernel_manager=None,
):
    """Execute ``template`` with ``parameters`` and write the executed notebook to ``output``.

    Parameters
    ----------
    template : str or Path
        Notebook with a ``parameters``-tagged cell.
    output : str or Path
        Where the executed notebook is written (also when a cell fails).
    parameters : mapping
        Values injected after the ``parameters`` cell (already checked).
    cwd : str or Path, optional
        Working directory of the kernel; defaults to the template's folder, so
        relative paths in the template behave as when it is opened in JupyterLab.
    kernel_name : str, default "python3"
    timeout : int or None, default 600
        Seconds allowed per cell.
    kernel_manager : jupyter_client.KernelManager, optional
        An already started kernel to run in (kept alive afterwards); a batch
        uses one kernel for every year, so the imports are paid once. By
        default papermill starts and stops a fresh kernel.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    ExecutionError
        A cell raised; the message names the cell (index in the executed notebook
        and first line of its source), ``notebook`` is the kept output.
    DependencyError
        The Jupyter kernel ``kernel_name`` is not installed.
    """
    import papermill as pm
    from jupyter_client.kernelspec import NoSuchKernel

    template, output = Path(template), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    cwd = Path(cwd) if cwd is not None else template.resolve().parent
    # papermill logs every unknown parameter and each cell at INFO; we checked them already
    logging.getLogger("papermill").setLevel(logging.WARNING)
    extra = {} if kernel_manager is None else {"km": kernel_manager}
    try:
        return pm.execute_notebook(
            str(template),
            str(output),
            parameters=dict(parameters),
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            cwd=str(cwd),
            execution_timeout=timeout,
            **extra,
        )
    except pm.PapermillExecutionError as exc:
        line = _first_line(exc.source)
        index = _error_cell(output, exc.cell_index)
        raise ExecutionError(
            lazy_(
                "La cellule {index} du carnet ({line!r}) a échoué : {ename}: {evalue}. Le carnet "
                "exécuté, avec l'erreur, est gardé dans {output}.",
                index=index,
                line=line,
                ename=exc.ename,
                evalue=exc.evalue,
                output=output,
            ),
            notebook=str(output),
            cell_index=index,
        ) from None
    except NoSuchKernel:
        raise _missing_kernel(kernel_name) from None
