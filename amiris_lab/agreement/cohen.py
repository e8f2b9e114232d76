"""Cohen's kappa for two raters, and the rater x rater table of pairwise kappas."""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._param_validation import CONFIDENCE, validate_params
from ..exceptions import ParameterError, UndefinedStatisticWarning
from ._input import as_matrix, category_codes
from .chance import AgreementEstimate

CohenWeights = Literal["linear", "quadratic"] | None
_COHEN_WEIGHTS = (None, "linear", "quadratic")


def _cohen_weights(q: int, kind) -> np.ndarray:
    """Agreement weights on category positions: identity, 1 - |i-j|/(q-1) or 1 - (i-j)^2/(q-1)^2."""
    if kind is None or q < 2:
        return np.eye(q)
    diff = np.abs(np.arange(q)[:, None] - np.arange(q)[None, :]) / (q - 1.0)
    return 1.0 - (diff if kind == "linear" else diff**2)


def _kappa_from_table(table: np.ndarray, w: np.ndarray) -> tuple[float, float, float, float]:
    """kappa, its asymptotic SE (ASE), pa and pe from a q x q count table.

    ASE as in Fleiss, Cohen and Everitt (1969), which SAS PROC FREQ and statsmodels report.
    """
    n = table.sum()
    p = table / n
    row, col = p.sum(axis=1), p.sum(axis=0)
    pa = float((w * p).sum())
    pe = float((w * np.outer(row, col)).sum())
    if not pe < 1:
        return float("nan"), float("nan"), pa, pe
    kappa = (pa - pe) / (1.0 - pe)
    w_row = w @ col  # wbar_i. = sum_j w_ij p_.j
    w_col = w.T @ row  # wbar_.j = sum_i w_ij p_i.
    term = (p * (w - (w_row[:, None] + w_col[None, :]) * (1.0 - kappa)) ** 2).sum()
    var = (term - (kappa - pe * (1.0 - kappa)) ** 2) / (n * (1.0 - pe) ** 2)
    return float(kappa), float(np.sqrt(max(var, 0.0))), pa, pe


@validate_params({"weights": _COHEN_WEIGHTS, "confidence": CONFIDENCE})
def cohen_kappa(
    a, b, *, weights: CohenWeights = None, categories=None, confidence: float = 0.95
) -> AgreementEstimate:
    """Cohen's kappa between two raters, unweighted or weighted.

    Parameters
    ----------
    a, b : array-like of numbers, same length
        The two raters' scores on the same units; NaN = not scored. Units not
        scored by both are left out.
    weights : {None, "linear", "quadratic"}, default None
        Weights on category positions (as ``sklearn.metrics.cohen_kappa_score``
        and ``statsmodels``): ``1 - |i - j| / (q - 1)`` or its square form.
    categories : list of numbers, optional
        The full scale (it changes the weighted value when a category is unused).
    confidence : float, default 0.95

    Returns
    -------
    AgreementEstimate
        ``se`` is the asymptotic standard error (ASE) of Fleiss, Cohen and
        Everitt (1969), as SAS PROC FREQ and ``statsmodels``' ``cohens_kappa``;
        the interval is normal (``kappa -/+ z * ASE``), not truncated, as theirs.
        Checked against ``sklearn.metrics.cohen_kappa_score``, statsmodels'
        ``cohens_kappa`` (SAS-checked ``table10``) and Gwet's irrCAC README.

    Examples
    --------
    >>> est = cohen_kappa([1, 1, 2, 2, 3, 3], [1, 1, 2, 3, 3, 3])
    >>> round(est.value, 4)
    0.75
    """
    x = np.asarray(a, dtype=object).ravel()
    y = np.asarray(b, dtype=object).ravel()
    if x.size != y.size:
        raise ParameterError(
            f"cohen_kappa needs two raters' scores on the same units; got {x.size} and "
            f"{y.size} scores."
        )
    matrix = as_matrix(np.column_stack([x, y]), func="cohen_kappa")
    return _cohen(matrix, weights=weights, categories=categories, confidence=confidence)


def _cohen(matrix, *, weights, categories, confidence, warn: bool = True) -> AgreementEstimate:
    both = ~np.isnan(matrix).any(axis=1)
    cats, codes = category_codes(matrix[both], categories=categories, func="cohen_kappa")
    q = cats.size
    n = int(both.sum())
    nan = float("nan")
    name = "cohen_kappa"
    label = "unweighted" if weights is None else weights
    if n < 2 or q < 2:
        if warn:
            why = "fewer than two units scored by both raters" if n < 2 else "a single category"
            warnings.warn(
                f"Cohen's kappa is undefined: {why}; NaN returned.",
                UndefinedStatisticWarning,
                stacklevel=4,
            )
        return AgreementEstimate(nan, nan, nan, nan, nan, nan, n, 2, name, label)
    table = np.zeros((q, q))
    np.add.at(table, (codes[:, 0], codes[:, 1]), 1.0)
    kappa, se, pa, pe = _kappa_from_table(table, _cohen_weights(q, weights))
    if np.isnan(kappa):
        if warn:
            warnings.warn(
                "Cohen's kappa is undefined: chance agreement is 1; NaN returned.",
                UndefinedStatisticWarning,
                stacklevel=4,
            )
        return AgreementEstimate(nan, nan, nan, nan, pa, pe, n, 2, name, label)
    half = stats.norm.ppf(1.0 - (1.0 - confidence) / 2.0) * se
    return AgreementEstimate(kappa, se, kappa - half, kappa + half, pa, pe, n, 2, name, label)


@validate_params({"weights": _COHEN_WEIGHTS})
def pairwise_kappa(ratings, *, weights: CohenWeights = None, categories=None) -> pd.DataFrame:
    """Cohen's kappa for every pair of raters.

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        NaN = not scored. Each pair uses the units both raters scored.
    weights : {None, "linear", "quadratic"}, default None
    categories : list of numbers, optional
        The full scale; by default the values observed in the whole matrix, so
        that every pair uses the same weights.

    Returns
    -------
    DataFrame
        Rater x rater, symmetric, 1 on the diagonal; NaN where two raters
        share fewer than 2 units or kappa is undefined (one warning says how
        many pairs).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pairwise_kappa(pd.DataFrame({"A": [1, 2, 3, 3], "B": [1, 2, 3, 2],
    ...                                      "C": [1, 2, 3, 3]}))
    >>> float(table.loc["A", "C"])
    1.0
    """
    matrix = as_matrix(ratings, func="pairwise_kappa")
    names = (
        list(ratings.columns) if isinstance(ratings, pd.DataFrame) else list(range(matrix.shape[1]))
    )
    if categories is None:  # one scale for every pair: the values seen in the whole matrix
        categories = np.unique(matrix[~np.isnan(matrix)])
        categories = categories if categories.size else None
    cats, _ = category_codes(matrix, categories=categories, func="pairwise_kappa")
    r = matrix.shape[1]
    out = np.eye(r)
    undefined = 0
    for i in range(r):
        for j in range(i + 1, r):
            est = _cohen(
                matrix[:, [i, j]],
                weights=weights,
                categories=cats if cats.size else None,
                confidence=0.95,
                warn=False,
            )
            out[i, j] = out[j, i] = est.value
            undefined += int(np.isnan(est.value))
    if undefined:
        warnings.warn(
            f"Cohen's kappa is undefined for {undefined} pair(s) of raters (fewer than two shared "
            "units, or a single category); NaN shown.",
            UndefinedStatisticWarning,
            stacklevel=3,
        )
    frame = pd.DataFrame(out, index=names, columns=names)
    frame.index.name = frame.columns.name = "rater_id"
    return frame
