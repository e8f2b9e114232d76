"""MarkerTypology: hand-checked toy data, planted typologies, determinism, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clustering_planted import MARKERS, planted_dataset
from sklearn.metrics import adjusted_rand_score

from amiris_lab.clustering import MarkerTypology, ProfileScaler, project_profiles
from amiris_lab.data.dataset import MarkerDataset
from amiris_lab.exceptions import ParameterError


@pytest.fixture(scope="module")
def toy() -> pd.DataFrame:
    """Six projects, two obvious groups: P1-P3 score high everywhere, P4-P6 low."""
    rows = {
        "P1": [3, 3, 3, 2, 3, 3, 3, 3, 2, 3, 3, 3],
        "P2": [3, 2, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3],
        "P3": [2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3],
        "P4": [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0],
        "P5": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0],
        "P6": [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=MARKERS).astype(float)
    frame.index.name = "project_id"
    return frame


@pytest.fixture(scope="module")
def planted():
    return planted_dataset(n_types=3, seed=0)


@pytest.mark.parametrize("method", ["kmeans", "ward", "gmm"])
def test_toy_labels_checked_by_hand(toy, method):
    typology = MarkerTypology(method, n_clusters=2, random_state=0).fit(toy)
    # cluster 0 is the higher profile (documented numbering)
    assert typology.labels_.to_dict() == {"P1": 0, "P2": 0, "P3": 0, "P4": 1, "P5": 1, "P6": 1}
    # profiles in scale units, computed by hand: P1-P3 have 33/36 threes... per marker means
    assert typology.profiles_.loc[0, "M01"] == pytest.approx((3 + 3 + 2) / 3)
    assert typology.profiles_.loc[1, "M02"] == pytest.approx((1 + 0 + 0) / 3)
    assert list(typology.profiles_.columns) == MARKERS
    assert typology.n_clusters_ == 2


def test_toy_auto_finds_two_groups(toy):
    typology = MarkerTypology("ward", k_range=(2, 4)).fit(toy)
    assert typology.n_clusters_ == 2
    assert typology.scores_["k"].tolist() == [2, 3, 4]
    assert typology.scores_["chosen"].tolist() == [True, False, False]


@pytest.mark.parametrize("method", ["kmeans", "ward", "gmm"])
@pytest.mark.parametrize("source", ["consensus", "individual_mean"])
def test_planted_typology_recovered_and_counted(planted, method, source):
    dataset, truth = planted
    typology = MarkerTypology(method, source=source, random_state=0).fit(dataset)
    assert typology.n_clusters_ == 3
    assert adjusted_rand_score(truth.loc[typology.labels_.index], typology.labels_) >= 0.9
    scores = typology.scores_
    assert scores["k"].tolist() == list(range(2, 9))
    if method == "gmm":
        assert scores.loc[scores["chosen"], "bic"].item() == scores["bic"].min()
    else:
        assert scores.loc[scores["chosen"], "silhouette"].item() == scores["silhouette"].max()


def test_four_planted_types_found_with_ordinal_scaling():
    dataset, truth = planted_dataset(n_types=4, per_type=25, seed=3)
    typology = MarkerTypology("kmeans", standardise="ridit", random_state=1).fit(dataset)
    assert typology.n_clusters_ == 4
    assert adjusted_rand_score(truth.loc[typology.labels_.index], typology.labels_) >= 0.9


@pytest.mark.parametrize("method", ["kmeans", "gmm"])
def test_same_random_state_same_result(method):
    dataset, _ = planted_dataset(n_types=3, separation=0.8, noise=0.8, seed=5)
    first = MarkerTypology(method, random_state=7, source="individual_mean").fit(dataset)
    second = MarkerTypology(method, random_state=7, source="individual_mean").fit(dataset)
    pd.testing.assert_series_equal(first.labels_, second.labels_)
    pd.testing.assert_frame_equal(first.scores_, second.scores_)
    pd.testing.assert_frame_equal(first.profiles_, second.profiles_)


def test_predict_on_training_profiles_gives_labels(planted):
    dataset, _ = planted
    typology = MarkerTypology("kmeans", n_clusters=3, random_state=0).fit(dataset)
    pd.testing.assert_series_equal(typology.predict(dataset), typology.labels_)


def test_estimator_contract(toy):
    typology = MarkerTypology("ward", n_clusters=2)
    assert not hasattr(typology, "labels_")
    assert typology.fit(toy) is typology
    assert typology.get_params()["method"] == "ward"
    assert typology.set_params(n_clusters=3).n_clusters == 3
    assert "method='ward'" in repr(typology)


def test_ridit_scaling_by_hand():
    # marker values 0, 0, 1, 3: ridit(0) = 0 + 2/4 / 2 = 0.25, ridit(1) = 2/4 + 1/8 = 0.625,
    # ridit(3) = 3/4 + 1/8 = 0.875
    frame = pd.DataFrame({"M01": [0.0, 0.0, 1.0, 3.0]})
    assert ProfileScaler("ridit").fit_transform(frame)[:, 0].tolist() == [0.25, 0.25, 0.625, 0.875]
    z = ProfileScaler("zscore").fit_transform(frame)[:, 0]
    assert z.mean() == pytest.approx(0) and z.std(ddof=1) == pytest.approx(1)


def test_missing_marker_score_imputed_with_median():
    frame = pd.DataFrame(
        {"M01": [1.0, np.nan, 3.0, 2.0, np.nan], "M02": [np.nan, 1.0, np.nan, 0.0, np.nan]}
    )
    profiles = project_profiles(frame)  # the last project, never scored, is dropped
    assert profiles["M01"].tolist() == [1.0, 2.0, 3.0, 2.0]
    assert profiles["M02"].tolist() == [0.5, 1.0, 0.5, 0.0]


@pytest.mark.parametrize(
    ("options", "match"),
    [
        (
            {"method": "cubic"},
            r"The 'method' parameter of MarkerTypology must be one of "
            r"\{'kmeans', 'ward', 'gmm'\}. Got 'cubic' instead.",
        ),
        ({"standardise": "minmax"}, r"'standardise' parameter of MarkerTypology .* Got 'minmax'"),
        ({"source": "revise"}, r"'source' parameter of MarkerTypology .* Got 'revise'"),
        ({"n_clusters": "many"}, r"'n_clusters' parameter of MarkerTypology .* Got 'many'"),
        ({"n_clusters": 0}, r"between 1 and the number of projects \(6\). Got 0 instead"),
        ({"n_clusters": 2.5}, r"must be 'auto' or an integer. Got 2.5 instead"),
        ({"k_range": (1, 3)}, r"2 <= smallest <= largest. Got \(1, 3\) instead"),
        ({"k_range": "2-5"}, r"must be a pair of integers \(smallest, largest\). Got '2-5'"),
        ({"k_range": (6, 9)}, r"Only 6 projects: too few to try k from 6"),
    ],
)
def test_bad_options_raise_clear_errors(toy, options, match):
    with pytest.raises(ParameterError, match=match):
        MarkerTypology(**options).fit(toy)


def test_other_errors(toy):
    with pytest.raises(ParameterError, match=r"not fitted yet: call fit\(\) first"):
        MarkerTypology().predict(toy)
    with pytest.raises(ParameterError, match=r"at least 3 projects with scores; got 2"):
        MarkerTypology().fit(toy.iloc[:2])
    with pytest.raises(ParameterError, match=r"MarkerTypology has no parameter 'k'"):
        MarkerTypology().set_params(k=3)
    fitted = MarkerTypology(n_clusters=2, random_state=0).fit(toy)
    with pytest.raises(ParameterError, match=r"lack marker\(s\) M12"):
        fitted.predict(toy.drop(columns="M12"))
    with pytest.raises(ParameterError, match=r"expects a MarkerDataset or a projects x markers"):
        MarkerTypology().fit([[1, 2]])
    with pytest.raises(ParameterError, match=r"Marker\(s\) M02 have no score at all"):
        project_profiles(toy.assign(M02=np.nan))


def test_consensus_source_without_consensus_rows_says_what_to_do(planted):
    dataset, _ = planted
    scores = dataset.scores[dataset.scores["round"] == "individuel"]
    individual_only = MarkerDataset.from_frames(dataset.projects, dataset.raters, scores)
    with pytest.raises(
        ParameterError,
        match=r"no scores of round 'consensus'. Use "
        r"source='individual_mean'",
    ):
        MarkerTypology().fit(individual_only)


@pytest.mark.slow
@pytest.mark.parametrize("standardise", ["none", "ridit"])
def test_demo_typologies_recovered_by_mixture(standardise):
    from amiris_lab.data.demo import make_demo_dataset

    dataset, truth = make_demo_dataset(return_truth=True)
    truth = truth.set_index("project_id")["typology"]
    typology = MarkerTypology("gmm", standardise=standardise, random_state=0).fit(dataset)
    assert typology.n_clusters_ == truth.nunique() == 4
    assert adjusted_rand_score(truth.loc[typology.labels_.index], typology.labels_) >= 0.9
