"""Chance-corrected agreement coefficients of the Gwet family, with missing ratings.

Percent agreement, Fleiss' kappa, Conger's kappa, Gwet's AC1/AC2 and
Brennan-Prediger, each weighted or not, with Gwet's analytic (linearisation)
standard error. The formulas and conventions are those of K. L. Gwet (2014),
*Handbook of Inter-Rater Reliability*, 4th ed., as implemented by the author in
the R package irrCAC (``pa.coeff.raw``, ``fleiss.kappa.raw``, ``conger.kappa.raw``,
``gwet.ac1.raw``, ``bp.coeff.raw``):

* units with no rating at all are dropped; every other unit is kept, including
  units with a single rating (they enter the chance-agreement terms but not the
  observed agreement, which averages over units with two ratings or more);
* categories are the declared scale (``categories=``) or the observed values;
* the interval is ``value -/+ t_{n-1} * se`` with n - 1 degrees of freedom,
  truncated to [-1, 1]; the population is taken as infinite (no finite
  population correction);
* no p-value is given (irrCAC's R and Python versions disagree on one- or
  two-sided p); use the interval.

Values and SEs checked against R irrCAC 1.4 (Gwet's ``cac.raw4raters``,
``cac.raw5obser``, ``distrib.6raters``) and, on complete data, statsmodels'
``fleiss_kappa``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from .._param_validation import CONFIDENCE, validate_params
from ..exceptions import UndefinedStatisticWarning
from ._docstrings import DocstringComponents, share_docstring
from ._input import as_matrix, category_codes, unit_counts

Weights = Literal["identity", "linear", "quadratic", "ordinal"]
WEIGHTS = ("identity", "linear", "quadratic", "ordinal")

_chance_docs = DocstringComponents(
    {
        "ratings": """
            ratings : array-like or DataFrame, shape (units, raters)
                NaN = not scored.""",
        "weights": """
            weights : {"identity", "linear", "quadratic", "ordinal"}, default "identity"
                Partial credit for near agreement (Gwet's weights).""",
        "confidence": """
            confidence : float, default 0.95
                Confidence level of the interval.""",
        "conventions": """
            Conventions (as irrCAC, Gwet 2014): units nobody rated are dropped, all
            other units are kept (a unit with a single rating counts in the chance
            term, not in ``pa``); the SE is Gwet's linearisation variance without
            finite-population correction; the interval is t-based with n - 1
            degrees of freedom and truncated to [-1, 1].""",
    }
)

#: The options every coefficient of the family declares (checked before it runs).
_CONSTRAINTS = {"weights": WEIGHTS, "confidence": CONFIDENCE}


@dataclass(frozen=True)
class AgreementEstimate:
    """A chance-corrected agreement coefficient with its standard error and interval.

    Attributes
    ----------
    value : float
        The coefficient.
    se : float
        Standard error.
    ci_low, ci_high : float
        Confidence interval at the requested level.
    pa, pe : float
        Observed and chance agreement.
    n_units, n_raters : int
        Units and raters used.
    statistic : str
        Name of the coefficient (e.g. ``"gwet_ac1"``).
    weights : str
        Weights used (``"identity"`` for unweighted).
    """

    value: float
    se: float
    ci_low: float
    ci_high: float
    pa: float
    pe: float
    n_units: int
    n_raters: int
    statistic: str
    weights: str

    def __float__(self) -> float:
        return float(self.value)


def agreement_weights(categories: np.ndarray, kind: str) -> np.ndarray:
    """Gwet's agreement weights (1 on the diagonal) for the sorted ``categories``.

    ``linear``: 1 - |c - k| / (max - min); ``quadratic``: 1 - (c - k)^2 / (max - min)^2
    (on the category values); ``ordinal``: Gwet's weights on ranks,
    1 - m(m - 1)/2 / max with m = |rank_c - rank_k| + 1.
    """
    q = categories.size
    if kind == "identity" or q < 2:
        return np.eye(q)
    if kind == "ordinal":
        m = np.abs(np.arange(q)[:, None] - np.arange(q)[None, :]) + 1
        raw = m * (m - 1) / 2.0
        return 1.0 - raw / raw.max()
    diff = np.abs(categories[:, None] - categories[None, :])
    span = categories.max() - categories.min()
    if kind == "linear":
        return 1.0 - diff / span
    return 1.0 - (diff / span) ** 2


@dataclass(frozen=True)
class _Table:
    """Ratings prepared once: codes (units x raters), counts (units x categories), weights."""

    categories: np.ndarray
    codes: np.ndarray
    counts: np.ndarray
    weights: np.ndarray

    @property
    def r_i(self) -> np.ndarray:  # ratings per unit
        return self.counts.sum(axis=1)


def _prepare(ratings, *, weights, categories, confidence, func: str) -> _Table:
    matrix = as_matrix(ratings, func=func)
    matrix = matrix[~np.isnan(matrix).all(axis=1)]  # units nobody rated carry nothing
    cats, codes = category_codes(matrix, categories=categories, func=func)
    counts = unit_counts(codes, cats.size)
    return _Table(cats, codes, counts, agreement_weights(cats, weights))


def _observed(table: _Table) -> tuple[float, np.ndarray, np.ndarray]:
    """pa over units with >= 2 ratings, and each unit's pa_i (0 for the others)."""
    counts, w = table.counts, table.weights
    r_i = table.r_i
    agree = (counts * (counts @ w.T - 1.0)).sum(axis=1)
    pairs = r_i * (r_i - 1.0)
    two = r_i >= 2
    pa_i = np.where(two, agree / np.where(two, pairs, 1.0), 0.0)
    n2 = two.sum()
    pa = pa_i[two].sum() / n2 if n2 else float("nan")
    return float(pa), pa_i, two


def _class_shares(table: _Table) -> np.ndarray:
    """pi_k: the share of category k in each unit, averaged over all units."""
    return (table.counts / table.r_i[:, None]).mean(axis=0)


def _estimate(
    ratings,
    *,
    weights: str,
    categories,
    confidence: float,
    func: str,
    statistic: str,
    label: str,
    chance: Callable[[_Table], tuple[float, np.ndarray | None]] | None,
) -> AgreementEstimate:
    """Prepare the ratings, compute pa and the ``chance`` term (pe, pe_i), and finish.

    ``chance=None`` means pe = 0 (percent agreement). Otherwise ``chance`` is only
    called when some unit has two ratings: without one the coefficient is
    undefined (``_finish`` warns and gives NaN).
    """
    table = _prepare(
        ratings, weights=weights, categories=categories, confidence=confidence, func=func
    )
    pa, pa_i, two = _observed(table)
    if chance is None:
        pe, pe_i = 0.0, None
    elif two.any():
        pe, pe_i = chance(table)
    else:
        pe, pe_i = float("nan"), None
    return _finish(
        table, pa=pa, pe=pe, pa_i=pa_i, two=two, pe_i=pe_i, confidence=confidence,
        statistic=statistic, weights=weights, label=label,
    )  # fmt: skip


def _finish(
    table: _Table,
    *,
    pa: float,
    pe: float,
    pa_i: np.ndarray,
    two: np.ndarray,
    pe_i: np.ndarray | None,
    confidence: float,
    statistic: str,
    weights: str,
    label: str,
) -> AgreementEstimate:
    """Coefficient, Gwet's linearised variance and the truncated t interval."""
    n = table.counts.shape[0]
    n2 = int(two.sum())
    n_raters = int((table.codes >= 0).any(axis=0).sum())
    nan = float("nan")
    if n2 == 0 or not np.isfinite(pa) or not pe < 1:
        why = (
            "no unit has two ratings or more"
            if n2 == 0
            else "chance agreement is 1 (a single category is used)"
        )
        warnings.warn(
            f"{label} is undefined: {why}; NaN returned.", UndefinedStatisticWarning, stacklevel=5
        )
        return AgreementEstimate(nan, nan, nan, nan, pa, pe, n, n_raters, statistic, weights)
    value = (pa - pe) / (1.0 - pe)
    unit = (n / n2) * (pa_i - pe * two) / (1.0 - pe)
    if pe_i is not None:
        unit = unit - 2.0 * (1.0 - value) * (pe_i - pe) / (1.0 - pe)
    if n > 1:
        se = float(np.sqrt(((unit - value) ** 2).sum() / (n * (n - 1.0))))
        half = se * stats.t.ppf(1.0 - (1.0 - confidence) / 2.0, n - 1)
        low, high = max(-1.0, value - half), min(1.0, value + half)
    else:
        se = low = high = nan
    return AgreementEstimate(
        float(value), se, float(low), float(high), pa, float(pe), n, n_raters, statistic, weights
    )


@validate_params(_CONSTRAINTS)
@share_docstring(chance=_chance_docs)
def percent_agreement(
    ratings, *, weights: Weights = "identity", categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Percent agreement: the share of agreeing rater pairs within units (pe = 0).

    Parameters
    ----------
    {chance.ratings}
    {chance.weights}
    categories : list of numbers, optional
        The full scale (changes the weights, not the unweighted value).
    {chance.confidence}

    Returns
    -------
    AgreementEstimate
        ``pa = mean_i sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))`` over units with
        two ratings or more.

    Notes
    -----
    {chance.conventions}

    Examples
    --------
    >>> est = percent_agreement([[1, 1, 1], [1, 2, 2], [3, 3, None]])
    >>> round(est.value, 4)
    0.7778
    """
    return _estimate(
        ratings, weights=weights, categories=categories, confidence=confidence,
        func="percent_agreement", statistic="percent_agreement", label="Percent agreement",
        chance=None,
    )  # fmt: skip


@validate_params(_CONSTRAINTS)
@share_docstring(chance=_chance_docs)
def fleiss_kappa(
    ratings, *, weights: Weights = "identity", categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Fleiss' kappa (generalised to missing ratings and weights as in Gwet 2014).

    Parameters
    ----------
    {chance.ratings}
    {chance.weights}
    categories : list of numbers, optional
    {chance.confidence}

    Returns
    -------
    AgreementEstimate
        ``pe = sum_kl w_kl pi_k pi_l`` with ``pi_k`` the share of category k
        within each unit averaged over ALL rated units (irrCAC's convention;
        ``agreement.metrics.scotts_pi`` pools the ratings instead and differs
        when units have different numbers of ratings).

    Notes
    -----
    {chance.conventions}
    The SE is not the SE under H0 of Fleiss, Nee and Landis (1979): for that test use :func:`fleiss_null_test`. On complete
    data the value equals ``statsmodels``' ``fleiss_kappa``.

    Examples
    --------
    >>> est = fleiss_kappa([[1, 1, 1], [1, 2, 2], [3, 3, 3], [2, 2, 2]])
    >>> round(est.value, 4)
    0.7447
    """
    return _estimate(
        ratings, weights=weights, categories=categories, confidence=confidence,
        func="fleiss_kappa", statistic="fleiss_kappa", label="Fleiss' kappa",
        chance=_fleiss_chance,
    )  # fmt: skip


def _fleiss_chance(table: _Table) -> tuple[float, np.ndarray]:
    """Fleiss' pe from the class shares pi_k, and each unit's pe_i."""
    w = table.weights
    pi = _class_shares(table)
    pe = float(pi @ w @ pi)
    pi_w = (w @ pi + w.T @ pi) / 2.0
    pe_i = (table.counts @ pi_w) / table.r_i
    return pe, pe_i


@validate_params(_CONSTRAINTS)
@share_docstring(chance=_chance_docs)
def gwet_ac(
    ratings, *, weights: Weights = "identity", categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Gwet's AC1 (unweighted) or AC2 (weighted) agreement coefficient.

    Parameters
    ----------
    {chance.ratings}
    {chance.weights}
        ``"identity"`` gives AC1; any other weights give AC2.
    categories : list of numbers, optional
        The full scale: the number of categories q enters the chance term.
    {chance.confidence}

    Returns
    -------
    AgreementEstimate
        ``pe = sum(w) / (q (q - 1)) * sum_k pi_k (1 - pi_k)``; ``statistic`` is
        ``"gwet_ac1"`` or ``"gwet_ac2"``.

    Notes
    -----
    {chance.conventions}

    Examples
    --------
    >>> est = gwet_ac([[1, 1, 1], [1, 2, 2], [3, 3, 3], [2, 2, 2]])
    >>> round(est.value, 4), est.statistic
    (0.7526, 'gwet_ac1')
    """
    name = "gwet_ac1" if weights == "identity" else "gwet_ac2"
    return _estimate(
        ratings, weights=weights, categories=categories, confidence=confidence,
        func="gwet_ac", statistic=name, label="Gwet's AC" + name[-1], chance=_gwet_chance,
    )  # fmt: skip


def _gwet_chance(table: _Table) -> tuple[float, np.ndarray | None]:
    """Gwet's pe = sum(w) / (q (q - 1)) * sum_k pi_k (1 - pi_k), and each unit's pe_i."""
    w = table.weights
    q = table.categories.size
    pi = _class_shares(table)
    scale = w.sum() / (q * (q - 1.0)) if q >= 2 else float("nan")
    pe = float(scale * (pi * (1.0 - pi)).sum()) if q >= 2 else 1.0
    pe_i = scale * (table.counts @ (1.0 - pi)) / table.r_i if q >= 2 else None
    return pe, pe_i


@validate_params(_CONSTRAINTS)
@share_docstring(chance=_chance_docs)
def brennan_prediger(
    ratings, *, weights: Weights = "identity", categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Brennan and Prediger's coefficient (free-marginal kappa): pe = sum(w) / q^2.

    Parameters
    ----------
    {chance.ratings}
    {chance.weights}
    categories : list of numbers, optional
        The full scale: q is its size (declare it, or q is the number of observed values).
    {chance.confidence}

    Returns
    -------
    AgreementEstimate

    Notes
    -----
    {chance.conventions}

    Examples
    --------
    >>> est = brennan_prediger([[0, 0], [1, 1], [2, 3]], categories=[0, 1, 2, 3])
    >>> round(est.value, 4)
    0.5556
    """
    return _estimate(
        ratings, weights=weights, categories=categories, confidence=confidence,
        func="brennan_prediger", statistic="brennan_prediger",
        label="Brennan-Prediger's coefficient", chance=_brennan_prediger_chance,
    )  # fmt: skip


def _brennan_prediger_chance(table: _Table) -> tuple[float, None]:
    """Brennan-Prediger's pe = sum(w) / q^2 (no per-unit term)."""
    q = table.categories.size
    pe = float(table.weights.sum() / q**2) if q else 1.0
    return pe, None


@validate_params(_CONSTRAINTS)
@share_docstring(chance=_chance_docs)
def conger_kappa(
    ratings, *, weights: Weights = "identity", categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Conger's kappa: Cohen's kappa generalised to several raters (chance from each rater's marginals).

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        NaN = not scored. Unlike Fleiss' kappa, the value depends on which
        rater gave which rating.
    {chance.weights}
    categories : list of numbers, optional
    {chance.confidence}

    Returns
    -------
    AgreementEstimate
        ``pe = sum_kl w_kl (pbar_k pbar_l - s2_kl / r)`` where ``p_gk`` is the
        share of rater g's ratings in category k, ``pbar_k`` its mean over the
        r raters and ``s2_kl`` their covariance.

    Notes
    -----
    {chance.conventions}
    Raters with no rating at all are dropped too.

    Examples
    --------
    >>> est = conger_kappa([[1, 1, 1], [1, 2, 2], [3, 3, 3], [2, 2, 2]])
    >>> round(est.value, 4)
    0.75
    """
    return _estimate(
        ratings, weights=weights, categories=categories, confidence=confidence,
        func="conger_kappa", statistic="conger_kappa", label="Conger's kappa",
        chance=_conger_chance,
    )  # fmt: skip


def _conger_chance(table: _Table) -> tuple[float, np.ndarray | None]:
    """Conger's pe from each rater's marginals, and Gwet's linearised pe_i."""
    codes = table.codes[:, (table.codes >= 0).any(axis=0)]  # raters who rated something
    n, r = codes.shape
    q = table.categories.size
    w = table.weights
    # rater x category classification: delta[i, g, k] = 1 if rater g put unit i in k
    delta = (codes[:, :, None] == np.arange(q)[None, None, :]).astype(float)
    rated = (codes >= 0).astype(float)  # epsilon_ig
    n_g = rated.sum(axis=0)
    p_gk = delta.sum(axis=0) / n_g[:, None]
    p_k = p_gk.mean(axis=0)
    if r >= 2:
        s2 = (p_gk.T @ p_gk - r * np.outer(p_k, p_k)) / (r - 1.0)
    else:
        s2 = np.zeros((q, q))
    pe = float((w * (np.outer(p_k, p_k) - s2 / r)).sum())
    pe_i = None
    if r >= 2 and q >= 1:
        # Gwet's linearisation of pe (irrCAC conger.kappa.raw)
        centred = delta - (rated - n_g / n)[:, :, None] * p_gk[None, :, :]  # (n, r, q)
        lam_k = np.einsum("kl,igl->igk", w, centred) * (n / n_g)[None, :, None]
        lam = (lam_k * (r * p_k[None, None, :] - p_gk[None, :, :])).sum(axis=2)
        pe_i = lam.sum(axis=1) / (r * (r - 1.0))
    return pe, pe_i


@dataclass(frozen=True)
class FleissNullTest:
    """Fleiss' kappa with the z test of H0: kappa = 0 (Fleiss, Nee and Landis 1979).

    Attributes
    ----------
    value : float
        Fleiss' kappa on the complete units.
    se0 : float
        Standard error under H0 (valid for the test only, not for an interval).
    z, pval : float
        ``value / se0`` and its two-sided normal p-value (as ``irr::kappam.fleiss``).
    n_units, n_raters : int
        Complete units and raters used.
    """

    value: float
    se0: float
    z: float
    pval: float
    n_units: int
    n_raters: int


def fleiss_null_test(ratings, *, categories=None) -> FleissNullTest:
    """Test whether Fleiss' kappa differs from 0, with the SE under H0.

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        NaN = not scored. Only units scored by every rater are used (the
        formula assumes the same raters on every unit); a warning says how
        many were dropped.
    categories : list of numbers, optional

    Returns
    -------
    FleissNullTest
        ``se0 = sqrt(2) / (P sqrt(n m (m - 1))) * sqrt(P^2 - sum_j p_j q_j (q_j - p_j))``
        with ``P = sum_j p_j q_j``, as ``irr::kappam.fleiss`` (Fleiss 1971's
        example gives z = 17.7). Do not build an interval from ``se0``: use
        :func:`fleiss_kappa`'s SE for that.

    Examples
    --------
    >>> test = fleiss_null_test([[1, 1, 1], [1, 2, 2], [3, 3, 3], [2, 2, 2]])
    >>> round(test.value, 4), round(test.z, 2)
    (0.7447, 3.61)
    """
    matrix = as_matrix(ratings, func="fleiss_null_test")
    complete = ~np.isnan(matrix).any(axis=1)
    dropped = int((~complete).sum())
    if dropped:
        warnings.warn(
            f"fleiss_null_test uses complete units only: {dropped} of {matrix.shape[0]} unit(s) "
            "not scored by every rater were left out.",
            UserWarning,
            stacklevel=2,
        )
    x = matrix[complete]
    n, m = x.shape
    nan = float("nan")
    cats, codes = category_codes(x, categories=categories, func="fleiss_null_test")
    if n < 1 or m < 2 or cats.size < 2:
        warnings.warn(
            f"Fleiss' null test is undefined with {n} complete unit(s), {m} rater(s) and "
            f"{cats.size} category(ies) (at least 1, 2 and 2); NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return FleissNullTest(nan, nan, nan, nan, n, m)
    counts = unit_counts(codes, cats.size)
    p = counts.sum(axis=0) / (n * m)
    q = 1.0 - p
    pq = (p * q).sum()
    pa = ((counts * (counts - 1.0)).sum(axis=1) / (m * (m - 1.0))).mean()
    pe = (p**2).sum()
    if not pq > 0:
        warnings.warn(
            "Fleiss' null test is undefined: a single category is used; NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return FleissNullTest(nan, nan, nan, nan, n, m)
    value = (pa - pe) / (1.0 - pe)
    se0 = (
        np.sqrt(2.0) / (pq * np.sqrt(n * m * (m - 1.0))) * np.sqrt(pq**2 - (p * q * (q - p)).sum())
    )
    z = value / se0
    return FleissNullTest(
        float(value), float(se0), float(z), float(2.0 * stats.norm.sf(abs(z))), n, m
    )
