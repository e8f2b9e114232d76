"""Fit, separation and category statistics of a fitted many-facet Rasch model.

Formulas follow Wright & Masters (1982, *Rating Scale Analysis*, ch. 5-6), Linacre's
FACETS manual and Eckes (2015, *Introduction to Many-Facet Rasch Measurement*, ch. 5-8).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._core import at_least, cumulative


def standardise(mean_square: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Wilson-Hilferty cube-root transformation of a mean square to a unit normal ``Z``.

    ``Z = (MS^(1/3) - 1) (3 / q) + q / 3`` where ``q`` is the model standard deviation
    of the mean square (Wright & Masters 1982, p. 100).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.cbrt(mean_square) - 1.0) * (3.0 / q) + q / 3.0


def element_fit(code, n, residual, variance, kurtosis):
    """Infit and outfit mean squares and their ``Z`` per element (``bincount`` by ``code``).

    Outfit = mean of squared standardised residuals; infit = sum of squared residuals
    over sum of variances. Model variances of the mean squares:
    ``q_out^2 = sum(C / V^2) / N^2 - 1 / N`` and ``q_in^2 = sum(C - V^2) / (sum V)^2``,
    ``C`` the fourth central moment of each score.
    """
    count = np.bincount(code, minlength=n).astype(float)
    z2 = residual**2 / variance
    with np.errstate(divide="ignore", invalid="ignore"):
        outfit = np.bincount(code, weights=z2, minlength=n) / count
        sum_v = np.bincount(code, weights=variance, minlength=n)
        infit = np.bincount(code, weights=residual**2, minlength=n) / sum_v
        q_out = np.sqrt(
            np.clip(
                np.bincount(code, weights=kurtosis / variance**2, minlength=n) / count**2
                - 1.0 / count,
                1e-12,
                None,
            )
        )
        q_in = np.sqrt(
            np.clip(
                np.bincount(code, weights=kurtosis - variance**2, minlength=n) / sum_v**2,
                1e-12,
                None,
            )
        )
    return infit, standardise(infit, q_in), outfit, standardise(outfit, q_out)


def separation_table(measures: pd.DataFrame) -> pd.DataFrame:
    """Separation, strata and reliability per facet, non-extreme elements (Wright & Masters 1982).

    ``observed variance = SD^2`` (population SD of the measures), ``error variance =
    mean(SE^2)`` (RMSE^2), ``true variance = observed - error`` (floored at 0);
    ``separation G = true SD / RMSE``, ``strata H = (4G + 1) / 3``, ``reliability =
    true / observed variance``. ``chi2`` is FACETS' fixed (all same) chi-square:
    ``sum w (D - D_w)^2`` with ``w = 1/SE^2`` on ``n - 1`` df.
    """
    rows = []
    for facet, table in measures.groupby(level="facet", sort=False):
        t = table[table["extreme"] == ""]
        d, se = t["measure"].to_numpy(), t["se"].to_numpy()
        n = len(d)
        sd = float(np.std(d)) if n else np.nan
        rmse = float(np.sqrt(np.mean(se**2))) if n else np.nan
        true_var = max(sd**2 - rmse**2, 0.0)
        true_sd = np.sqrt(true_var)
        separation = true_sd / rmse if rmse > 0 else np.nan
        w = 1.0 / se**2
        chi2 = float(np.sum(w * (d - np.sum(w * d) / np.sum(w)) ** 2)) if n > 1 else np.nan
        rows.append(
            {
                "facet": facet,
                "n_elements": n,
                "mean": float(np.mean(d)) if n else np.nan,
                "sd": sd,
                "rmse": rmse,
                "true_sd": true_sd,
                "separation": separation,
                "strata": (4 * separation + 1) / 3,
                "reliability": true_var / sd**2 if sd > 0 else np.nan,
                "chi2": chi2,
                "df": n - 1,
                "p_value": float(stats.chi2.sf(chi2, n - 1)) if n > 1 else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("facet")


def category_table(x, group, eta, p, tau, tau_se, categories, group_labels) -> pd.DataFrame:
    """Category statistics (FACETS Table 8): use, average measures, fit, thresholds.

    Columns: ``group, category, count, percent, expected_count, avg_measure`` (mean
    ``eta`` of the scores in the category), ``expected_measure`` (its model value,
    ``sum P_k eta / sum P_k``), ``outfit`` (mean squared standardised residual of
    those scores), ``threshold`` and ``threshold_se`` (Andrich threshold from the
    category below; none for the lowest).
    """
    m = p.shape[1] - 1
    k = np.arange(m + 1)
    e = p @ k
    v = p @ k**2 - e**2
    z2 = (x - e) ** 2 / v
    rows = []
    for g, label in enumerate(group_labels):
        sel = group == g
        for c in range(m + 1):
            in_c = sel & (x == c)
            pc = p[sel, c]
            rows.append(
                {
                    "group": label,
                    "category": categories[c],
                    "count": int(in_c.sum()),
                    "percent": 100.0 * in_c.sum() / max(sel.sum(), 1),
                    "expected_count": float(pc.sum()),
                    "avg_measure": float(eta[in_c].mean()) if in_c.any() else np.nan,
                    "expected_measure": float((pc * eta[sel]).sum() / pc.sum()),
                    "outfit": float(z2[in_c].mean()) if in_c.any() else np.nan,
                    "threshold": float(tau[g, c - 1]) if c else np.nan,
                    "threshold_se": float(tau_se[g, c - 1]) if c else np.nan,
                }
            )
    return pd.DataFrame(rows)


def expected_score(eta: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Expected category index at each ``eta`` for one set of thresholds ``tau`` (m,)."""
    psi = cumulative(tau[None, :])[0]
    k = np.arange(len(psi))
    logits = eta[:, None] * k - psi
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    return prob @ k


def category_curves(tau: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Category probabilities along ``grid`` for thresholds ``tau`` (m,), shape (len, m+1)."""
    psi = cumulative(tau[None, :])[0]
    k = np.arange(len(psi))
    logits = grid[:, None] * k - psi
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    return prob / prob.sum(axis=1, keepdims=True)


__all__ = [
    "at_least",
    "category_curves",
    "category_table",
    "element_fit",
    "expected_score",
    "separation_table",
    "standardise",
]
