"""Intraclass correlations: the six forms of Shrout and Fleiss (1979)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import UndefinedStatisticWarning
from ._input import as_matrix

_DESCRIPTIONS = {
    "ICC1": "Single raters absolute (one-way random)",
    "ICC2": "Single random raters (two-way random, absolute agreement)",
    "ICC3": "Single fixed raters (two-way mixed, consistency)",
    "ICC1k": "Average raters absolute (one-way random)",
    "ICC2k": "Average random raters (two-way random, absolute agreement)",
    "ICC3k": "Average fixed raters (two-way mixed, consistency)",
}
COLUMNS = [
    "description", "value", "F", "df1", "df2", "pval", "ci_low", "ci_high", "n_units", "n_raters",
]  # fmt: skip


def _mean_squares(x: np.ndarray) -> dict[str, float]:
    """Two-way ANOVA mean squares of a complete units x raters matrix (BMS, JMS, EMS, WMS)."""
    n, k = x.shape
    grand = x.mean()
    ss_units = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_raters = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    ss_error = ss_total - ss_units - ss_raters
    return {
        "BMS": ss_units / (n - 1),
        "JMS": ss_raters / (k - 1),
        "EMS": ss_error / ((n - 1) * (k - 1)),
        "WMS": (ss_raters + ss_error) / (n * (k - 1)),
    }


def icc(ratings, *, confidence: float = 0.95) -> pd.DataFrame:
    """The six intraclass correlations of Shrout and Fleiss (1979), on complete units.

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        NaN = not scored. Only units scored by every rater are used (the
        ANOVA needs a complete design); a warning says how many were dropped.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Index ``ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k`` (= pingouin's
        ICC(1,1), ICC(A,1), ICC(C,1), ICC(1,k), ICC(A,k), ICC(C,k)); columns
        ``description, value, F, df1, df2, pval, ci_low, ci_high, n_units,
        n_raters``. F tests are one-sided (H0: ICC = 0); ICC2 uses the same
        F = BMS/EMS as ICC3, as ``psych::ICC`` and pingouin; the ICC2
        interval is the approximation of Shrout and Fleiss (1979). Values
        checked against ``pingouin.intraclass_corr`` and Table 4 of Shrout
        and Fleiss (1979).

    Examples
    --------
    Shrout and Fleiss (1979), Table 2 (published ICC(3,1) = .71):

    >>> data = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6],
    ...         [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> round(float(icc(data).loc["ICC3", "value"]), 2)
    0.71
    """
    matrix = as_matrix(ratings, func="icc")
    complete = ~np.isnan(matrix).any(axis=1)
    dropped = int((~complete).sum())
    x = matrix[complete]
    n, k = x.shape
    if dropped:
        warnings.warn(
            f"icc uses complete units only: {dropped} of {matrix.shape[0]} unit(s) not scored by "
            f"every rater were left out ({n} used).",
            UserWarning,
            stacklevel=2,
        )
    table = pd.DataFrame(index=list(_DESCRIPTIONS), columns=COLUMNS, dtype=float)
    table["description"] = list(_DESCRIPTIONS.values())
    table["n_units"], table["n_raters"] = n, k
    if n < 2 or k < 2:
        warnings.warn(
            f"ICC is undefined with {n} complete unit(s) and {k} rater(s) (at least 2 of each); "
            "NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return table
    ms = _mean_squares(x)
    bms, jms, ems, wms = ms["BMS"], ms["JMS"], ms["EMS"], ms["WMS"]
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (bms - wms) / (bms + (k - 1) * wms)
        icc2 = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
        icc3 = (bms - ems) / (bms + (k - 1) * ems)
        values = [icc1, icc2, icc3, (bms - wms) / bms, (bms - ems) / (bms + (jms - ems) / n),
                  (bms - ems) / bms]  # fmt: skip
        f1, f3 = bms / wms, bms / ems
    df_one, df_w, df_e = n - 1, n * (k - 1), (n - 1) * (k - 1)
    tail = (1.0 - confidence) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        # one-way (ICC1): F bounds with (n-1, n(k-1)) df
        f1_low = f1 / stats.f.ppf(1 - tail, df_one, df_w)
        f1_high = f1 * stats.f.ppf(1 - tail, df_w, df_one)
        # two-way consistency (ICC3)
        f3_low = f3 / stats.f.ppf(1 - tail, df_one, df_e)
        f3_high = f3 * stats.f.ppf(1 - tail, df_e, df_one)
        # two-way agreement (ICC2): Satterthwaite df of Shrout and Fleiss (1979)
        fj = jms / ems
        vn = df_e * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        vd = df_one * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v = vn / vd
        f2_high = stats.f.ppf(1 - tail, df_one, v)
        f2_low = stats.f.ppf(1 - tail, v, df_one)
        l2 = n * (bms - f2_high * ems) / (f2_high * (k * jms + (k * n - k - n) * ems) + n * bms)
        u2 = n * (f2_low * bms - ems) / (k * jms + (k * n - k - n) * ems + n * f2_low * bms)
        lows = [
            (f1_low - 1) / (f1_low + k - 1), l2, (f3_low - 1) / (f3_low + k - 1),
            1 - 1 / f1_low, l2 * k / (1 + l2 * (k - 1)), 1 - 1 / f3_low,
        ]  # fmt: skip
        highs = [
            (f1_high - 1) / (f1_high + k - 1), u2, (f3_high - 1) / (f3_high + k - 1),
            1 - 1 / f1_high, u2 * k / (1 + u2 * (k - 1)), 1 - 1 / f3_high,
        ]  # fmt: skip
    f_values = [f1, f3, f3, f1, f3, f3]
    df2 = [df_w, df_e, df_e, df_w, df_e, df_e]
    table["value"] = values
    table["F"] = f_values
    table["df1"] = df_one
    table["df2"] = df2
    table["pval"] = [float(stats.f.sf(f, df_one, d)) for f, d in zip(f_values, df2, strict=True)]
    table["ci_low"] = lows
    table["ci_high"] = highs
    if not np.isfinite(values).all():
        warnings.warn(
            "ICC is undefined when every unit has the same mean score (no variance between "
            "units); NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        table.loc[~np.isfinite(np.asarray(values, dtype=float)), ["value", "ci_low", "ci_high"]] = (
            np.nan
        )
    table.index.name = "form"
    return table
