"""``FacetsModel``: the many-facet Rasch model in scikit-learn style.

The model (Linacre 1989; Eckes 2015) puts projects, markers and members on one logit
scale::

    log(P_k / P_(k-1)) = B_project - D_marker - C_member - F_k

with ``F_k`` shared by every marker (``model="rating_scale"``, Andrich 1978) or
``F_(marker,k)`` per marker (``model="partial_credit"``, Masters 1982). Any other
facet of the data (``college``, ``stage``...) can be added; like markers and members
its measure is subtracted. Directions: for projects, higher means higher scores;
for markers (difficulty), members (severity) and other facets, higher means lower
scores.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from .._param_validation import PROBABILITY, check_param
from ..exceptions import DisorderedThresholdsWarning, ParameterError
from ..i18n import lazy_, t_
from . import _data, design
from ._core import linear_predictor, moments, probabilities
from .bias import interaction_table
from .cml import fit_cml
from .jmle import fit_jmle
from .statistics import category_table, element_fit, expected_score, separation_table

MODELS = ("rating_scale", "partial_credit")
ESTIMATIONS = ("jmle", "cml")
MEASURE_COLUMNS = [
    "measure",
    "se",
    "infit",
    "infit_z",
    "outfit",
    "outfit_z",
    "count",
    "raw_mean",
    "fair_average",
    "extreme",
]


class FacetsModel:
    """Many-facet Rasch model (FACETS-style JMLE, or eRm-style CML).

    Parameters
    ----------
    facets : tuple of str, default ("marker", "rater_id")
        Facets besides the projects (``project_id`` is always the object facet).
        Any column of the long data works, e.g. ``"college"``; a facet nested in
        another (members in colleges) is centred within each outer element.
    model : {"rating_scale", "partial_credit"}, default "rating_scale"
        One threshold structure for all markers, or one per marker.
    estimation : {"jmle", "cml"}, default "jmle"
        Joint ML as FACETS/Winsteps (:mod:`amiris_lab.rasch.jmle`) or conditional
        ML as R's eRm (:mod:`amiris_lab.rasch.cml`).
    bias_correction : bool, default True
        JMLE only: multiply the non-project measures and thresholds by ``(L-1)/L``.
    extreme_adjustment : float, default 0.3
        Score points by which an extreme element's score is pulled in.
    interactions : sequence of (str, str), optional
        Cells for :attr:`interactions_`; default member x marker and, when the data
        have colleges, college x marker.
    max_iter : int, default 100
    tol : float, default 1e-7
        Largest parameter change (logits) at convergence.

    Attributes
    ----------
    measures_ : DataFrame
        Indexed by (``facet``, ``element``); columns ``measure, se, infit, infit_z,
        outfit, outfit_z, count, raw_mean, fair_average, extreme``. ``fair_average``
        is FACETS' Fair-M average: the expected score (on the scale's levels) against
        elements of mean measure in every other facet. ``extreme`` is ``"max"`` or
        ``"min"`` for elements with only extreme scores (their fit is NaN).
    thresholds_ : DataFrame
        ``group, category, threshold, se``: Andrich threshold between ``category - 1``
        and ``category`` (group ``"all"`` for the rating scale model, else the marker).
    separation_ : DataFrame
        Per facet: ``n_elements, mean, sd, rmse, true_sd, separation, strata,
        reliability, chi2, df, p_value``.
    category_stats_ : DataFrame
        See :func:`amiris_lab.rasch.statistics.category_table`.
    interactions_ : DataFrame
        See :func:`amiris_lab.rasch.bias.interaction_table`.
    observations_ : DataFrame
        The scores used, with ``expected, variance, residual, std_residual, eta`` and
        ``active`` (False for scores of extreme elements, left out of estimation).
    covariance_ : DataFrame
        Model covariance of the non-project measures and thresholds (index and
        columns (``facet``, ``element``), thresholds as facet ``"threshold"`` and
        element ``"group:category"``): from the joint information with projects
        eliminated for JMLE, the conditional information for CML.
    n_iter_, converged_, loglik_ : int, bool, float
        ``loglik_`` is the joint log-likelihood (JMLE, before the bias correction)
        or the conditional one (CML).

    Examples
    --------
    >>> import amiris_lab
    >>> from amiris_lab.rasch import FacetsModel
    >>> data = amiris_lab.make_demo_dataset(years=(2019,))
    >>> fm = FacetsModel().fit(data)
    >>> fm.measures_.loc["rater_id", ["measure", "se"]].shape
    (15, 2)
    >>> bool(fm.thresholds_["threshold"].is_monotonic_increasing)
    True
    """

    def __init__(
        self,
        *,
        facets: tuple[str, ...] = ("marker", "rater_id"),
        model: Literal["rating_scale", "partial_credit"] = "rating_scale",
        estimation: Literal["jmle", "cml"] = "jmle",
        bias_correction: bool = True,
        extreme_adjustment: float = 0.3,
        interactions=None,
        max_iter: int = 100,
        tol: float = 1e-7,
    ):
        self.facets = facets
        self.model = model
        self.estimation = estimation
        self.bias_correction = bias_correction
        self.extreme_adjustment = extreme_adjustment
        self.interactions = interactions
        self.max_iter = max_iter
        self.tol = tol

    def _validate(self) -> tuple[str, ...]:
        check_param(self.model, MODELS, name="model", func="FacetsModel")
        check_param(self.estimation, ESTIMATIONS, name="estimation", func="FacetsModel")
        facets = (self.facets,) if isinstance(self.facets, str) else tuple(self.facets)
        if not facets or _data.OBJECT_FACET in facets or len(set(facets)) != len(facets):
            raise ParameterError(
                "The 'facets' parameter of FacetsModel must name one or more distinct facets "
                f"besides 'project_id' (always included). Got {self.facets!r} instead."
            )
        check_param(
            self.extreme_adjustment, PROBABILITY, name="extreme_adjustment", func="FacetsModel"
        )
        return facets

    # ------------------------------------------------------------------ fitting
    def fit(self, data, *, round: str = "individuel", year=None, categories=None):
        """Estimate the measures from a ``MarkerDataset`` or a long DataFrame.

        Parameters
        ----------
        data : MarkerDataset or DataFrame
            A long DataFrame needs ``project_id, score`` and the facet columns
            (a ``round`` column, if present, is filtered on ``round``).
        round : {"individuel", "revise", "consensus"}, default "individuel"
        year : int or list of int, optional
        categories : sequence of int, optional
            The scale's levels; default the dataset's scale (or the observed range).

        Returns
        -------
        self

        Raises
        ------
        EstimationError
            A category never used, an element with one observation, or
            disconnected subsets (the message names them).
        """
        facets = self._validate()
        d = _data.prepare(
            data, facets=facets, round=round, year=year, model=self.model, categories=categories
        )
        _data.check_categories(d)
        _data.check_single_observations(d)
        active, flags = _data.extreme_elements(d, np.ones(len(d.x), dtype=bool))
        layout = design.make_layout(d, flags)
        design.check_connected(d, active, layout)
        est = fit_jmle(
            d,
            layout,
            active,
            flags,
            max_iter=self.max_iter,
            tol=self.tol,
            bias_correction=self.bias_correction or self.estimation == "cml",
            adjustment=self.extreme_adjustment,
        )
        if self.estimation == "cml":
            est = fit_cml(
                d,
                layout,
                active,
                flags,
                est,
                max_iter=self.max_iter,
                tol=self.tol,
                adjustment=self.extreme_adjustment,
            )
        self._d, self._est, self._active, self._flags = d, est, active, flags
        self.facets_ = d.facets
        self.categories_ = d.categories
        self.n_iter_, self.converged_, self.loglik_ = est.n_iter, est.converged, est.loglik
        if not est.converged:
            warnings.warn(
                t_("L'estimation n'a pas convergé en {n_iter} itérations.", n_iter=est.n_iter),
                RuntimeWarning,
                stacklevel=2,
            )
        self._build_outputs()
        self.covariance_ = self._covariance(layout)
        return self

    def _covariance(self, layout) -> pd.DataFrame:
        d, cov = self._d, self._est.rest_cov
        labels = []
        for f in range(1, len(d.facets)):
            keep = np.flatnonzero(layout.position[f] >= 0)
            order = keep[np.argsort(layout.position[f][keep])]
            labels += [(d.facets[f], str(d.labels[f][c])) for c in order]
        labels += [("threshold", f"{g}:{k}") for g in d.group_labels for k in d.categories[1:]]
        index = pd.MultiIndex.from_tuples(labels, names=["facet", "element"])
        if cov is None:
            cov = np.full((len(labels), len(labels)), np.nan)
        return pd.DataFrame(cov, index=index, columns=index)

    def _build_outputs(self) -> None:
        d, est, active = self._d, self._est, self._active
        eta = linear_predictor(d, est.values)
        p = probabilities(eta, est.tau, d.group)
        e, v, c = moments(p)
        residual = d.x - e
        obs = d.frame.copy()
        obs["expected"] = e + d.categories[0]
        obs["variance"] = v
        obs["residual"] = residual
        obs["std_residual"] = residual / np.sqrt(v)
        obs["eta"] = eta
        obs["active"] = active
        self.observations_ = obs
        frames = []
        for f, facet in enumerate(d.facets):
            n = len(d.labels[f])
            code = d.codes[:, f]
            infit, infit_z, outfit, outfit_z = element_fit(
                code[active], n, residual[active], v[active], c[active]
            )
            flag = self._flags[f]
            for arr in (infit, infit_z, outfit, outfit_z):
                arr[flag != 0] = np.nan
            count = np.bincount(code, minlength=n)
            raw = np.bincount(code, weights=d.x, minlength=n) / count + d.categories[0]
            frames.append(
                pd.DataFrame(
                    {
                        "facet": facet,
                        "element": d.labels[f],
                        "measure": est.values[f],
                        "se": est.se[f],
                        "infit": infit,
                        "infit_z": infit_z,
                        "outfit": outfit,
                        "outfit_z": outfit_z,
                        "count": count,
                        "raw_mean": raw,
                        "fair_average": self._fair_average(f) + d.categories[0],
                        "extreme": np.select([flag > 0, flag < 0], ["max", "min"], ""),
                    }
                )
            )
        self.measures_ = pd.concat(frames).set_index(["facet", "element"])
        self.thresholds_ = pd.DataFrame(
            {
                "group": np.repeat(d.group_labels, d.m),
                "category": np.tile(d.categories[1:], d.n_groups),
                "threshold": est.tau.ravel(),
                "se": est.tau_se.ravel(),
            }
        )
        disordered = [
            str(g) for g, t in zip(d.group_labels, est.tau, strict=True) if np.any(np.diff(t) <= 0)
        ]
        if disordered:
            warnings.warn(
                t_(
                    "Seuils d'Andrich désordonnés ({groups}) : une catégorie n'est jamais la "
                    "plus probable ; l'échelle ne fonctionne pas comme des niveaux ordonnés "
                    "(voir category_stats_).",
                    groups=", ".join(disordered),
                ),
                DisorderedThresholdsWarning,
                stacklevel=3,
            )
        self.separation_ = separation_table(self.measures_)
        self.category_stats_ = category_table(
            d.x[active],
            d.group[active],
            eta[active],
            p[active],
            est.tau,
            est.tau_se,
            d.categories,
            d.group_labels,
        )
        pairs = self.interactions
        if pairs is None:
            pairs = []
            if "rater_id" in d.facets and "marker" in d.facets:
                pairs.append(("rater_id", "marker"))
            if "college" in d.frame.columns and "marker" in d.facets:
                pairs.append(("college", "marker"))
        tables = [self.interaction_table(pair) for pair in pairs]
        self.interactions_ = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()

    def _fair_average(self, f: int) -> np.ndarray:
        """FACETS' Fair-M average (category index) of every element of facet ``f``."""
        d, est = self._d, self._est
        means = [float(np.mean(v)) for v in est.values]
        signs = [1.0] + [-1.0] * (len(d.facets) - 1)
        base = sum(s * mu for g, (s, mu) in enumerate(zip(signs, means, strict=True)) if g != f)
        eta = signs[f] * est.values[f] + base
        if d.n_groups == 1:
            return expected_score(eta, est.tau[0])
        if d.facets[f] == "marker":
            return np.array(
                [expected_score(np.array([e]), est.tau[g])[0] for g, e in enumerate(eta)]
            )
        return np.mean([expected_score(eta, t) for t in est.tau], axis=0)

    # ------------------------------------------------------------------ analyses
    def interaction_table(self, between: tuple[str, str]) -> pd.DataFrame:
        """Bias/interaction of two facets or attributes (``("rater_id", "marker")``...).

        See :mod:`amiris_lab.rasch.bias`; scores of extreme elements are left out.
        """
        self._check_fitted()
        d, est, active = self._d, self._est, self._active
        missing = [c for c in between if c not in d.frame.columns]
        if len(between) != 2 or missing:
            raise ParameterError(
                lazy_(
                    "between= attend deux colonnes des données ; inconnue(s) : {missing}. "
                    "Colonnes : {columns}.",
                    missing=missing,
                    columns=", ".join(map(str, d.frame.columns)),
                )
            )
        eta = linear_predictor(d, est.values)
        return interaction_table(
            d.frame[active],
            d.x[active],
            eta[active],
            d.group[active],
            est.tau,
            d.m,
            tuple(between),
            adjustment=self.extreme_adjustment,
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "measures_"):
            raise ParameterError(
                lazy_("Ce FacetsModel n'est pas encore ajusté : appelez fit(données) d'abord.")
            )

    def __repr__(self) -> str:
        return (
            f"FacetsModel(facets={self.facets!r}, model={self.model!r}, "
            f"estimation={self.estimation!r})"
        )
