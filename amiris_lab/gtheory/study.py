"""``gstudy``: variance components of the committee's scores (generalizability theory).

Checked against the published G study of Brennan (2001) synthetic data set No. 4
(p x (r:t), Table 3.2), and against R's lme4 1.1-31 on the data of Rajaratnam,
Cronbach and Gleser (1965) Table 2 (p x (i:h), one study per subtest and the pooled
unbalanced design), on seeded unbalanced p x r x m data and on the demo dataset
(``tests/data/gtheory/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..i18n import lazy_, t_
from .anova import fit_anova
from .design import OBJECT, Design, build_design, long_table
from .reml import RemlProblem, fit_reml, standard_errors, start_from_anova

METHODS = ("reml", "anova")


@dataclass
class GStudy:
    """The result of :func:`gstudy`.

    Attributes
    ----------
    components : DataFrame
        Index ``source`` (``project_id``, ``rater_id``, ``marker``,
        ``project_id:rater_id``, ``project_id:marker``, ``rater_id:marker``,
        ``residual``: those in the design); columns ``variance`` (never negative),
        ``share`` of the total, ``se`` (asymptotic standard error from the REML
        information; NaN for a component at 0) and ``n_levels``.
    design : dict
        ``n_scores``, ``n_projects``, ``n_<facet>``, ``raters_per_project_mean``,
        ``raters_per_project_harmonic``, ``cells_observed``, ``cells_share``.
    method : str
        ``"reml"`` or ``"anova"``.
    facets, nested : tuple, dict
        The random facets and the nesting used.
    notes : list of str
        Components set to 0 at the boundary, and other remarks for the reader.
    label : str
        What was studied (marker, year), for tables and titles.
    table : DataFrame
        The long table fitted (one row per score), used by :func:`min_raters`.
    """

    components: pd.DataFrame
    design: dict
    method: str
    facets: tuple[str, ...]
    nested: dict[str, str]
    notes: list[str] = field(default_factory=list)
    label: str = ""
    table: pd.DataFrame | None = field(default=None, repr=False)
    source_facets: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        shown = self.components.round(4).to_string()
        return f"GStudy({self.method}, {self.label or 'all'}, {self.design['n_projects']} projects)\n{shown}"


@dataclass
class GStudies:
    """One G study per stratum (year) plus the pooled one: ``studies[stratum]``, ``"pooled"``."""

    studies: dict
    strata: str

    @property
    def components(self) -> pd.DataFrame:
        """Long table: ``stratum, source, variance, share, se, n_levels``."""
        parts = [
            g.components.reset_index().assign(stratum=str(key)) for key, g in self.studies.items()
        ]
        table = pd.concat(parts, ignore_index=True)
        return table[["stratum", "source", "variance", "share", "se", "n_levels"]]

    def __getitem__(self, key):
        return self.studies[key]


def gstudy(
    data,
    facets: tuple[str, ...] = ("rater_id", "marker"),
    *,
    round: str = "individuel",
    marker=None,
    year=None,
    method: Literal["reml", "anova"] = "reml",
    nested: dict[str, str] | None = None,
    strata: str | None = None,
) -> GStudy | GStudies:
    """Variance components of the scores: a G study with ``project_id`` as object.

    Parameters
    ----------
    data : MarkerDataset or DataFrame
        A dataset, or a long table with ``project_id``, ``score`` and the facet
        columns (``rater_id``, ``marker``...). Missing cells are allowed.
    facets : tuple of str, default ("rater_id", "marker")
        Random facets, crossed with the projects and with each other.
    round : {"individuel", "revise"}, default "individuel"
        Which round's scores (datasets only).
    marker : str or list of str, optional
        Keep these markers. With one marker and ``facets`` holding ``marker``, the
        facet is dropped: ``marker="M01"`` gives the single-marker p x r study.
    year : int or list of int, optional
        Keep the projects of these years.
    method : {"reml", "anova"}, default "reml"
        REML (as R's lme4 ``lmer(..., REML = TRUE)``) or the analogous-ANOVA
        (Henderson method 1, expected mean squares) estimates.
    nested : dict, optional
        Facet -> column it is nested in, e.g. ``{"rater_id": "college"}`` (members
        nested in colleges: sources ``college``, ``rater_id:college``, ...).
    strata : str, optional
        ``"year"`` (or any column): one study per value plus the pooled one,
        returned as :class:`GStudies`.

    Returns
    -------
    GStudy or GStudies

    Raises
    ------
    amiris_lab.exceptions.DesignError
        A facet with one level, no project scored by two levels of a facet, or
        several scores in one cell.
    amiris_lab.exceptions.ConvergenceError
        REML did not converge; the message says what to try.

    Notes
    -----
    The model has one random effect per source (all interactions of object and
    facets, the full one being the residual) and a common mean. Components at
    the boundary are reported as 0 with a note, never negative. Checked against
    the published values of Brennan (2001, synthetic data No. 4) and against
    lme4 on unbalanced data (``tests/data/gtheory/lme4_reference.R``).

    Examples
    --------
    >>> import amiris_lab
    >>> ds = amiris_lab.make_demo_dataset(seed=1, years=[2020], projects_per_year=(30, 30))
    >>> g = gstudy(ds, marker="M01")
    >>> list(g.components.index)
    ['project_id', 'rater_id', 'residual']
    >>> bool((g.components["variance"] >= 0).all())
    True
    """
    if method not in METHODS:
        raise ParameterError(
            f"The 'method' parameter of gstudy must be one of {{'reml', 'anova'}}. "
            f"Got {method!r} instead."
        )
    facets = tuple(facets)
    if isinstance(facets, str) or not facets:
        raise ParameterError(
            lazy_("'facets' attend une liste de colonnes, par exemple ('rater_id', 'marker').")
        )
    single = marker is not None and not isinstance(marker, (list, tuple, set))
    if single and "marker" in facets:
        facets = tuple(f for f in facets if f != "marker")
    table = long_table(
        data, facets=facets, round=round, marker=marker, year=year, nested=nested, strata=strata
    )
    label = _label(marker, year)
    if strata is None:
        return _fit(table, facets=facets, nested=nested, method=method, label=label)
    studies = {}
    for value in sorted(table[strata].unique()):
        part = table[table[strata] == value].reset_index(drop=True)
        studies[value] = _fit(
            part, facets=facets, nested=nested, method=method, label=f"{label} {value}".strip()
        )
    studies["pooled"] = _fit(table, facets=facets, nested=nested, method=method, label=label)
    return GStudies(studies=studies, strata=strata)


def _label(marker, year) -> str:
    parts = []
    if marker is not None:
        parts.append(marker if isinstance(marker, str) else ",".join(map(str, marker)))
    if year is not None:
        parts.append(str(year) if not isinstance(year, (list, tuple)) else ",".join(map(str, year)))
    return " ".join(parts)


def _fit(table: pd.DataFrame, *, facets, nested, method: str, label: str) -> GStudy:
    design = build_design(table, facets=facets, nested=nested)
    notes: list[str] = []
    anova = fit_anova(design)
    if method == "reml":
        start = start_from_anova(anova, design.y)
        variances, problem, lam = fit_reml(design, start=start)
    else:
        variances = anova.copy()
        problem = RemlProblem(design)
        variances[variances < 0] = 0.0
        variances[-1] = max(variances[-1], 1e-12)
        lam = np.sqrt(variances[:-1] / variances[-1])
    names = design.source_names()
    for name, raw, value in zip(names, anova, variances, strict=True):
        if value == 0.0:
            if method == "anova":
                notes.append(
                    t_(
                        "La composante {name} estimée négative ({value:.4g}) est ramenée à 0.",
                        name=name,
                        value=raw,
                    )
                )
            else:
                notes.append(
                    t_(
                        "La composante {name} est à la frontière : estimée à 0 (aucune "
                        "variance décelable).",
                        name=name,
                    )
                )
    se = standard_errors(problem, lam, variances)
    return _result(design, variances, se, method=method, notes=notes, label=label)


def _result(design: Design, variances, se, *, method, notes, label) -> GStudy:
    names = design.source_names()
    names[-1] = "residual"
    levels = [s.n_levels for s in design.sources] + [design.n]
    total = float(np.sum(variances))
    components = pd.DataFrame(
        {
            "variance": variances,
            "share": variances / total if total > 0 else np.nan,
            "se": se,
            "n_levels": levels,
        },
        index=pd.Index(names, name="source"),
    )
    source_facets = {s.name: tuple(f for f in s.factors if f != OBJECT) for s in design.sources}
    source_facets["residual"] = tuple(f for f in design.factors if f != OBJECT)
    return GStudy(
        components=components,
        design=design.summary(),
        method=method,
        facets=design.facets,
        nested=design.nested,
        notes=notes,
        label=label,
        table=design.table,
        source_facets=source_facets,
    )
