"""A 2-D map of projects: the first two principal components of their profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .profiles import ProfileScaler, Source, Standardise, project_profiles
from .summary import _as_label_series
from .typology import MarkerTypology


def project_map(
    data,
    labels=None,
    *,
    source: Source = "consensus",
    standardise: Standardise = "none",
) -> pd.DataFrame:
    """Coordinates of projects on the first two principal components of their profiles.

    Parameters
    ----------
    data : MarkerTypology, MarkerDataset or DataFrame
        A fitted typology (its profiles, scaling and labels are used) or data.
    labels : Series, optional
        Cluster per project, added as the ``cluster`` column.
    source, standardise
        How profiles are built and scaled when ``data`` is not a typology.

    Returns
    -------
    DataFrame
        ``project_id, pc1, pc2, cluster`` (cluster is <NA> without labels);
        ``.attrs["explained_variance_ratio"]`` holds the two shares of variance.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> table = pd.DataFrame(rng.integers(0, 4, (30, 12)).astype(float))
    >>> project_map(table).columns.tolist()
    ['project_id', 'pc1', 'pc2', 'cluster']
    """
    from sklearn.decomposition import PCA

    if isinstance(data, MarkerTypology):
        profiles = data.project_profiles_
        x = data.scaler_.transform(profiles)
        labels = data.labels_ if labels is None else labels
    else:
        profiles = project_profiles(data, source=source)
        x = ProfileScaler(standardise).fit_transform(profiles)
    pca = PCA(n_components=2).fit(x)
    coords = pca.transform(x)
    # sign convention: the first component grows with the overall score
    signs = np.sign(pca.components_.sum(axis=1))
    coords = coords * np.where(signs == 0, 1, signs)
    out = pd.DataFrame(
        {"project_id": profiles.index.astype(str), "pc1": coords[:, 0], "pc2": coords[:, 1]}
    )
    if labels is not None:
        labels = _as_label_series(labels)
        out["cluster"] = pd.array(labels.reindex(out["project_id"]).to_numpy(), dtype="Int64")
    else:
        out["cluster"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.attrs["explained_variance_ratio"] = [float(v) for v in pca.explained_variance_ratio_]
    return out
