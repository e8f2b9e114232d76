"""Rater diagnostics: who scores higher or lower than the rest of the panel, and who moves alpha.

Severity is measured on the same project and marker: a rater's gap is their
score minus the mean of the *other* raters' scores on that project and marker.
Positive = more lenient than the rest of the panel, negative = more severe.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._param_validation import CONFIDENCE, validate_params
from ._common import BY_RATER, LEVEL, ROUND, individual_scores, wide

SEVERITY_COLUMNS = {
    "rater": [
        "rater_id",
        "college",
        "severity",
        "se",
        "ci_low",
        "ci_high",
        "n_scores",
        "n_projects",
    ],
    "college": [
        "college",
        "n_raters",
        "severity",
        "se",
        "ci_low",
        "ci_high",
        "n_scores",
        "n_projects",
    ],
}


def _gaps(scores: pd.DataFrame) -> pd.DataFrame:
    """Each score's signed gap to the mean of the other raters of its project and marker.

    Cells (project, marker) with a single score have no gap and are dropped.
    """
    cell = scores.groupby(["project_id", "marker"], sort=False)["score"]
    n = cell.transform("size").to_numpy(dtype=float)
    total = cell.transform("sum").to_numpy(dtype=float)
    keep = n >= 2
    x = scores["score"].to_numpy(dtype=float)
    others = (total - x)[keep] / (n[keep] - 1)
    return scores.loc[keep].assign(gap=x[keep] - others)


def _clustered_mean(gaps: pd.DataFrame, keys: list[str], confidence: float) -> pd.DataFrame:
    """Mean gap per group with a t interval whose standard error is clustered by project."""
    g = gaps.groupby(keys, sort=True, observed=True)
    out = g.agg(
        severity=("gap", "mean"),
        n_scores=("gap", "size"),
        n_projects=("project_id", "nunique"),
    )
    resid = (
        gaps["gap"]
        - gaps[keys].merge(out, left_on=keys, right_index=True, how="left")["severity"].to_numpy()
    )
    per_project = (
        gaps.assign(_e=resid.to_numpy()).groupby([*keys, "project_id"], observed=True)["_e"].sum()
    )
    ss = (per_project**2).groupby(level=list(range(len(keys)))).sum()
    ss.index = out.index
    n_p = out["n_projects"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.where(
            n_p > 1, n_p / (n_p - 1) * ss.to_numpy() / out["n_scores"].to_numpy() ** 2, np.nan
        )
        se = np.sqrt(var)
        q = np.where(n_p > 1, stats.t.ppf(0.5 + confidence / 2, np.maximum(n_p - 1, 1)), np.nan)
    out["se"] = se
    out["ci_low"] = out["severity"] - q * se
    out["ci_high"] = out["severity"] + q * se
    return out.reset_index()


@validate_params({"round": ROUND, "by": BY_RATER, "confidence": CONFIDENCE})
def rater_severity(
    dataset,
    *,
    round: Literal["individuel", "revise"] = "individuel",
    by: Literal["rater", "college"] = "rater",
    per_marker: bool = False,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each rater's (or college's) mean signed gap to the other raters of the same project.

    For every score ``x`` of rater ``r`` on project ``p`` and marker ``m`` scored
    by ``n >= 2`` members, the gap is ``x - mean(other members' scores on p, m)``.
    The severity is the mean gap over all of the rater's scores (over all the
    college members' scores for ``by="college"``, each compared with every other
    member, whatever their college). Positive = more lenient than the rest of
    the panel, negative = more severe.

    The interval is a Student t interval on ``n_projects - 1`` degrees of
    freedom whose standard error is clustered by project (the gaps of one rater
    on one project's markers are not independent): ``se^2 = P/(P-1) *
    sum_p (sum_{i in p} (g_i - mean))^2 / n^2``. With one project only it is NaN.

    Parameters
    ----------
    dataset : MarkerDataset
    round : {"individuel", "revise"}, default "individuel"
    by : {"rater", "college"}, default "rater"
    per_marker : bool, default False
        One row per marker and rater (or college) instead of pooling the markers.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        ``by="rater"``: ``rater_id, college, severity, se, ci_low, ci_high,
        n_scores, n_projects``; ``by="college"``: ``college, n_raters, severity,
        se, ci_low, ci_high, n_scores, n_projects``. With ``per_marker=True`` a
        ``marker`` column comes first. Raters without any comparable score are
        left out.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = rater_severity(make_demo_dataset(years=(2019,)))
    >>> list(table.columns)
    ['rater_id', 'college', 'severity', 'se', 'ci_low', 'ci_high', 'n_scores', 'n_projects']
    >>> bool((table["ci_low"] <= table["severity"]).all())
    True
    """
    gaps = _gaps(individual_scores(dataset, round))
    keys = ["rater_id"] if by == "rater" else ["college"]
    if per_marker:
        keys = ["marker", *keys]
    columns = SEVERITY_COLUMNS[by]
    if per_marker:
        columns = ["marker", *columns]
    if gaps.empty:
        return pd.DataFrame(columns=columns)
    out = _clustered_mean(gaps, keys, float(confidence))
    if by == "rater":
        colleges = dict(zip(gaps["rater_id"], gaps["college"], strict=False))
        out["college"] = out["rater_id"].map(colleges)
    else:
        n_raters = gaps.groupby(keys, observed=True)["rater_id"].nunique()
        out = out.merge(n_raters.rename("n_raters").reset_index(), on=keys)
    if per_marker:
        order = {code: i for i, code in enumerate(dataset.marker_codes)}
        out = out.sort_values(
            ["marker", keys[-1]], key=lambda c: c.map(order) if c.name == "marker" else c
        )
    out["n_scores"] = out["n_scores"].astype(int)
    out["n_projects"] = out["n_projects"].astype(int)
    return out[columns].reset_index(drop=True)


INFLUENCE_COLUMNS = {
    "rater": ["marker", "rater_id", "college", "n_scores", "alpha_all", "alpha_without", "change"],
    "college": [
        "marker",
        "college",
        "n_raters",
        "n_scores",
        "alpha_all",
        "alpha_without",
        "change",
    ],
}


@validate_params({"level": LEVEL, "round": ROUND, "by": BY_RATER})
def rater_influence(
    dataset,
    *,
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
    round: Literal["individuel", "revise"] = "individuel",
    by: Literal["rater", "college"] = "rater",
    year=None,
) -> pd.DataFrame:
    """Krippendorff's alpha per marker with everyone, and leaving out one rater (or college).

    For each marker, alpha is computed on the units x raters matrix of the
    round (:meth:`MarkerDataset.ratings`), then again without the column(s) of
    that rater (or of every member of that college). ``change = alpha_without -
    alpha_all``: a positive change means the panel agrees more without them.
    Alpha is :func:`amiris_lab.agreement.krippendorff_alpha` with the dataset's
    scale as categories; an undefined alpha (fewer than two pairable values)
    warns and gives NaN.

    Parameters
    ----------
    dataset : MarkerDataset
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"
    round : {"individuel", "revise"}, default "individuel"
    by : {"rater", "college"}, default "rater"
    year : int or list of int, optional
        Keep only projects of these years.

    Returns
    -------
    DataFrame
        ``by="rater"``: ``marker, rater_id, college, n_scores, alpha_all,
        alpha_without, change``; ``by="college"``: ``marker, college, n_raters,
        n_scores, alpha_all, alpha_without, change``. Markers in display order,
        then raters (colleges) by identifier.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = rater_influence(make_demo_dataset(years=(2019,)), by="college")
    >>> sorted(table["college"].unique())[:2]
    ['accompagnement', 'expert']
    """
    from ..agreement import krippendorff_alpha

    if year is not None:
        dataset = dataset.filter(year=year)
    scores = individual_scores(dataset, round)
    colleges = dict(zip(scores["rater_id"], scores["college"], strict=False))
    categories = dataset.levels
    rows = []
    for marker in dataset.marker_codes:
        part = scores[scores["marker"] == marker]
        if part.empty:
            continue
        ratings = wide(part)
        alpha_all = krippendorff_alpha(ratings, level=level, categories=categories)
        if by == "rater":
            groups = {r: [r] for r in ratings.columns}
        else:
            groups = {}
            for r in ratings.columns:
                groups.setdefault(colleges[r], []).append(r)
        for name in sorted(groups):
            members = groups[name]
            alpha_without = krippendorff_alpha(
                ratings.drop(columns=members), level=level, categories=categories
            )
            row = {
                "marker": marker,
                "n_scores": int(ratings[members].notna().to_numpy().sum()),
                "alpha_all": float(alpha_all),
                "alpha_without": float(alpha_without),
                "change": float(alpha_without) - float(alpha_all),
            }
            if by == "rater":
                row.update(rater_id=name, college=colleges[name])
            else:
                row.update(college=name, n_raters=len(members))
            rows.append(row)
    return pd.DataFrame(rows, columns=INFLUENCE_COLUMNS[by])
