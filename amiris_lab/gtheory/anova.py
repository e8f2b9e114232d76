"""Analogous-ANOVA (expected mean squares) estimates of the variance components.

For unbalanced data this is Henderson's (1953) method 1, the "analogous ANOVA"
of Brennan (2001, section 7.1) and urGENOVA: with ``T_k = sum_a Y_a^2 / n_a`` over
the levels ``a`` of source ``k``, ``T_mu = n ybar^2`` and ``T_y = sum y^2``::

    E[T_k]  = n mu^2 + sum_l s2_l sum_{a in k, b in l} n_ab^2 / n_a + q_k s2
    E[T_mu] = n mu^2 + sum_l s2_l sum_b n_b^2 / n + s2
    E[T_y]  = n mu^2 + n sum_l s2_l + n s2

and the components solve the K + 1 equations in ``T - T_mu``. For balanced data
these are the classical ANOVA (EMS) estimates, which equal REML when none is
negative (checked in the tests).
"""

from __future__ import annotations

import numpy as np

from .design import Design


def _t_term(codes: np.ndarray, n_levels: int, y: np.ndarray) -> float:
    sums = np.bincount(codes, weights=y, minlength=n_levels)
    counts = np.bincount(codes, minlength=n_levels)
    seen = counts > 0
    return float((sums[seen] ** 2 / counts[seen]).sum())


def _h(codes_k: np.ndarray, q_k: int, codes_l: np.ndarray, q_l: int) -> float:
    """``sum_{a in k, b in l} n_ab^2 / n_a``."""
    n_a = np.bincount(codes_k, minlength=q_k).astype(float)
    joint = codes_k.astype(np.int64) * q_l + codes_l
    cells, n_ab = np.unique(joint, return_counts=True)
    return float((n_ab.astype(float) ** 2 / n_a[cells // q_l]).sum())


def fit_anova(design: Design) -> np.ndarray:
    """Henderson method 1 estimates ``(s2_1, ..., s2_K, s2_residual)``, unclipped."""
    y = design.y
    n = len(y)
    sources = design.sources
    k = len(sources)
    t_mu = n * y.mean() ** 2
    lhs = np.zeros((k + 1, k + 1))
    rhs = np.zeros(k + 1)
    zeros = np.zeros(n, dtype=np.int64)
    mu_coef = [_h(zeros, 1, s.codes, s.n_levels) for s in sources]
    for i, src in enumerate(sources):
        rhs[i] = _t_term(src.codes, src.n_levels, y) - t_mu
        for j, other in enumerate(sources):
            coef = n if i == j else _h(src.codes, src.n_levels, other.codes, other.n_levels)
            lhs[i, j] = coef - mu_coef[j]
        lhs[i, k] = src.n_levels - 1
    rhs[k] = float(y @ y) - t_mu
    lhs[k, :k] = n - np.array(mu_coef)
    lhs[k, k] = n - 1
    return np.linalg.solve(lhs, rhs)
