"""The annual evaluation report: parameters, execution, HTML/PDF export, provenance, batches.

This package is the only one importing papermill (inside the functions that run
notebooks, so importing it stays light).

Modules: :mod:`.parameters` (the template's declared parameters, checked before
any kernel starts), :mod:`.execute` (papermill in this process),
:mod:`.export` (HTML without code, table of contents, PDF through Chromium),
:mod:`.figures` (key figures), :mod:`.narrative` (numbers into sentences),
:mod:`.provenance`, :mod:`.batch` (:func:`run_report`, :func:`run_reports`).
"""

from __future__ import annotations

from .batch import FORMATS, PROVENANCE_MIME, ReportResult, default_template, run_report, run_reports
from .data import DEMO, open_dataset
from .figures import KEY_FIGURE_COLUMNS, KEY_FIGURES_MIME, key_figures, show_key_figures
from .members import members_needed_table, members_needed_text
from .narrative import (
    agreement_text,
    fmt,
    key_figures_text,
    movement_text,
    percent,
    severity_text,
    trend_text,
)
from .parameters import check_parameters, template_parameters
from .provenance import provenance, provenance_table


def show_provenance(record) -> None:
    """Hand the provenance record to the report runner (invisible in the HTML)."""
    from IPython.display import display

    display({PROVENANCE_MIME: record}, raw=True)


__all__ = [
    "DEMO",
    "FORMATS",
    "KEY_FIGURES_MIME",
    "KEY_FIGURE_COLUMNS",
    "PROVENANCE_MIME",
    "ReportResult",
    "agreement_text",
    "check_parameters",
    "default_template",
    "fmt",
    "key_figures",
    "key_figures_text",
    "members_needed_table",
    "members_needed_text",
    "movement_text",
    "open_dataset",
    "percent",
    "provenance",
    "provenance_table",
    "run_report",
    "run_reports",
    "severity_text",
    "show_key_figures",
    "show_provenance",
    "template_parameters",
    "trend_text",
]
