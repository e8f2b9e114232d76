"""Raters who score alike: clustering of rater severity profiles across markers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ._common import check_option
from .typology import _silhouette


@dataclass(frozen=True)
class RaterClusters:
    """Result of :func:`rater_clusters`.

    Attributes
    ----------
    severity : DataFrame
        Raters x markers: mean signed gap of the rater's score to the mean of
        the other raters on the same project (positive = more lenient).
    labels : Series
        Cluster per rater (index ``rater_id``); clusters numbered from the most
        lenient (0) to the most severe.
    linkage : ndarray
        SciPy Ward linkage of the severity profiles.
    scores : DataFrame
        ``k, silhouette, chosen`` for every k tried.
    summary : DataFrame
        ``rater_id, college, cluster, n_scores, mean_severity``.
    """

    severity: pd.DataFrame
    labels: pd.Series
    linkage: np.ndarray
    scores: pd.DataFrame
    summary: pd.DataFrame


def _severity_profiles(dataset, round_: str) -> tuple[pd.DataFrame, pd.Series]:
    s = dataset.scores
    s = s[(s["round"] == round_) & s["score"].notna()]
    frame = pd.DataFrame(
        {
            "project_id": s["project_id"].astype(str).to_numpy(),
            "rater_id": s["rater_id"].astype(str).to_numpy(),
            "marker": s["marker"].astype(str).to_numpy(),
            "score": s["score"].to_numpy(dtype=float, na_value=np.nan),
        }
    )
    cell = frame.groupby(["project_id", "marker"])["score"]
    total, count = cell.transform("sum"), cell.transform("count")
    frame["gap"] = frame["score"] - (total - frame["score"]) / (count - 1)
    frame = frame[count > 1]
    severity = frame.pivot_table(index="rater_id", columns="marker", values="gap", aggfunc="mean")
    severity = severity.reindex(columns=[m for m in dataset.marker_codes if m in severity.columns])
    n_scores = frame.groupby("rater_id").size()
    return severity, n_scores


def rater_clusters(
    dataset,
    *,
    n_clusters: Literal["auto"] | int = "auto",
    k_range: tuple[int, int] = (2, 6),
    round: Literal["individuel", "revise"] = "individuel",
    min_scores: int = 10,
) -> RaterClusters:
    """Group raters by their severity profile over the markers (Ward clustering).

    A rater's severity on a marker is the mean, over the projects they scored,
    of their score minus the mean of the other raters of the same project
    (the convention of :func:`amiris_lab.analysis.rater_severity`: positive =
    more lenient than the rest of the panel).

    Parameters
    ----------
    dataset : MarkerDataset
    n_clusters : "auto" or int, default "auto"
        ``"auto"`` keeps the best silhouette over ``k_range``.
    k_range : tuple of int, default (2, 6)
    round : {"individuel", "revise"}, default "individuel"
    min_scores : int, default 10
        Raters with fewer comparable scores are left out.

    Returns
    -------
    RaterClusters
    """
    check_option(round, ("individuel", "revise"), name="round", func="rater_clusters")
    from scipy.cluster.hierarchy import fcluster, linkage

    severity, n_scores = _severity_profiles(dataset, round)
    keep = n_scores[n_scores >= min_scores].index
    severity = severity.loc[severity.index.intersection(keep)]
    n = len(severity)
    if n < 3:
        raise ParameterError(
            f"rater_clusters needs at least 3 raters with {min_scores} or more scores shared "
            f"with other raters; found {n}."
        )
    # a marker a rater never scored counts as their average gap on the others
    severity = severity.T.fillna(severity.mean(axis=1)).T.fillna(0.0)
    x = severity.to_numpy(dtype=float)
    tree = linkage(x, method="ward")
    if n_clusters == "auto":
        low, high = int(k_range[0]), min(int(k_range[1]), n - 1)
        ks = list(range(low, high + 1)) or [min(2, n)]
    elif isinstance(n_clusters, int | np.integer) and 1 <= n_clusters <= n:
        ks = [int(n_clusters)]
    else:
        raise ParameterError(
            "The 'n_clusters' parameter of rater_clusters must be 'auto' or an integer between "
            f"1 and the number of raters ({n}). Got {n_clusters!r} instead."
        )
    rows, cuts = [], {}
    for k in ks:
        cuts[k] = fcluster(tree, t=k, criterion="maxclust") - 1
        rows.append({"k": k, "silhouette": _silhouette(x, cuts[k])})
    scores = pd.DataFrame(rows, columns=["k", "silhouette"])
    best = (
        ks[0]
        if scores["silhouette"].isna().all()
        else int(scores.loc[scores["silhouette"].idxmax(), "k"])
    )
    scores["chosen"] = scores["k"] == best
    raw = cuts[best]
    mean = x.mean(axis=1)
    key = sorted(np.unique(raw), key=lambda c: -mean[raw == c].mean())
    labels = pd.Series([key.index(c) for c in raw], index=severity.index, name="cluster")
    colleges = dataset.raters.assign(rater_id=dataset.raters["rater_id"].astype(str))
    colleges = colleges.set_index("rater_id")["college"].astype(object)
    summary = pd.DataFrame(
        {
            "rater_id": severity.index,
            "college": [colleges.get(r) for r in severity.index],
            "cluster": labels.to_numpy(),
            "n_scores": n_scores.reindex(severity.index).to_numpy(),
            "mean_severity": mean,
        }
    ).sort_values(["cluster", "mean_severity"], ascending=[True, False], ignore_index=True)
    return RaterClusters(
        severity=severity, labels=labels, linkage=tree, scores=scores, summary=summary
    )
