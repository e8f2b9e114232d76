"""Project profiles ready for clustering: which scores, and how they are scaled.

The scores are ordinal (levels 0..3 by default). Three scalings are offered:

``"none"``
    Scale units as they are (levels treated as equally spaced). The natural
    choice for the committee's consensus profiles and what the cluster profiles
    are reported in.
``"zscore"``
    Each marker centred and divided by its standard deviation, so that a marker
    the committee uses widely does not outweigh a marker it scores narrowly.
``"ridit"``
    The ordinal choice: each score is replaced by its *ridit* (Bross 1958), the
    share of projects scored lower on that marker plus half the share scored the
    same. Distances then count how many projects lie between two scores rather
    than how many labels, which makes no interval assumption about the scale.
    Euclidean distance on ridits is close to Gower's distance for ordinal
    variables (Manhattan distance on range-scaled ranks) and, unlike Gower's,
    can be used by k-means, Ward and Gaussian mixtures alike.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ._common import check_option

Source = Literal["consensus", "individual_mean"]
Standardise = Literal["none", "zscore", "ridit"]
SOURCES = ("consensus", "individual_mean")
STANDARDISE = ("none", "zscore", "ridit")


def project_profiles(data, *, source: Source = "consensus", year=None) -> pd.DataFrame:
    """Projects x markers table of scores, complete, in scale units.

    Parameters
    ----------
    data : MarkerDataset or DataFrame
        A dataset, or an already built profile table (index ``project_id``,
        one column per marker).
    source : {"consensus", "individual_mean"}, default "consensus"
        The committee's consensus scores, or the mean of the members'
        individual scores (round ``individuel``).
    year : int or list of int, optional
        Keep only the projects of these years (datasets only).

    Returns
    -------
    DataFrame
        Index ``project_id``, float columns in marker order. Projects with no
        score at all are dropped; a missing marker score is replaced by the
        marker's median over the other projects (so nothing is dropped because
        one marker was not scored).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"M01": [1.0, None, 3.0], "M02": [0.0, 2.0, 2.0]},
    ...                      index=pd.Index(["P1", "P2", "P3"], name="project_id"))
    >>> project_profiles(table)["M01"].tolist()
    [1.0, 2.0, 3.0]
    """
    check_option(source, SOURCES, name="source", func="project_profiles")
    if isinstance(data, pd.DataFrame):
        table = data.astype(float)
    elif hasattr(data, "profiles") and hasattr(data, "scores"):
        round_ = "consensus" if source == "consensus" else "individuel"
        table = data.profiles(round=round_, aggregate="mean", year=year)
        if table.empty:
            hint = (
                " Use source='individual_mean' to cluster the mean of individual scores."
                if source == "consensus"
                else ""
            )
            raise ParameterError(f"The dataset has no scores of round {round_!r}.{hint}")
    else:
        raise ParameterError(
            "project_profiles expects a MarkerDataset or a projects x markers DataFrame; "
            f"got {type(data).__name__}."
        )
    table = table.dropna(how="all")
    empty = [str(c) for c in table.columns if table[c].isna().all()]
    if empty:
        raise ParameterError(
            f"Marker(s) {', '.join(empty)} have no score at all; drop them from the profiles "
            "before clustering."
        )
    table = table.fillna(table.median())
    table.columns.name = "marker"
    return table


def _ridit(train: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Ridit of ``values`` against the sample ``train`` (one marker): P(X < v) + P(X = v) / 2."""
    ordered = np.sort(train)
    below = np.searchsorted(ordered, values, side="left")
    upto = np.searchsorted(ordered, values, side="right")
    return (below + 0.5 * (upto - below)) / len(ordered)


class ProfileScaler:
    """Fit a scaling on training profiles and apply it to any profiles.

    Parameters
    ----------
    standardise : {"none", "zscore", "ridit"}
        See the module documentation.
    """

    def __init__(self, standardise: Standardise = "none"):
        check_option(standardise, STANDARDISE, name="standardise", func="ProfileScaler")
        self.standardise = standardise

    def fit(self, profiles: pd.DataFrame) -> ProfileScaler:
        values = profiles.to_numpy(dtype=float)
        self.train_ = values
        self.mean_ = values.mean(axis=0)
        sd = values.std(axis=0, ddof=1) if len(values) > 1 else np.ones(values.shape[1])
        self.scale_ = np.where(sd > 0, sd, 1.0)
        return self

    def transform(self, profiles: pd.DataFrame) -> np.ndarray:
        values = profiles.to_numpy(dtype=float)
        if self.standardise == "zscore":
            return (values - self.mean_) / self.scale_
        if self.standardise == "ridit":
            return np.column_stack(
                [_ridit(self.train_[:, j], values[:, j]) for j in range(values.shape[1])]
            )
        return values.copy()

    def fit_transform(self, profiles: pd.DataFrame) -> np.ndarray:
        return self.fit(profiles).transform(profiles)
