"""Bias/interaction analysis (FACETS Tables 13-14; Eckes 2015, ch. 8).

With every measure fixed at its estimate, each cell of two facets (member x marker,
college x marker, ...) gets one extra logit ``b`` added to the severity of its scores,
estimated so that its expected raw score equals the observed one:
``sum_cell (x - E[X | eta - b]) = 0``. ``b > 0``: the cell's scores are lower than
the model expects (more severe there), ``b < 0``: higher (more lenient). Its model
standard error is ``1 / sqrt(sum V)`` at ``b``, ``t = b / se`` on ``count - 1`` degrees
of freedom (FACETS' convention; |t| >= 2 is the usual flag). A cell whose scores are
all extreme is estimated at 0.3 score points inside the extreme, as for elements.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._core import mean_variance, probabilities

INTERACTION_COLUMNS = [
    "facet_a",
    "element_a",
    "facet_b",
    "element_b",
    "count",
    "observed",
    "expected",
    "obs_minus_exp",
    "bias",
    "se",
    "t",
    "df",
    "p_value",
]


def interaction_table(
    frame: pd.DataFrame,
    x: np.ndarray,
    eta: np.ndarray,
    group: np.ndarray,
    tau: np.ndarray,
    m: int,
    between: tuple[str, str],
    *,
    adjustment: float = 0.3,
    max_iter: int = 60,
) -> pd.DataFrame:
    """Bias of each observed cell of ``between`` (see the module docstring).

    ``frame`` holds the observations' attribute columns, aligned with ``x`` (category
    index), ``eta`` (linear predictor) and ``group`` (threshold group).
    """
    a, b = between
    keys = pd.MultiIndex.from_arrays([frame[a].astype(str), frame[b].astype(str)])
    cell, uniques = pd.factorize(keys)
    n = len(uniques)
    count = np.bincount(cell, minlength=n).astype(float)
    observed = np.bincount(cell, weights=x, minlength=n)
    e0, _ = mean_variance(probabilities(eta, tau, group))
    expected = np.bincount(cell, weights=e0, minlength=n)
    target = np.clip(observed, adjustment, count * m - adjustment)
    bias = np.zeros(n)
    for _ in range(max_iter):
        e, v = mean_variance(probabilities(eta - bias[cell], tau, group))
        se_sum = np.bincount(cell, weights=e, minlength=n)
        sv = np.bincount(cell, weights=v, minlength=n)
        step = np.clip((se_sum - target) / np.maximum(sv, 1e-12), -1.0, 1.0)
        bias += step
        if np.max(np.abs(step)) < 1e-6:  # logits; far below any SE
            break
    _, v = mean_variance(probabilities(eta - bias[cell], tau, group))
    se = 1.0 / np.sqrt(np.bincount(cell, weights=v, minlength=n))
    t = bias / se
    df = count - 1
    with np.errstate(invalid="ignore"):
        p = np.where(df > 0, 2 * stats.t.sf(np.abs(t), np.maximum(df, 1)), np.nan)
    table = pd.DataFrame(
        {
            "facet_a": a,
            "element_a": uniques.get_level_values(0),
            "facet_b": b,
            "element_b": uniques.get_level_values(1),
            "count": count.astype(int),
            "observed": observed,
            "expected": expected,
            "obs_minus_exp": (observed - expected) / count,
            "bias": bias,
            "se": se,
            "t": t,
            "df": df.astype(int),
            "p_value": p,
        }
    )
    return table.sort_values(["element_a", "element_b"], kind="mergesort").reset_index(drop=True)
