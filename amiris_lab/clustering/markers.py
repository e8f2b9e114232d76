"""Markers that behave alike: hierarchical clustering of the markers on their correlations."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..definitions import marker_labels
from ..exceptions import UndefinedStatisticWarning
from ._common import check_option
from .profiles import project_profiles

LinkageMethod = Literal["average", "complete", "single"]


@dataclass(frozen=True)
class MarkerDendrogram:
    """Result of :func:`marker_dendrogram`.

    Attributes
    ----------
    correlation : DataFrame
        Marker x marker Spearman correlations (marker order).
    linkage : ndarray
        SciPy linkage matrix ((m - 1) x 4) on the distance 1 - rho.
    order : list of str
        Marker codes in dendrogram leaf order.
    labels : list of str
        Display labels ("M05 Place de la recherche") in the same order.
    """

    correlation: pd.DataFrame
    linkage: np.ndarray
    order: list[str]
    labels: list[str]


def correlation_linkage(
    correlation: pd.DataFrame, *, method: LinkageMethod = "average"
) -> np.ndarray:
    """Hierarchical clustering of the variables of a correlation matrix, distance 1 - r.

    Parameters
    ----------
    correlation : DataFrame
        Square, symmetric correlation matrix. A NaN correlation (a constant
        variable) counts as no correlation (distance 1) and warns.
    method : {"average", "complete", "single"}, default "average"
        Linkage (Ward is not meaningful on a non-Euclidean distance).

    Returns
    -------
    ndarray
        SciPy linkage matrix.

    Examples
    --------
    >>> import pandas as pd
    >>> corr = pd.DataFrame([[1, .9, 0], [.9, 1, .1], [0, .1, 1]], index=list("abc"),
    ...                     columns=list("abc"))
    >>> correlation_linkage(corr)[0, :3].tolist()   # a and b join first, at 1 - 0.9
    [0.0, 1.0, 0.1]
    """
    check_option(
        method, ("average", "complete", "single"), name="method", func="correlation_linkage"
    )
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    values = correlation.to_numpy(dtype=float)
    if np.isnan(values).any():
        warnings.warn(
            "Some correlations are undefined (a marker with a single value); they are "
            "treated as 0 in the dendrogram.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        values = np.nan_to_num(values, nan=0.0)
    distance = np.clip(1.0 - values, 0.0, 2.0)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    return np.round(linkage(squareform(distance, checks=False), method=method), 12)


def marker_dendrogram(
    data,
    *,
    source: Literal["consensus", "individual"] = "consensus",
    method: LinkageMethod = "average",
    lang: str | None = None,
) -> MarkerDendrogram:
    """Which markers behave alike: Spearman correlations and their dendrogram.

    Parameters
    ----------
    data : MarkerDataset or DataFrame
        A dataset, or a projects x markers profile table.
    source : {"consensus", "individual"}, default "consensus"
        Correlate the consensus profiles of projects, or every individual
        scoring sheet (one row per project and rater, round ``individuel``).
    method : {"average", "complete", "single"}, default "average"
        Linkage of :func:`correlation_linkage`.
    lang : {"fr", "en"}, optional
        Language of ``labels``.

    Returns
    -------
    MarkerDendrogram

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> base = rng.normal(size=(40, 2))
    >>> table = pd.DataFrame({"M01": base[:, 0], "M02": base[:, 0] + .1 * rng.normal(size=40),
    ...                       "M03": base[:, 1]})
    >>> marker_dendrogram(table, lang="en").labels
    ['M03 Nature of the collective', 'M01 Contextualisation of need and aspiration', 'M02 Place of beneficiaries']
    """
    check_option(source, ("consensus", "individual"), name="source", func="marker_dendrogram")
    if source == "individual" and hasattr(data, "scores"):
        s = data.scores
        s = s[(s["round"] == "individuel") & s["score"].notna()]
        table = pd.DataFrame(
            {
                "sheet": s["project_id"].astype(str) + "|" + s["rater_id"].astype(str),
                "marker": s["marker"].astype(str),
                "score": s["score"].to_numpy(dtype=float, na_value=np.nan),
            }
        ).pivot(index="sheet", columns="marker", values="score")
        table = table.reindex(columns=data.marker_codes)
    else:
        table = project_profiles(data) if hasattr(data, "scores") else data.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        correlation = table.corr(method="spearman")
    correlation.index.name, correlation.columns.name = "marker", "marker"
    tree = correlation_linkage(correlation, method=method)
    from scipy.cluster.hierarchy import leaves_list

    order = [str(correlation.columns[i]) for i in leaves_list(tree)]
    names = marker_labels(getattr(data, "markers", None), lang=lang)
    labels = [f"{code} {names.get(code, '')}".strip() for code in order]
    return MarkerDendrogram(correlation=correlation, linkage=tree, order=order, labels=labels)
