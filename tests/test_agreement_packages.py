"""Our coefficients against established packages on the same seeded random data, to 1e-9.

Peers (test-only dependencies): ``krippendorff`` (fast-krippendorff),
``pingouin.intraclass_corr``, ``statsmodels.stats.inter_rater`` and
``sklearn.metrics.cohen_kappa_score``. Data: units x raters, scores 1-5, with
missing ratings (statsmodels' ``fleiss_kappa`` needs complete data).
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats import inter_rater

from amiris_lab.agreement import (
    bootstrap_alpha,
    cohen_kappa,
    fleiss_kappa,
    icc,
    kendall_w,
    krippendorff_alpha,
    pairwise_kappa,
)

TOL = 1e-9


def random_ratings(seed: int, *, units=40, raters=6, missing=0.2, correlated=True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if correlated:  # some agreement, as in a committee
        truth = rng.integers(1, 6, size=(units, 1))
        data = np.clip(truth + rng.integers(-1, 2, size=(units, raters)), 1, 5).astype(float)
    else:
        data = rng.integers(1, 6, size=(units, raters)).astype(float)
    data[rng.random(data.shape) < missing] = np.nan
    return data


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_equals_krippendorff_package(seed, level):
    data = random_ratings(seed, correlated=seed != 2)
    ours = krippendorff_alpha(data, level=level)
    theirs = krippendorff.alpha(reliability_data=data.T, level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=TOL)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_with_declared_scale_equals_value_domain(level):
    data = random_ratings(3, units=25, raters=4, missing=0.3)
    data[data == 3] = 4  # category 3 unused
    ours = krippendorff_alpha(data, level=level, categories=[1, 2, 3, 4, 5])
    theirs = krippendorff.alpha(
        reliability_data=data.T, level_of_measurement=level, value_domain=[1, 2, 3, 4, 5]
    )
    assert ours == pytest.approx(theirs, abs=TOL)


def test_bootstrap_resamples_equal_direct_alpha_on_each_resample():
    """The matrix product gives, resample by resample, what the package gives on it."""
    from amiris_lab.agreement.bootstrap import _resample_counts, _weighted_alphas
    from amiris_lab.agreement.krippendorff import _pairable_counts, _unit_coincidences

    data = random_ratings(4, units=30, raters=5)
    for level in ("ordinal", "nominal", "interval", "ratio"):
        cats, counts = _pairable_counts(data, categories=None, func="t")
        pairable = data[(~np.isnan(data)).sum(axis=1) >= 2]
        contributions = _unit_coincidences(counts).reshape(len(counts), -1)
        weights = _resample_counts(np.random.default_rng(5), 20, len(counts))
        ours = _weighted_alphas(weights, contributions, cats, level)
        for row, alpha in zip(weights.astype(int), ours, strict=True):
            resample = np.repeat(pairable, row, axis=0)
            theirs = krippendorff.alpha(
                reliability_data=resample.T, level_of_measurement=level, value_domain=cats
            )
            assert alpha == pytest.approx(theirs, abs=TOL)


def test_bootstrap_jackknife_equals_leave_one_out():
    from amiris_lab.agreement.bootstrap import _jackknife
    from amiris_lab.agreement.krippendorff import _pairable_counts, _unit_coincidences

    data = random_ratings(6, units=15, raters=4, missing=0.1)
    cats, counts = _pairable_counts(data, categories=None, func="t")
    pairable = data[(~np.isnan(data)).sum(axis=1) >= 2]
    contributions = _unit_coincidences(counts).reshape(len(counts), -1)
    jack = _jackknife(contributions, cats, "ordinal")
    for u in range(len(pairable)):
        rest = np.delete(pairable, u, axis=0)
        theirs = krippendorff.alpha(reliability_data=rest.T, level_of_measurement="ordinal")
        assert jack[u] == pytest.approx(theirs, abs=TOL)


def test_bootstrap_percentile_interval_is_numpy_quantile_of_samples():
    boot = bootstrap_alpha(random_ratings(7), n_boot=300, seed=3)
    valid = boot.samples[~np.isnan(boot.samples)]
    np.testing.assert_allclose(
        [boot.ci_low, boot.ci_high], np.quantile(valid, [0.025, 0.975]), atol=TOL
    )
    assert boot.se == pytest.approx(valid.std(ddof=1))
    assert boot.p_below[0.8] == pytest.approx((valid < 0.8).mean())
    assert boot.value == pytest.approx(krippendorff_alpha(random_ratings(7)), abs=TOL)


def test_bootstrap_bca_equals_scipy_on_the_same_resamples():
    """scipy.stats.bootstrap (BCa) drawing the same unit indices gives the same bounds."""
    from scipy import stats

    data = random_ratings(8, units=25, raters=4, missing=0.0)
    boot = bootstrap_alpha(data, n_boot=400, seed=11)

    def statistic(index, axis=-1):
        index = np.atleast_2d(index).astype(int)
        return np.array(
            [
                krippendorff.alpha(reliability_data=data[i].T, level_of_measurement="ordinal")
                for i in index
            ]
        )

    # replay our resamples: the units each one drew (same seed), as index lists
    from amiris_lab.agreement.bootstrap import _resample_counts

    counts = _resample_counts(np.random.default_rng(11), 400, 25).astype(int)
    draws = np.array([np.repeat(np.arange(25), row) for row in counts])
    samples = statistic(draws)
    np.testing.assert_allclose(np.sort(samples), np.sort(boot.samples), atol=TOL)
    res = stats.bootstrap(
        (np.arange(25),),
        statistic,
        n_resamples=0,
        bootstrap_result=type("R", (), {"bootstrap_distribution": samples})(),
        method="BCa",
        vectorized=True,
        confidence_level=0.95,
    )
    assert boot.bca_low == pytest.approx(res.confidence_interval.low, abs=1e-9)
    assert boot.bca_high == pytest.approx(res.confidence_interval.high, abs=1e-9)


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside pingouin, with pandas 3
@pytest.mark.parametrize("seed", [0, 1])
def test_icc_equals_pingouin(seed):
    data = random_ratings(seed, units=30, raters=5, missing=0.05)
    with pytest.warns(UserWarning, match="complete units only"):
        ours = icc(data)
    long = pd.DataFrame(data).rename_axis("unit").reset_index()
    long = long.melt(id_vars="unit", var_name="rater", value_name="score")
    rounding = pg.options["round.column.CI95"]
    pg.options["round.column.CI95"] = None  # pingouin rounds its CI to 2 decimals by default
    try:
        theirs = pg.intraclass_corr(long, "unit", "rater", "score", nan_policy="omit")
    finally:
        pg.options["round.column.CI95"] = rounding
    for col_ours, col_theirs in [("value", "ICC"), ("F", "F"), ("df1", "df1"), ("df2", "df2")]:
        np.testing.assert_allclose(ours[col_ours], theirs[col_theirs], atol=TOL)
    np.testing.assert_allclose(ours["pval"], theirs["pval"], atol=TOL)
    ci = np.vstack(theirs["CI95"].to_numpy())
    np.testing.assert_allclose(ours[["ci_low", "ci_high"]], ci, atol=TOL)
    assert (ours["n_units"] == (~np.isnan(data).any(axis=1)).sum()).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fleiss_equals_statsmodels_on_complete_data(seed):
    data = random_ratings(seed, units=50, raters=7, missing=0.0, correlated=seed != 2)
    table, _ = inter_rater.aggregate_raters(data.astype(int))
    assert fleiss_kappa(data).value == pytest.approx(inter_rater.fleiss_kappa(table), abs=TOL)


def _contingency(a, b, cats):
    table = np.zeros((len(cats), len(cats)))
    for x, y in zip(a, b, strict=True):
        table[cats.index(x), cats.index(y)] += 1
    return table


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_equals_statsmodels_and_sklearn(seed, weights):
    data = random_ratings(seed, units=60, raters=2, missing=0.15)
    a, b = data[:, 0], data[:, 1]
    ours = cohen_kappa(a, b, weights=weights)
    both = ~np.isnan(a) & ~np.isnan(b)
    assert ours.n_units == both.sum()
    theirs = cohen_kappa_score(a[both].astype(int), b[both].astype(int), weights=weights)
    assert ours.value == pytest.approx(theirs, abs=TOL)
    cats = sorted(set(a[both]) | set(b[both]))
    res = inter_rater.cohens_kappa(_contingency(a[both], b[both], cats), wt=weights)
    assert ours.value == pytest.approx(res.kappa, abs=TOL)
    assert ours.se == pytest.approx(res.std_kappa, abs=TOL)
    assert (ours.ci_low, ours.ci_high) == (
        pytest.approx(res.kappa_low, abs=TOL),
        pytest.approx(res.kappa_upp, abs=TOL),
    )


def test_pairwise_kappa_equals_sklearn_per_pair():
    data = random_ratings(9, units=40, raters=4, missing=0.2)
    frame = pd.DataFrame(data, columns=["R1", "R2", "R3", "R4"])
    table = pairwise_kappa(frame, weights="quadratic")
    assert list(table.index) == list(table.columns) == ["R1", "R2", "R3", "R4"]
    labels = np.unique(data[~np.isnan(data)])
    for i in range(4):
        for j in range(4):
            if i == j:
                assert table.iloc[i, j] == 1.0
                continue
            both = ~np.isnan(data[:, i]) & ~np.isnan(data[:, j])
            theirs = cohen_kappa_score(
                data[both, i], data[both, j], labels=labels, weights="quadratic"
            )
            assert table.iloc[i, j] == pytest.approx(theirs, abs=TOL)


def test_pairwise_kappa_nan_when_fewer_than_two_shared_units():
    data = np.array([[1, np.nan, 1], [2, np.nan, 2], [3, 3, np.nan], [1, np.nan, 2]], dtype=float)
    with pytest.warns(Warning, match=r"undefined for 2 pair\(s\)"):
        table = pairwise_kappa(data)
    assert np.isnan(table.iloc[0, 1]) and np.isnan(table.iloc[1, 2])
    assert np.isfinite(table.iloc[0, 2])


def test_kendall_w_equals_friedman_chi2():
    """W = chi2_Friedman / (m (n - 1)) with the tie correction (scipy's friedmanchisquare)."""
    from scipy import stats

    data = random_ratings(10, units=12, raters=5, missing=0.0)
    result = kendall_w(data)
    chi2, pval = stats.friedmanchisquare(*data)  # units are the "treatments" ranked by raters
    assert result.chi2 == pytest.approx(chi2, abs=TOL)
    assert result.pval == pytest.approx(pval, abs=TOL)
    assert result.value == pytest.approx(chi2 / (5 * 11), abs=TOL)


def test_no_warning_on_ordinary_data():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        krippendorff_alpha(random_ratings(0))
        fleiss_kappa(random_ratings(0))
