"""`MarkerTypology`: a scikit-learn style estimator of project typologies."""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ._common import check_option
from .profiles import SOURCES, STANDARDISE, ProfileScaler, Source, Standardise, project_profiles

Method = Literal["kmeans", "ward", "gmm"]
METHODS = ("kmeans", "ward", "gmm")


def _step(values: np.ndarray) -> float:
    """Mean gap between neighbouring distinct values of one marker (0 if it never varies)."""
    gaps = np.diff(np.unique(values))
    return float(gaps.mean()) if len(gaps) else 0.0


def _fit_one(x: np.ndarray, k: int, method: str, seed) -> tuple[np.ndarray, float, object]:
    """Cluster ``x`` into ``k`` groups; return labels, BIC (NaN unless gmm) and the model."""
    if method == "kmeans":
        from sklearn.cluster import KMeans

        model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
        return model.labels_, np.nan, model
    if method == "gmm":
        from sklearn.mixture import GaussianMixture

        # One covariance shared by all clusters ("tied"): markers co-vary through a
        # project's overall quality in the same way whatever its type, and a shared
        # matrix keeps BIC from splitting that common factor into extra clusters.
        # Scores are discrete, so the covariance gets a floor: Sheppard's rounding
        # variance h^2 / 12, h being the mean step between neighbouring values of a
        # marker (1 level in scale units).
        floor = float(np.mean([_step(column) ** 2 for column in x.T])) / 12 + 1e-6
        model = GaussianMixture(
            n_components=k, covariance_type="tied", reg_covar=floor, n_init=3, random_state=seed
        ).fit(x)
        return model.predict(x), float(model.bic(x)), model
    from scipy.cluster.hierarchy import fcluster, linkage

    tree = linkage(x, method="ward")
    return fcluster(tree, t=k, criterion="maxclust") - 1, np.nan, tree


def _silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import silhouette_score

    n_groups = len(np.unique(labels))
    if n_groups < 2 or n_groups >= len(x):
        return np.nan
    return float(silhouette_score(x, labels))


class MarkerTypology:
    """Typology of projects from their marker profiles (k-means, Ward or Gaussian mixture).

    Follows the scikit-learn estimator contract: ``__init__`` only stores the
    options, :meth:`fit` learns and returns ``self``, learned attributes end in
    an underscore.

    Parameters
    ----------
    method : {"kmeans", "ward", "gmm"}, default "kmeans"
        k-means (10 starts), Ward's agglomerative clustering, or a Gaussian
        mixture with one covariance matrix shared by the clusters (``tied``).
    n_clusters : "auto" or int, default "auto"
        Number of clusters. ``"auto"`` tries every k of ``k_range`` and keeps
        the best silhouette (k-means, Ward) or the lowest BIC (mixtures).
    k_range : tuple of int, default (2, 8)
        Smallest and largest k tried by ``"auto"`` (the largest is capped at
        the number of projects minus one).
    source : {"consensus", "individual_mean"}, default "consensus"
        Which scores make a project's profile (see :func:`project_profiles`).
    standardise : {"none", "zscore", "ridit"}, default "none"
        Scaling before clustering (see :mod:`amiris_lab.clustering.profiles`);
        ``"ridit"`` is the ordinal choice. Cluster profiles are always reported
        in scale units.
    random_state : int or None, default None
        Seed of k-means and mixtures; a fixed value gives identical results.

    Attributes
    ----------
    labels_ : Series
        Cluster of each project (index ``project_id``, values 0..k-1). Clusters
        are numbered by decreasing mean score: cluster 0 has the highest profile.
    profiles_ : DataFrame
        Cluster x marker mean scores in scale units (index ``cluster``).
    n_clusters_ : int
        Number of clusters kept.
    scores_ : DataFrame
        One row per k tried: ``k, silhouette, bic, chosen`` (``bic`` is NaN
        except for mixtures).
    project_profiles_ : DataFrame
        The projects x markers profiles that were clustered (scale units).
    feature_names_in_ : ndarray
        Marker codes, in order.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> low = rng.integers(0, 2, size=(15, 12)); high = rng.integers(2, 4, size=(15, 12))
    >>> profiles = pd.DataFrame(np.vstack([low, high]).astype(float),
    ...                         columns=[f"M{i:02d}" for i in range(1, 13)])
    >>> typology = MarkerTypology(n_clusters="auto", random_state=0).fit(profiles)
    >>> typology.n_clusters_
    2
    >>> typology.labels_.iloc[[0, -1]].tolist()   # cluster 0 = the higher profile
    [1, 0]
    """

    def __init__(
        self,
        method: Method = "kmeans",
        n_clusters: Literal["auto"] | int = "auto",
        *,
        k_range: tuple[int, int] = (2, 8),
        source: Source = "consensus",
        standardise: Standardise = "none",
        random_state: int | None = None,
    ):
        self.method = method
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.source = source
        self.standardise = standardise
        self.random_state = random_state

    # -------------------------------------------------------------- contract
    def get_params(self, deep: bool = False) -> dict:
        """Options of the estimator, as given to ``__init__``."""
        return {
            "method": self.method,
            "n_clusters": self.n_clusters,
            "k_range": self.k_range,
            "source": self.source,
            "standardise": self.standardise,
            "random_state": self.random_state,
        }

    def set_params(self, **params) -> MarkerTypology:
        """Change options (unknown names raise ``ParameterError``); returns self."""
        for name, value in params.items():
            if name not in self.get_params():
                raise ParameterError(
                    f"MarkerTypology has no parameter {name!r}; its parameters are "
                    f"{', '.join(self.get_params())}."
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"MarkerTypology({args})"

    def _validate(self, n_projects: int) -> list[int]:
        check_option(self.method, METHODS, name="method", func="MarkerTypology")
        check_option(self.source, SOURCES, name="source", func="MarkerTypology")
        check_option(self.standardise, STANDARDISE, name="standardise", func="MarkerTypology")
        if n_projects < 3:
            raise ParameterError(
                f"MarkerTypology needs at least 3 projects with scores; got {n_projects}."
            )
        if isinstance(self.n_clusters, str):
            check_option(self.n_clusters, ["auto"], name="n_clusters", func="MarkerTypology")
            try:
                low, high = (int(v) for v in self.k_range)
            except (TypeError, ValueError):
                raise ParameterError(
                    "The 'k_range' parameter of MarkerTypology must be a pair of integers "
                    f"(smallest, largest). Got {self.k_range!r} instead."
                ) from None
            if low < 2 or high < low:
                raise ParameterError(
                    "The 'k_range' parameter of MarkerTypology must satisfy "
                    f"2 <= smallest <= largest. Got {self.k_range!r} instead."
                )
            high = min(high, n_projects - 1)
            if high < low:
                raise ParameterError(
                    f"Only {n_projects} projects: too few to try k from {low} in k_range."
                )
            return list(range(low, high + 1))
        if isinstance(self.n_clusters, bool) or not isinstance(self.n_clusters, int | np.integer):
            raise ParameterError(
                "The 'n_clusters' parameter of MarkerTypology must be 'auto' or an integer. "
                f"Got {self.n_clusters!r} instead."
            )
        if not 1 <= int(self.n_clusters) <= n_projects:
            raise ParameterError(
                f"The 'n_clusters' parameter of MarkerTypology must be between 1 and the number "
                f"of projects ({n_projects}). Got {self.n_clusters!r} instead."
            )
        return [int(self.n_clusters)]

    # -------------------------------------------------------------- learning
    def fit(self, data, y=None) -> MarkerTypology:
        """Learn the typology.

        Parameters
        ----------
        data : MarkerDataset or DataFrame
            A dataset (profiles built from ``source``) or a projects x markers table.
        y : ignored

        Returns
        -------
        MarkerTypology
            ``self``, fitted.
        """
        check_option(self.source, SOURCES, name="source", func="MarkerTypology")
        profiles = project_profiles(data, source=self.source)
        ks = self._validate(len(profiles))
        scaler = ProfileScaler(self.standardise)
        x = scaler.fit_transform(profiles)
        rows, fits = [], {}
        for k in ks:
            with warnings.catch_warnings():
                # k-means warns when there are fewer distinct points than k
                warnings.simplefilter("ignore", category=Warning)
                labels, bic, model = _fit_one(x, k, self.method, self.random_state)
            fits[k] = (labels, model)
            rows.append({"k": k, "silhouette": _silhouette(x, labels), "bic": bic})
        scores = pd.DataFrame(rows, columns=["k", "silhouette", "bic"])
        if len(ks) == 1:
            best = ks[0]
        elif self.method == "gmm":
            best = int(scores.loc[scores["bic"].idxmin(), "k"])
        elif scores["silhouette"].notna().any():
            best = int(scores.loc[scores["silhouette"].idxmax(), "k"])
        else:
            best = ks[0]
        scores["chosen"] = scores["k"] == best
        labels, model = fits[best]

        # Number clusters by decreasing mean score (then by size) so that the
        # numbering does not depend on the algorithm's arbitrary order.
        raw = profiles.to_numpy(dtype=float)
        present = np.unique(labels)
        key = sorted(present, key=lambda c: (-raw[labels == c].mean(), -np.sum(labels == c), c))
        mapping = {old: new for new, old in enumerate(key)}
        labels = np.array([mapping[c] for c in labels], dtype=int)

        self.scaler_ = scaler
        self.model_ = model
        self.centers_ = np.vstack([x[labels == c].mean(axis=0) for c in range(len(key))])
        self.labels_ = pd.Series(labels, index=profiles.index.copy(), name="cluster")
        self.labels_.index.name = "project_id"
        self.project_profiles_ = profiles
        self.profiles_ = profiles.groupby(labels).mean()
        self.profiles_.index.name = "cluster"
        self.profiles_.columns.name = "marker"
        self.n_clusters_ = len(key)
        self.scores_ = scores
        self.feature_names_in_ = np.asarray(profiles.columns, dtype=object)
        self.n_features_in_ = profiles.shape[1]
        return self

    def fit_predict(self, data, y=None) -> pd.Series:
        """Fit and return ``labels_``."""
        return self.fit(data).labels_

    def predict(self, data) -> pd.Series:
        """Cluster of new projects: the nearest cluster centre in the scaled space.

        Parameters
        ----------
        data : MarkerDataset or DataFrame
            Profiles with the same markers as the training data.

        Returns
        -------
        Series
            Cluster per project (index ``project_id``).
        """
        if not hasattr(self, "labels_"):
            raise ParameterError("This MarkerTypology is not fitted yet: call fit() first.")
        profiles = project_profiles(data, source=self.source)
        missing = [m for m in self.feature_names_in_ if m not in profiles.columns]
        if missing:
            raise ParameterError(
                f"The profiles to predict lack marker(s) {', '.join(map(str, missing))} "
                "that the typology was fitted on."
            )
        x = self.scaler_.transform(profiles[list(self.feature_names_in_)])
        distance = ((x[:, None, :] - self.centers_[None, :, :]) ** 2).sum(axis=2)
        out = pd.Series(distance.argmin(axis=1), index=profiles.index, name="cluster")
        out.index.name = "project_id"
        return out
