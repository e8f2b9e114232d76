"""How much a typology would change with other projects or another panel of raters.

Hennig's clusterwise approach (Hennig 2007, *Computational Statistics & Data
Analysis* 52, 258-271; R ``fpc::clusterboot``): the typology is fitted again on
many perturbed versions of the data with the same k; each original cluster is
matched to its most similar new cluster by the Jaccard coefficient, and the
partition as a whole is compared with the adjusted Rand index (ARI). Usual
reading of a cluster's mean Jaccard: 0.75 and up stable, 0.6 to 0.75 a pattern
to interpret with care, under 0.6 not to be trusted (under 0.5 the cluster
"dissolved").

Beyond the usual project bootstrap, the individual raters can be re-drawn
within each project (with replacement, among those who scored it), so that
stability reflects rating noise: would another panel drawn from the same
committee give the same typology?
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .._param_validation import N_BOOT, check_param
from ..exceptions import ParameterError
from ..i18n import t_
from ._common import check_option
from .profiles import project_profiles
from .typology import MarkerTypology

Resample = Literal["projects", "raters", "both"]


@dataclass(frozen=True)
class TypologyStability:
    """Result of :func:`typology_stability`.

    Attributes
    ----------
    ari : Series
        Adjusted Rand index of each replicate against the reference typology.
    jaccard : DataFrame
        Replicates x clusters: Jaccard of each original cluster with its best
        match in the replicate (NaN when none of its projects was drawn).
    summary : DataFrame
        One row per cluster: ``cluster, size, mean_jaccard, median_jaccard,
        dissolved`` (share of replicates with Jaccard <= 0.5), ``recovered``
        (share >= 0.75) and ``reading`` (text in the language in force).
    resample : str
        What was re-drawn.
    n_boot : int
        Number of replicates.
    """

    ari: pd.Series
    jaccard: pd.DataFrame
    summary: pd.DataFrame
    resample: str
    n_boot: int

    @property
    def mean_ari(self) -> float:
        """Mean adjusted Rand index over the replicates."""
        return float(self.ari.mean())


def _reading(value: float, lang: str | None) -> str:
    if np.isnan(value):
        return t_("indéterminé", lang=lang)
    if value >= 0.75:
        return t_("stable", lang=lang)
    if value >= 0.6:
        return t_("à interpréter avec prudence", lang=lang)
    return t_("à ne pas interpréter", lang=lang)


def _best_jaccard(reference: np.ndarray, replicate: np.ndarray, n_clusters: int) -> np.ndarray:
    """For each reference cluster, the largest Jaccard with a replicate cluster."""
    _, rep = np.unique(replicate, return_inverse=True)
    table = np.zeros((n_clusters, rep.max() + 1))
    np.add.at(table, (reference, rep), 1)
    rows = table.sum(axis=1, keepdims=True)
    union = rows + table.sum(axis=0, keepdims=True) - table
    with np.errstate(invalid="ignore", divide="ignore"):
        best = (table / union).max(axis=1)
    best[rows[:, 0] == 0] = np.nan
    return best


class _RaterDraws:
    """Projects x raters x markers array of individual scores, for re-drawing panels."""

    def __init__(self, dataset, project_ids: pd.Index, markers: list[str]):
        s = dataset.scores
        s = s[(s["round"] == "individuel") & s["score"].notna()]
        if s.empty:
            raise ParameterError(
                "Re-drawing raters needs individual scores (round 'individuel'); "
                "the dataset has none. Use resample='projects'."
            )
        projects = pd.Index(project_ids)
        raters = pd.Index(sorted(s["rater_id"].astype(str).unique()))
        p = projects.get_indexer(s["project_id"].astype(str))
        r = raters.get_indexer(s["rater_id"].astype(str))
        m = pd.Index(markers).get_indexer(s["marker"].astype(str))
        keep = (p >= 0) & (m >= 0)
        cube = np.full((len(projects), len(raters), len(markers)), np.nan)
        cube[p[keep], r[keep], m[keep]] = s["score"].to_numpy(dtype=float, na_value=np.nan)[keep]
        scored = ~np.isnan(cube).all(axis=2)
        self.count = scored.sum(axis=1)
        width = max(int(self.count.max()), 1)
        # panel[p, j] = index of the j-th rater who scored project p
        order = np.argsort(~scored, axis=1, kind="stable")
        self.panel = order[:, :width]
        self.cube = cube
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            self.full_mean = np.nanmean(cube, axis=1)

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """Mean profile of a re-drawn panel per project (projects x markers)."""
        n_proj, width = self.panel.shape
        pick = np.floor(rng.random((n_proj, width)) * np.maximum(self.count, 1)[:, None])
        raters = np.take_along_axis(self.panel, pick.astype(int), axis=1)
        values = self.cube[np.arange(n_proj)[:, None], raters, :]
        values[np.arange(width)[None, :] >= self.count[:, None]] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(values, axis=1)


def typology_stability(
    data,
    typology: MarkerTypology,
    *,
    n_boot: int = 100,
    resample: Resample = "projects",
    random_state: int | None = None,
    progress: bool = True,
    lang: str | None = None,
) -> TypologyStability:
    """Bootstrap stability of a typology: ARI per replicate and Jaccard per cluster.

    Parameters
    ----------
    data : MarkerDataset or DataFrame
        The data the typology describes. Re-drawing raters needs a dataset
        with individual scores; a profile table allows ``"projects"`` only.
    typology : MarkerTypology
        Fitted or not (it is fitted on ``data`` if needed). Every replicate
        refits the same options with k fixed to ``typology.n_clusters_``.
    n_boot : int, default 100
        Number of replicates.
    resample : {"projects", "raters", "both"}, default "projects"
        ``"projects"``: bootstrap of projects. ``"raters"``: every project
        keeps its place, its panel of raters is re-drawn with replacement
        among those who scored it; the profile becomes the mean of the re-drawn
        panel (source ``individual_mean``) or the consensus shifted by how much
        the re-drawn panel's mean differs from the full panel's (source
        ``consensus``). ``"both"``: both at once.
    random_state : int or None
        Seed; a fixed value gives identical results.
    progress : bool, default True
        Show a progress bar (only on a terminal or notebook).
    lang : {"fr", "en"}, optional
        Language of the ``reading`` column.

    Returns
    -------
    TypologyStability

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> x = np.vstack([rng.normal(0.5, .3, (20, 12)), rng.normal(2.5, .3, (20, 12))])
    >>> profiles = pd.DataFrame(x, columns=[f"M{i:02d}" for i in range(1, 13)])
    >>> result = typology_stability(profiles, MarkerTypology(n_clusters=2, random_state=0),
    ...                             n_boot=20, random_state=0, progress=False)
    >>> round(result.mean_ari, 2), result.summary["reading"].tolist()
    (1.0, ['stable', 'stable'])
    """
    check_option(
        resample, ("projects", "raters", "both"), name="resample", func="typology_stability"
    )
    check_param(n_boot, N_BOOT, name="n_boot", func="typology_stability")
    if not isinstance(typology, MarkerTypology):
        raise ParameterError(
            f"typology_stability expects a MarkerTypology; got {type(typology).__name__}."
        )
    if not hasattr(typology, "labels_"):
        typology.fit(data)
    from sklearn.metrics import adjusted_rand_score
    from tqdm.auto import tqdm

    profiles = project_profiles(typology.project_profiles_)
    markers = list(profiles.columns)
    reference = typology.labels_.to_numpy()
    k = typology.n_clusters_
    draws = None
    if resample in ("raters", "both"):
        if isinstance(data, pd.DataFrame) or not hasattr(data, "scores"):
            raise ParameterError(
                f"resample={resample!r} re-draws the raters of each project and needs a "
                "MarkerDataset, not a profile table."
            )
        draws = _RaterDraws(data, profiles.index, markers)
    rng = np.random.default_rng(random_state)
    base = profiles.to_numpy(dtype=float)
    n = len(base)
    aris, jaccards = [], []
    bar = tqdm(
        range(n_boot),
        desc=t_("Stabilité", lang=lang),
        disable=None if progress else True,
        leave=False,
    )
    for _ in bar:
        values = base
        if draws is not None:
            panel = draws.draw(rng)
            if typology.source == "consensus":
                panel = base + (panel - draws.full_mean)
            values = np.where(np.isnan(panel), base, panel)
        rows = rng.integers(0, n, n) if resample in ("projects", "both") else np.arange(n)
        replica = pd.DataFrame(values[rows], columns=markers)
        seed = int(rng.integers(2**31 - 1))
        params = dict(typology.get_params(), n_clusters=k, random_state=seed, source="consensus")
        fitted = MarkerTypology(**params).fit(replica)
        labels = fitted.labels_.to_numpy()
        unique_rows, first = np.unique(rows, return_index=True)
        ref, rep = reference[unique_rows], labels[first]
        aris.append(adjusted_rand_score(ref, rep))
        jaccards.append(_best_jaccard(ref, rep, k))
    jaccard = pd.DataFrame(np.vstack(jaccards), columns=pd.RangeIndex(k, name="cluster"))
    jaccard.index.name = "replicate"
    sizes = np.bincount(reference, minlength=k)
    mean = jaccard.mean()
    summary = pd.DataFrame(
        {
            "cluster": np.arange(k),
            "size": sizes,
            "mean_jaccard": mean.to_numpy(),
            "median_jaccard": jaccard.median().to_numpy(),
            "dissolved": (jaccard <= 0.5).mean().to_numpy(),
            "recovered": (jaccard >= 0.75).mean().to_numpy(),
            "reading": [_reading(v, lang) for v in mean.to_numpy()],
        }
    )
    ari = pd.Series(aris, name="ari")
    ari.index.name = "replicate"
    return TypologyStability(
        ari=ari, jaccard=jaccard, summary=summary, resample=resample, n_boot=int(n_boot)
    )
