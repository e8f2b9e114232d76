"""Do the 12 markers measure the 5 dimensions? Internal consistency, correlations, components.

These tables work on profiles (projects x markers, by default the committee's
consensus scores, :meth:`MarkerDataset.profiles`), not on rater agreement.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._param_validation import CONFIDENCE, validate_params
from ..definitions import dimension_label
from ..exceptions import ParameterError, UndefinedStatisticWarning
from ._common import ROUND


@dataclass(frozen=True)
class CronbachAlpha:
    """Cronbach's alpha with its Feldt confidence interval.

    Attributes
    ----------
    value, ci_low, ci_high : float
    n_units : int
        Rows (projects) used.
    n_items : int
        Columns (markers) used.
    confidence : float
    """

    value: float
    ci_low: float
    ci_high: float
    n_units: int
    n_items: int
    confidence: float


def _nan_alpha(n: int, k: int, confidence: float, why: str) -> CronbachAlpha:
    warnings.warn(
        f"Cronbach's alpha is undefined: {why}; returning NaN.",
        UndefinedStatisticWarning,
        stacklevel=4,
    )
    return CronbachAlpha(np.nan, np.nan, np.nan, n, k, confidence)


@validate_params({"confidence": CONFIDENCE, "missing": ("listwise", "pairwise")})
def cronbach_alpha(
    profiles,
    *,
    confidence: float = 0.95,
    missing: Literal["listwise", "pairwise"] = "listwise",
) -> CronbachAlpha:
    """Cronbach's alpha of the columns (items) of a units x items table, with Feldt's interval.

    ``alpha = k / (k - 1) * (1 - trace(C) / sum(C))`` with ``C`` the items'
    covariance matrix (``ddof=1``). The interval is Feldt's (1965):
    ``1 - (1 - alpha) * F_{(1 -/+ confidence)/2}(n - 1, (n - 1)(k - 1))``.
    Checked against ``pingouin.cronbach_alpha`` (same value with
    ``nan_policy="listwise"`` or ``"pairwise"``; for listwise, pingouin's
    interval keeps the row count before dropping incomplete rows, ours uses the
    rows actually used).

    Parameters
    ----------
    profiles : DataFrame or 2-D array
        Rows = units (projects), columns = items (markers); NaN = missing.
    confidence : float, default 0.95
    missing : {"listwise", "pairwise"}, default "listwise"
        ``listwise`` drops every row with a NaN; ``pairwise`` computes each
        covariance on the rows where both items are present (as pingouin does by
        default) and counts every row in ``n``.

    Returns
    -------
    CronbachAlpha

    Examples
    --------
    >>> import numpy as np
    >>> items = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [0, 1, 1], [2, 2, 3]])
    >>> round(cronbach_alpha(items).value, 4)
    0.9677
    """
    data = pd.DataFrame(
        np.asarray(profiles, dtype=float) if not isinstance(profiles, pd.DataFrame) else profiles
    )
    data = data.astype(float)
    if data.ndim != 2:  # pragma: no cover - DataFrame is always 2-D
        raise ParameterError("cronbach_alpha expects a 2-D table (units x items).")
    if missing == "listwise":
        data = data.dropna()
    else:
        data = data.dropna(how="all")
    n, k = data.shape
    if k < 2:
        return _nan_alpha(n, k, confidence, f"it needs at least two items (got {k})")
    if n < 2:
        return _nan_alpha(n, k, confidence, f"it needs at least two complete units (got {n})")
    cov = data.cov().to_numpy()
    total = cov.sum()
    if not np.isfinite(total) or total <= 0:
        return _nan_alpha(n, k, confidence, "the total score does not vary")
    value = k / (k - 1) * (1 - np.trace(cov) / total)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - value) * stats.f.isf((1 - confidence) / 2, df1, df2)
    high = 1 - (1 - value) * stats.f.isf((1 + confidence) / 2, df1, df2)
    return CronbachAlpha(float(value), float(low), float(high), int(n), int(k), float(confidence))


CONSISTENCY_COLUMNS = [
    "scope",
    "label",
    "markers",
    "n_items",
    "n_units",
    "alpha",
    "ci_low",
    "ci_high",
]


@validate_params({"round": ROUND, "confidence": CONFIDENCE})
def marker_consistency(
    dataset,
    *,
    round: Literal["consensus", "individuel", "revise"] = "consensus",
    confidence: float = 0.95,
    year=None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Cronbach's alpha of the markers, overall and per dimension (with Feldt intervals).

    The items are the markers' columns of :meth:`MarkerDataset.profiles` (for
    the ``individuel`` or ``revise`` round, the mean of the members' scores);
    projects with a missing marker are dropped (listwise). Dimensions with a
    single marker have no alpha and are left out.

    Parameters
    ----------
    dataset : MarkerDataset
    round : {"consensus", "individuel", "revise"}, default "consensus"
    confidence : float, default 0.95
    year : int or list of int, optional
    lang : {"fr", "en"}, optional
        Language of the ``label`` column.

    Returns
    -------
    DataFrame
        ``scope`` (``"all"`` then each dimension's name as in the markers
        table), ``label`` (readable), ``markers`` (codes joined by ``,``),
        ``n_items, n_units, alpha, ci_low, ci_high``.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = marker_consistency(make_demo_dataset(years=(2019,)), lang="en")
    >>> table.loc[0, ["scope", "label", "markers"]].tolist()
    ['all', 'All markers', 'M01,M02,M03,M04,M05,M06,M07,M08,M09,M10,M11,M12']
    """
    from ..i18n import t_

    profiles = dataset.profiles(round=round, year=year)
    scopes = [("all", t_("Tous les marqueurs", lang=lang), list(profiles.columns))]
    markers = dataset.markers
    for dimension in dict.fromkeys(markers["dimension"]):
        codes = list(markers.loc[markers["dimension"] == dimension, "code"])
        if len(codes) >= 2:
            try:
                label = dimension_label(dimension, lang=lang)
            except Exception:  # a dimension of a custom marker file without a known label
                label = str(dimension)
            scopes.append((dimension, label, codes))
    rows = []
    for scope, label, codes in scopes:
        est = cronbach_alpha(profiles[codes], confidence=confidence)
        rows.append(
            {
                "scope": scope,
                "label": label,
                "markers": ",".join(codes),
                "n_items": len(codes),
                "n_units": est.n_units,
                "alpha": est.value,
                "ci_low": est.ci_low,
                "ci_high": est.ci_high,
            }
        )
    return pd.DataFrame(rows, columns=CONSISTENCY_COLUMNS)


@validate_params({"round": ROUND, "method": ("spearman", "pearson", "kendall")})
def marker_correlations(
    dataset,
    *,
    round: Literal["consensus", "individuel", "revise"] = "consensus",
    method: Literal["spearman", "pearson", "kendall"] = "spearman",
    year=None,
) -> pd.DataFrame:
    """Markers x markers correlation matrix of the profiles (pairwise complete projects).

    Parameters
    ----------
    dataset : MarkerDataset
    round : {"consensus", "individuel", "revise"}, default "consensus"
    method : {"spearman", "pearson", "kendall"}, default "spearman"
    year : int or list of int, optional

    Returns
    -------
    DataFrame
        Square, index and columns the marker codes in display order, 1 on the
        diagonal (NaN for a marker that never varies).

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> marker_correlations(make_demo_dataset(years=(2019,))).shape
    (12, 12)
    """
    profiles = dataset.profiles(round=round, year=year)
    corr = profiles.corr(method=method)
    corr.index.name = "marker"
    corr.columns.name = "marker"
    return corr


def _varimax(loadings: np.ndarray, *, max_iter: int = 500, tol: float = 1e-8) -> np.ndarray:
    """Kaiser's varimax rotation of a p x m loadings matrix (orthogonal)."""
    p, m = loadings.shape
    if m < 2:
        return loadings
    rotation = np.eye(m)
    objective = 0.0
    for _ in range(max_iter):
        rotated = loadings @ rotation
        u, s, vt = np.linalg.svd(
            loadings.T @ (rotated**3 - rotated @ np.diag((rotated**2).sum(axis=0)) / p)
        )
        rotation = u @ vt
        if s.sum() < objective * (1 + tol):
            break
        objective = s.sum()
    return loadings @ rotation


def _orient(loadings: np.ndarray) -> np.ndarray:
    """Sign convention: each component's largest absolute loading is positive."""
    idx = np.abs(loadings).argmax(axis=0)
    signs = np.sign(loadings[idx, np.arange(loadings.shape[1])])
    signs[signs == 0] = 1
    return loadings * signs


@validate_params({"round": ROUND, "method": ("pca", "factor"), "rotation": ("varimax", None)})
def marker_components(
    dataset,
    *,
    n_components: int = 5,
    round: Literal["consensus", "individuel", "revise"] = "consensus",
    method: Literal["pca", "factor"] = "pca",
    rotation: Literal["varimax"] | None = None,
    year=None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Principal components (or factors) of the standardised marker profiles.

    The profiles (:meth:`MarkerDataset.profiles`, projects with a missing
    marker dropped) are standardised (mean 0, variance 1) so every marker
    weighs the same, then:

    - ``method="pca"``: :class:`sklearn.decomposition.PCA`; loadings are the
      correlations between markers and components (eigenvector times the square
      root of its eigenvalue);
    - ``method="factor"``: :class:`sklearn.decomposition.FactorAnalysis`
      (maximum likelihood), loadings ``components_.T``.

    ``rotation="varimax"`` rotates the loadings (Kaiser's varimax) so each
    marker loads mainly on one component, which makes a match with the
    dimensions easy to read. Each component is then oriented so that its
    largest absolute loading is positive, and the components are sorted by the
    variance they explain.

    Parameters
    ----------
    dataset : MarkerDataset
    n_components : int, default 5
        Between 1 and the number of markers (the call has five dimensions).
    round : {"consensus", "individuel", "revise"}, default "consensus"
    method : {"pca", "factor"}, default "pca"
    rotation : {"varimax", None}, default None
    year : int or list of int, optional

    Returns
    -------
    loadings : DataFrame
        Index the marker codes (display order), columns ``PC1..PCk`` (or
        ``F1..Fk``).
    explained : Series
        Share of the markers' total variance carried by each component
        (sum of squared loadings / number of markers), same index as the
        loadings' columns.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> loadings, explained = marker_components(make_demo_dataset(years=(2019,)), n_components=3)
    >>> loadings.shape, list(explained.index)
    ((12, 3), ['PC1', 'PC2', 'PC3'])
    """
    profiles = dataset.profiles(round=round, year=year).dropna()
    p = profiles.shape[1]
    if (
        isinstance(n_components, bool)
        or not isinstance(n_components, int | np.integer)
        or not 1 <= n_components <= p
    ):
        raise ParameterError(
            f"The 'n_components' parameter of marker_components must be an integer from 1 to {p} "
            f"(the number of markers). Got {n_components!r} instead."
        )
    if len(profiles) <= p:
        raise ParameterError(
            f"marker_components needs more projects with every marker scored than markers "
            f"({p}); only {len(profiles)} found. Pool several years or use another round."
        )
    sd = profiles.std(ddof=0)
    constant = list(sd.index[sd == 0])
    if constant:
        raise ParameterError(
            f"Marker(s) {', '.join(constant)} have the same score for every project: "
            f"they cannot be standardised. Leave them out or pool several years."
        )
    z = ((profiles - profiles.mean()) / sd).to_numpy()
    if method == "pca":
        from sklearn.decomposition import PCA

        model = PCA(n_components=n_components, svd_solver="full").fit(z)
        loadings = model.components_.T * np.sqrt(model.explained_variance_ * (len(z) - 1) / len(z))
        prefix = "PC"
    else:
        from sklearn.decomposition import FactorAnalysis

        model = FactorAnalysis(n_components=n_components, random_state=0).fit(z)
        loadings = model.components_.T
        prefix = "F"
    if rotation == "varimax":
        loadings = _varimax(loadings)
    loadings = _orient(loadings)
    share = (loadings**2).sum(axis=0) / p
    order = np.argsort(-share, kind="stable")
    loadings, share = loadings[:, order], share[order]
    names = [f"{prefix}{i + 1}" for i in range(n_components)]
    table = pd.DataFrame(loadings, index=pd.Index(profiles.columns, name="marker"), columns=names)
    return table, pd.Series(share, index=names, name="explained")
