"""Run the annual report: check parameters, execute, export, write key figures and provenance."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from ..exceptions import AmirisError, DependencyError, ExecutionError, ParameterError
from ..i18n import get_language, lazy_, t_
from ..notebooks import notebook_file
from .data import DEMO, open_dataset
from .figures import KEY_FIGURES_MIME, write_key_figures
from .parameters import check_parameters, template_parameters

Format = Literal["html", "pdf", "ipynb"]
FORMATS = ("html", "pdf", "ipynb")

#: Custom MIME type under which the template hands its provenance record to the runner.
PROVENANCE_MIME = "application/vnd.amiris-lab.provenance+json"


def default_template() -> Path:
    """Path of the annual report template, written from the package's single source.

    The template is kept as ``amiris_lab/resources/notebooks/rapport_annuel.py`` and
    written as an ``.ipynb`` file in a private temporary folder for papermill (see
    :func:`amiris_lab.notebooks.notebook_file`), so reports run from an installed wheel.
    """
    return notebook_file("rapport_annuel")


@dataclass(frozen=True)
class ReportResult:
    """What one report run produced.

    Attributes
    ----------
    year : int
    out_dir : Path
        ``<out>/<year>/``.
    files : dict
        Kind -> path, for the kinds written: ``html``, ``pdf``, ``ipynb``,
        ``csv`` and ``json`` (key figures), ``provenance``.
    messages : tuple of str
        What was skipped and why (e.g. no Chromium, so no PDF).
    seconds : float
        Wall time of the run.
    """

    year: int
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    messages: tuple[str, ...] = ()
    seconds: float = 0.0


def _check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(str(f).strip().lower() for f in formats if str(f).strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        got = ", ".join(bad) or t_("rien")
        raise ParameterError(
            lazy_(
                "Formats possibles : html, pdf, ipynb (séparés par des virgules) ; reçu {got}.",
                got=got,
            )
        )
    return formats


def _outputs(nb, mime: str):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data:
                return data[mime]
    return None


def _resolve_year(year, years: Sequence[int]):
    if year is None or (
        isinstance(year, str) and year.strip().lower() in ("latest", "derniere", "dernière")
    ):
        if not years:
            raise ParameterError(lazy_("Les données ne contiennent aucune année."))
        return max(years)
    return year


class _Plan:
    """Checked parameters and paths of one report (nothing run yet)."""

    def __init__(
        self, year, *, dataset, data_dir, out_dir, formats, template, declared, options, parameters
    ):
        values = {"year": _resolve_year(year, dataset.years)}
        values["data_dir"] = data_dir if str(data_dir) == DEMO else str(Path(data_dir).resolve())
        values.update({k: v for k, v in options.items() if v is not None})
        values = {k: v for k, v in values.items() if k in declared}
        values.update(parameters or {})
        self.parameters = check_parameters(values, declared=declared, years=dataset.years)
        self.year = int(self.parameters["year"])
        self.formats = formats
        self.template = template
        self.out_dir = Path(out_dir) / str(self.year)


def _run_plan(plan: _Plan, *, kernel_name: str, kernel_manager=None) -> ReportResult:
    from .execute import execute_notebook
    from .export import html_to_pdf, notebook_to_html

    start = time.perf_counter()
    lang = plan.parameters.get("lang", get_language())
    year = plan.year
    out = plan.out_dir
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    messages: list[str] = []
    ipynb = out / f"rapport_{year}.ipynb"
    nb = execute_notebook(
        plan.template,
        ipynb,
        plan.parameters,
        kernel_name=kernel_name,
        kernel_manager=kernel_manager,
    )

    records = _outputs(nb, KEY_FIGURES_MIME)
    if records is not None:
        files["csv"], files["json"] = (
            out / f"chiffres_cles_{year}.csv",
            out / f"chiffres_cles_{year}.json",
        )
        write_key_figures(records, files["csv"], files["json"])
    else:
        messages.append(
            t_(
                "Le modèle n'a pas fourni de chiffres clés (aucun appel à show_key_figures).",
                lang=lang,
            )
        )
    record = _outputs(nb, PROVENANCE_MIME)
    if record is not None:
        files["provenance"] = out / f"provenance_{year}.json"
        files["provenance"].write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    if "html" in plan.formats or "pdf" in plan.formats:
        title = t_("Rapport annuel {year}", year=year, lang=lang)
        page = notebook_to_html(nb, title=title, lang=lang)
        html_path = out / f"rapport_{year}.html"
        if "html" in plan.formats:
            html_path.write_text(page, encoding="utf-8")
            files["html"] = html_path
        if "pdf" in plan.formats:
            pdf_path = out / f"rapport_{year}.pdf"
            try:
                if "html" in plan.formats:
                    html_to_pdf(html_path, pdf_path)
                else:
                    with tempfile.TemporaryDirectory() as tmp:
                        tmp_html = Path(tmp) / html_path.name
                        tmp_html.write_text(page, encoding="utf-8")
                        html_to_pdf(tmp_html, pdf_path)
                files["pdf"] = pdf_path
            except DependencyError as exc:
                messages.append(str(exc))
    if "ipynb" in plan.formats:
        files["ipynb"] = ipynb
    else:
        ipynb.unlink(missing_ok=True)
    return ReportResult(year, out, files, tuple(messages), time.perf_counter() - start)


def _setup(data_dir, template, formats, *, out_dir, options, parameters):
    """Check the template and formats, open the data; return a ``_Plan`` maker for one year."""
    template = Path(template) if template is not None else default_template()
    if not template.exists():
        raise DependencyError(
            lazy_("Modèle de rapport introuvable : {template}.", template=template)
        )
    formats = _check_formats(formats)
    declared = template_parameters(template)
    dataset = open_dataset(data_dir)
    plan_for = partial(
        _Plan,
        dataset=dataset,
        data_dir=data_dir,
        out_dir=out_dir,
        formats=formats,
        template=template,
        declared=declared,
        options=options,
        parameters=parameters,
    )
    return template, dataset, plan_for


def run_report(
    year: int | str | None = None,
    *,
    data_dir: str | Path = "data/demo",
    out_dir: str | Path = "reports",
    formats: Sequence[Format] = ("html", "pdf", "ipynb"),
    lang: Literal["fr", "en"] | None = None,
    n_boot: int | None = None,
    seed: int | None = None,
    alpha_min: float | None = None,
    previous_years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    template: str | Path | None = None,
    kernel_name: str = "python3",
) -> ReportResult:
    """Produce the annual evaluation report of one year.

    Parameters are checked against the template's ``parameters`` cell before any
    kernel starts; the template is executed by papermill in this process; the
    executed notebook becomes a self-contained HTML without code (table of
    contents, embedded figures) and an A4 PDF (headless Chromium, skipped with a
    message when it is not installed); the key figures are written as CSV and
    JSON and the provenance record as JSON.

    Parameters
    ----------
    year : int, str or None
        Year of the report; ``None`` or ``"latest"`` = latest year in the data;
        ``"2019"`` is accepted.
    data_dir : str or Path, default "data/demo"
        Dataset folder (``"demo:"`` = built-in synthetic demo data).
    out_dir : str or Path, default "reports"
        Files go to ``<out_dir>/<year>/``: ``rapport_<year>.html``, ``.ipynb``,
        ``.pdf``, ``chiffres_cles_<year>.csv`` and ``.json``,
        ``provenance_<year>.json``.
    formats : sequence of {"html", "pdf", "ipynb"}
    lang, n_boot, seed, alpha_min, previous_years : optional
        Template parameters; None keeps the template's default
        (fr, 1000, 2024, 0.667, 3).
    parameters : mapping, optional
        Any other template parameter by name (unknown names are refused).
    template : str or Path, optional
        Another template (default: the packaged ``rapport_annuel``, see :func:`default_template`).
    kernel_name : str, default "python3"

    Returns
    -------
    ReportResult

    Raises
    ------
    ParameterError (exit 2)
        Unknown parameter, wrong type, year absent, bad lang or format.
    SchemaError (exit 1)
        Invalid data.
    ExecutionError (exit 3)
        A cell failed; the executed notebook with the error is kept.
    DependencyError (exit 4)
        Template, kernel or data reader missing.

    Examples
    --------
    >>> result = run_report(2019, data_dir="data/demo", out_dir="reports")  # doctest: +SKIP
    >>> sorted(result.files)  # doctest: +SKIP
    ['csv', 'html', 'ipynb', 'json', 'pdf', 'provenance']
    """
    options = dict(
        lang=lang, n_boot=n_boot, seed=seed, alpha_min=alpha_min, previous_years=previous_years
    )
    template, _, plan_for = _setup(
        data_dir, template, formats, out_dir=out_dir, options=options, parameters=parameters
    )
    plan = plan_for(year)
    from .execute import start_kernel

    km = start_kernel(cwd=template.resolve().parent, kernel_name=kernel_name)
    try:
        return _run_plan(plan, kernel_name=kernel_name, kernel_manager=km)
    finally:
        km.shutdown_kernel(now=True)


def run_reports(
    years: Iterable[int | str] | None = None,
    *,
    data_dir: str | Path = "data/demo",
    out_dir: str | Path = "reports",
    formats: Sequence[Format] = ("html", "pdf", "ipynb"),
    lang: Literal["fr", "en"] | None = None,
    n_boot: int | None = None,
    seed: int | None = None,
    alpha_min: float | None = None,
    previous_years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    template: str | Path | None = None,
    kernel_name: str = "python3",
    progress: bool = True,
) -> list[ReportResult]:
    """Produce the reports of several years in one process, with a progress bar.

    Every year's parameters are checked before the first kernel starts; the years
    then run one after the other in a single kernel (the template sets every
    name it uses, so a year never reads another year's state). A year
    whose template fails does not stop the others; the first such failure is
    raised (:class:`ExecutionError`) once all years have run.

    Parameters
    ----------
    years : iterable of int, optional
        Default: every year in the data.
    progress : bool, default True
        Show a tqdm progress bar (on stderr).
    Other parameters
        As :func:`run_report`.

    Returns
    -------
    list of ReportResult
        In the order of ``years``.
    """
    from tqdm.auto import tqdm

    options = dict(
        lang=lang, n_boot=n_boot, seed=seed, alpha_min=alpha_min, previous_years=previous_years
    )
    template, dataset, plan_for = _setup(
        data_dir, template, formats, out_dir=out_dir, options=options, parameters=parameters
    )
    years = list(dataset.years if years is None else years)
    if not years:
        raise ParameterError(lazy_("Aucune année demandée."))
    plans = [plan_for(y) for y in years]
    from .execute import start_kernel

    results: list[ReportResult] = []
    failures: list[AmirisError] = []
    bar = tqdm(plans, desc=t_("Rapports"), unit=t_("an"), disable=not progress)
    # one kernel for the whole batch: the scientific imports are paid once
    km = start_kernel(cwd=template.resolve().parent, kernel_name=kernel_name)
    try:
        for plan in bar:
            bar.set_postfix_str(str(plan.year))
            try:
                results.append(_run_plan(plan, kernel_name=kernel_name, kernel_manager=km))
            except ExecutionError as exc:
                failures.append(exc)
                km.restart_kernel(now=True)  # the next year starts from a clean kernel
    finally:
        bar.close()
        km.shutdown_kernel(now=True)
    if failures:
        raise failures[0]
    return results
