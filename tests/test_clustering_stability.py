"""typology_stability: stable when separated, falls as rating noise rises, deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_planted import planted_dataset

from amiris_lab.clustering import MarkerTypology, typology_stability
from amiris_lab.clustering.stability import _best_jaccard
from amiris_lab.exceptions import ParameterError


def _stability(noise: float, resample: str = "raters", source: str = "individual_mean"):
    dataset, _ = planted_dataset(n_types=3, separation=1.0, noise=noise, seed=1)
    typology = MarkerTypology(n_clusters=3, source=source, random_state=0)
    return typology_stability(
        dataset, typology, n_boot=15, resample=resample, random_state=0, progress=False
    )


def test_stability_falls_as_rating_noise_rises():
    low, mid, high = (_stability(noise) for noise in (0.3, 1.0, 2.0))
    assert low.mean_ari > mid.mean_ari > high.mean_ari
    assert low.mean_ari >= 0.9
    assert high.mean_ari < 0.6
    assert (low.summary["mean_jaccard"] >= 0.75).all()
    assert low.summary["reading"].eq("stable").all()
    assert (high.summary["mean_jaccard"] < 0.75).all()


def test_consensus_typology_also_feels_rating_noise():
    low, high = (_stability(noise, source="consensus") for noise in (0.3, 2.0))
    assert low.mean_ari > high.mean_ari


@pytest.mark.parametrize("resample", ["projects", "both"])
def test_project_bootstrap_runs_and_is_deterministic(resample):
    first, second = _stability(0.5, resample), _stability(0.5, resample)
    pd.testing.assert_series_equal(first.ari, second.ari)
    pd.testing.assert_frame_equal(first.jaccard, second.jaccard)
    assert first.n_boot == 15 and first.resample == resample
    assert list(first.summary.columns) == [
        "cluster",
        "size",
        "mean_jaccard",
        "median_jaccard",
        "dissolved",
        "recovered",
        "reading",
    ]
    assert first.summary["size"].sum() == 90


def test_best_jaccard_by_hand():
    # reference {0,1,2} {3,4}; replicate {0,1} {2,3,4}
    # cluster 0 vs {0,1}: 2/3; cluster 1 vs {2,3,4}: 2/3
    reference = np.array([0, 0, 0, 1, 1])
    replicate = np.array([5, 5, 7, 7, 7])
    assert _best_jaccard(reference, replicate, 2).tolist() == pytest.approx([2 / 3, 2 / 3])
    # a cluster not drawn at all gives NaN
    assert np.isnan(_best_jaccard(np.array([0, 0]), np.array([1, 1]), 2)[1])


def test_readings_in_english():
    result = typology_stability(
        planted_dataset(seed=2)[0],
        MarkerTypology(n_clusters=3, random_state=0),
        n_boot=5,
        random_state=0,
        progress=False,
        lang="en",
    )
    assert set(result.summary["reading"]) <= {"stable", "interpret with care", "not to be trusted"}


def test_stability_errors():
    dataset, _ = planted_dataset(seed=2)
    typology = MarkerTypology(n_clusters=3, random_state=0)
    with pytest.raises(
        ParameterError,
        match=r"'resample' parameter of typology_stability must "
        r"be one of \{'projects', 'raters', 'both'\}. Got 'units' instead.",
    ):
        typology_stability(dataset, typology, resample="units")
    with pytest.raises(ParameterError, match=r"'n_boot' .* positive integer. Got 0 instead"):
        typology_stability(dataset, typology, n_boot=0)
    with pytest.raises(ParameterError, match=r"expects a MarkerTypology; got str"):
        typology_stability(dataset, "kmeans")
    profiles = dataset.profiles()
    with pytest.raises(ParameterError, match=r"needs a MarkerDataset, not a profile table"):
        typology_stability(profiles, typology, resample="raters")
