"""Kendall's coefficient of concordance W."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..exceptions import UndefinedStatisticWarning
from ._input import as_matrix


@dataclass(frozen=True)
class KendallW:
    """Kendall's W with its chi-square test.

    Attributes
    ----------
    value : float
        W, from 0 (no concordance) to 1 (identical rankings).
    chi2, df, pval : float
        Friedman chi-square ``m (n - 1) W`` with ``n - 1`` degrees of freedom,
        and its upper-tail p-value.
    n_units, n_raters : int
        Complete units ranked and raters.
    """

    value: float
    chi2: float
    df: int
    pval: float
    n_units: int
    n_raters: int

    def __float__(self) -> float:
        return float(self.value)


def kendall_w(ratings, *, correct_ties: bool = True) -> KendallW:
    """Kendall's W: how far the raters rank the units in the same order.

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        NaN = not scored. Only units scored by every rater are used (a
        warning says how many were dropped). Each rater's scores are turned
        into mid-ranks over the units.
    correct_ties : bool, default True
        Apply the tie correction ``W = 12 S / (m^2 (n^3 - n) - m sum T)``,
        ``T = sum (t^3 - t)`` over each rater's groups of ties (``irr::kendall``'s
        ``Wt``); False gives the uncorrected W.

    Returns
    -------
    KendallW
        The chi-square p-value is one-sided (upper tail). Checked against
        ``irr::kendall`` and ``scipy.stats.friedmanchisquare``.

    Examples
    --------
    Shrout and Fleiss (1979) data (``irr::kendall``: W = 0.855, Wt = 0.887):

    >>> data = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6],
    ...         [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> round(kendall_w(data).value, 3), round(kendall_w(data, correct_ties=False).value, 3)
    (0.887, 0.855)
    """
    matrix = as_matrix(ratings, func="kendall_w")
    complete = ~np.isnan(matrix).any(axis=1)
    dropped = int((~complete).sum())
    if dropped:
        warnings.warn(
            f"kendall_w uses complete units only: {dropped} of {matrix.shape[0]} unit(s) not "
            "scored by every rater were left out.",
            UserWarning,
            stacklevel=2,
        )
    x = matrix[complete]
    n, m = x.shape
    nan = float("nan")
    if n < 2 or m < 2:
        warnings.warn(
            f"Kendall's W is undefined with {n} complete unit(s) and {m} rater(s) (at least 2 "
            "of each); NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return KendallW(nan, nan, max(n - 1, 0), nan, n, m)
    ranks = stats.rankdata(x, axis=0)
    sums = ranks.sum(axis=1)
    s = ((sums - sums.mean()) ** 2).sum()
    ties = 0.0
    if correct_ties:
        for column in x.T:
            _, t = np.unique(column, return_counts=True)
            ties += float((t**3 - t).sum())
    denom = m**2 * (n**3 - n) - m * ties
    if not denom > 0:
        warnings.warn(
            "Kendall's W is undefined: every rater gave all units the same score; NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return KendallW(nan, nan, n - 1, nan, n, m)
    w = 12.0 * s / denom
    chi2 = m * (n - 1) * w
    return KendallW(float(w), float(chi2), n - 1, float(stats.chi2.sf(chi2, n - 1)), n, m)
