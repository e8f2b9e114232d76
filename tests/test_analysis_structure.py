"""Marker structure: Cronbach's alpha vs pingouin, correlations vs scipy, components vs numpy/sklearn."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import dataset_from_rows

from amiris_lab.analysis import (
    cronbach_alpha,
    marker_components,
    marker_consistency,
    marker_correlations,
)
from amiris_lab.definitions import default_markers
from amiris_lab.exceptions import ParameterError, UndefinedStatisticWarning


def _items(seed, n=60, k=6, missing=0.0):
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    data = np.clip(np.rint(1.5 + latent + rng.normal(0, 0.8, (n, k))), 0, 3)
    data[rng.random((n, k)) < missing] = np.nan
    return pd.DataFrame(data, columns=[f"M{i + 1:02d}" for i in range(k)])


@pytest.mark.parametrize(
    ("seed", "missing", "policy"),
    [(1, 0.0, "listwise"), (2, 0.1, "listwise"), (3, 0.1, "pairwise")],
)
def test_cronbach_equals_pingouin(seed, missing, policy):
    pg = pytest.importorskip("pingouin")
    data = _items(seed, missing=missing)
    ours = cronbach_alpha(data, confidence=0.9, missing=policy)
    value, _ = pg.cronbach_alpha(data, nan_policy=policy, ci=0.9)
    # pingouin's listwise interval keeps the row count before dropping rows; ours uses
    # the complete rows, so its interval is compared on the complete rows
    _, ci = pg.cronbach_alpha(
        data.dropna() if policy == "listwise" else data, nan_policy=policy, ci=0.9
    )
    assert ours.value == pytest.approx(value, abs=1e-9)
    # pingouin rounds its interval to 3 decimals
    assert [ours.ci_low, ours.ci_high] == pytest.approx(list(ci), abs=5.01e-4)
    assert ours.n_items == 6
    assert ours.n_units == (len(data.dropna()) if policy == "listwise" else len(data))


def test_cronbach_hand_example_and_undefined():
    # items [1,2,3,0,2], [2,3,3,1,2], [2,3,4,1,3]: variances 1.3, 0.7, 1.3;
    # row totals 5, 8, 10, 2, 7: variance 9.3
    items = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [0, 1, 1], [2, 2, 3]])
    assert cronbach_alpha(items).value == pytest.approx(1.5 * (1 - 3.3 / 9.3))
    with pytest.warns(UndefinedStatisticWarning, match="at least two items"):
        assert np.isnan(cronbach_alpha(items[:, :1]).value)
    with pytest.warns(UndefinedStatisticWarning, match="does not vary"):
        assert np.isnan(cronbach_alpha(np.ones((4, 3))).value)
    with pytest.raises(
        ParameterError, match=r"The 'missing' parameter of cronbach_alpha must be one of"
    ):
        cronbach_alpha(items, missing="drop")
    with pytest.raises(
        ParameterError, match=r"'confidence' parameter of cronbach_alpha must be a number"
    ):
        cronbach_alpha(items, confidence=1.5)


def _profiles_dataset(seed=0, n=80):
    """Consensus profiles on the 12 markers, one latent factor per dimension."""
    rng = np.random.default_rng(seed)
    markers = default_markers()
    dims = list(dict.fromkeys(markers["dimension"]))
    factors = rng.normal(size=(n, len(dims)))
    rows = []
    for p in range(n):
        for code, dim in zip(markers["code"], markers["dimension"], strict=True):
            f = factors[p, dims.index(dim)] + 0.5 * factors[p, 0]
            score = int(np.clip(np.rint(1.5 + f + rng.normal(0, 0.5)), 0, 3))
            rows.append((f"P{p:03d}", "COMITE", "consensus", code, score))
            rows.append((f"P{p:03d}", "R1", "individuel", code, score))
    return dataset_from_rows(rows)


def test_marker_consistency_rows_match_cronbach_on_profiles():
    pg = pytest.importorskip("pingouin")
    ds = _profiles_dataset(1)
    table = marker_consistency(ds, lang="en")
    assert list(table.columns) == [
        "scope",
        "label",
        "markers",
        "n_items",
        "n_units",
        "alpha",
        "ci_low",
        "ci_high",
    ]
    assert table["scope"].tolist() == [
        "all",
        "Contexte d'émergence",
        "Processus",
        "Résultat",
    ]  # M12 alone: no alpha
    profiles = ds.profiles()
    for row in table.itertuples():
        value, _ = pg.cronbach_alpha(profiles[row.markers.split(",")])
        assert row.alpha == pytest.approx(value, abs=1e-9)
    assert table.loc[0, "label"] == "All markers"
    assert marker_consistency(ds).loc[0, "label"] == "Tous les marqueurs"


def test_marker_correlations_equal_scipy_spearman():
    from scipy.stats import spearmanr

    ds = _profiles_dataset(2)
    corr = marker_correlations(ds)
    assert corr.shape == (12, 12)
    assert list(corr.index) == ds.marker_codes
    expected = spearmanr(ds.profiles().to_numpy()).statistic
    np.testing.assert_allclose(corr.to_numpy(), expected, atol=1e-12)
    with pytest.raises(
        ParameterError, match=r"The 'method' parameter of marker_correlations must be one of"
    ):
        marker_correlations(ds, method="distance")


def test_pca_loadings_are_the_correlation_eigenvectors():
    ds = _profiles_dataset(3)
    loadings, explained = marker_components(ds, n_components=12)
    assert loadings.shape == (12, 12)
    assert list(loadings.index) == ds.marker_codes
    assert list(loadings.columns[:2]) == ["PC1", "PC2"]
    r = np.corrcoef(ds.profiles().to_numpy(), rowvar=False)
    eigenvalues = np.sort(np.linalg.eigvalsh(r))[::-1]
    np.testing.assert_allclose(explained.to_numpy(), eigenvalues / 12, atol=1e-10)
    # all components reproduce the correlation matrix
    np.testing.assert_allclose(loadings.to_numpy() @ loadings.to_numpy().T, r, atol=1e-10)
    # sign convention: each component's largest absolute loading is positive
    values = loadings.to_numpy()
    assert (values[np.abs(values).argmax(axis=0), np.arange(12)] > 0).all()


def test_varimax_keeps_communalities_and_matches_sklearn_factor_rotation():
    from sklearn.decomposition import FactorAnalysis

    ds = _profiles_dataset(4)
    plain, _ = marker_components(ds, n_components=4)
    rotated, explained = marker_components(ds, n_components=4, rotation="varimax")
    np.testing.assert_allclose((plain**2).sum(axis=1), (rotated**2).sum(axis=1), atol=1e-8)
    assert explained.is_monotonic_decreasing
    fa, _ = marker_components(ds, n_components=3, method="factor", rotation="varimax")
    z = ds.profiles().to_numpy()
    z = (z - z.mean(axis=0)) / z.std(axis=0)
    reference = (
        FactorAnalysis(n_components=3, rotation="varimax", random_state=0).fit(z).components_.T
    )
    # same factors up to order and sign
    match = np.abs(np.corrcoef(fa.to_numpy().T, reference.T)[:3, 3:])
    assert np.sort(match.max(axis=1)) == pytest.approx([1, 1, 1], abs=1e-4)


def test_components_errors():
    ds = _profiles_dataset(5, n=20)
    with pytest.raises(
        ParameterError,
        match=r"'n_components' parameter of marker_components must be an integer from 1 to 12",
    ):
        marker_components(ds, n_components=13)
    with pytest.raises(
        ParameterError, match=r"The 'rotation' parameter of marker_components must be one of"
    ):
        marker_components(ds, rotation="promax")
    with pytest.raises(
        ParameterError,
        match=r"needs more projects with every marker scored than markers \(12\); only 10",
    ):
        marker_components(_profiles_dataset(5, n=10))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        marker_components(ds, n_components=2, method="factor")
