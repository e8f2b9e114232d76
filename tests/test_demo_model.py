"""make_demo_dataset: determinism and the properties its docstring promises.

The statistics used to check the planted structure come from established
packages run on the generated data (krippendorff for alpha, scikit-learn for
k-means and the adjusted Rand index), not from amiris_lab's own statistics.
"""

from __future__ import annotations

import re

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from amiris_lab.data.demo import COLLEGE_SEVERITY, MARKER_NOISE, TYPOLOGIES, make_demo_dataset
from amiris_lab.definitions import CONSENSUS_RATER, VOCABULARIES
from amiris_lab.exceptions import ParameterError


@pytest.fixture(scope="module")
def demo():
    return make_demo_dataset(return_truth=True)


def _frames_equal(a, b):
    for name in ("projects", "raters", "scores"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_same_seed_same_dataset_and_another_seed_another(demo):
    again = make_demo_dataset()
    _frames_equal(demo[0], again)
    assert again.fingerprint == demo[0].fingerprint
    other = make_demo_dataset(seed=7)
    assert other.fingerprint != demo[0].fingerprint


@pytest.mark.parametrize("seed", [20240601, 1, 2, 3])
def test_projects_per_year_within_60_and_120(seed):
    ds = make_demo_dataset(seed=seed)
    counts = ds.projects.groupby("year").size()
    assert list(counts.index) == [2016, 2017, 2018, 2019]
    assert counts.between(60, 120).all()


def test_ids_are_pseudonyms_and_values_belong_to_the_vocabularies(demo):
    ds = demo[0]
    assert all(re.fullmatch(r"P(\d{4})-\d{3}", p) for p in ds.projects["project_id"])
    years = ds.projects["project_id"].str.slice(1, 5).astype(int)
    assert (years == ds.projects["year"]).all()
    assert list(ds.raters["rater_id"]) == [f"R{i:02d}" for i in range(1, 16)]
    for column in ("department", "legal_form", "stage", "decision"):
        assert set(ds.projects[column].astype(str)) <= set(VOCABULARIES[column])
    assert set(ds.raters["college"].astype(str)) == set(VOCABULARIES["college"])
    assert ds.projects["project_id"].is_unique


def test_rater_pool_of_15_in_4_colleges_and_committees_of_5_to_8(demo):
    ds = demo[0]
    assert len(ds.raters) == 15
    assert ds.raters["college"].nunique() == 4
    ind = ds.scores[ds.scores["round"] == "individuel"]
    members = ind.groupby("project_id", observed=True)["rater_id"].nunique()
    assert len(members) == len(ds.projects)
    assert members.min() >= 5 and members.max() <= 8
    assert set(members) == {5, 6, 7, 8}
    college = ind.merge(ds.raters, on="rater_id")
    assert (college.groupby("project_id", observed=True)["college"].nunique() == 4).all()


def test_consensus_is_by_comite_only_once_per_project_and_marker(demo):
    s = demo[0].scores
    consensus = s[s["round"] == "consensus"]
    assert set(consensus["rater_id"].astype(str)) == {CONSENSUS_RATER}
    assert set(s.loc[s["rater_id"] == CONSENSUS_RATER, "round"].astype(str)) == {"consensus"}
    assert len(consensus) == len(demo[0].projects) * 12
    assert not consensus.duplicated(["project_id", "marker"]).any()
    assert consensus["score"].notna().all()


def test_about_five_percent_of_individual_scores_are_missing_not_zero(demo):
    s = demo[0].scores
    ind = s.loc[s["round"] == "individuel", "score"]
    assert 0.035 < ind.isna().mean() < 0.065
    assert set(ind.dropna().astype(int)) == {0, 1, 2, 3}


def test_revised_round_for_some_projects_and_closer_to_the_committee(demo):
    s = demo[0].scores
    revised = s.loc[s["round"] == "revise", "project_id"].astype(str).unique()
    share = len(revised) / len(demo[0].projects)
    assert 0.15 < share < 0.35
    sub = s[s["project_id"].astype(str).isin(revised) & (s["round"] != "consensus")]
    spread = (
        sub.assign(score=sub["score"].astype(float))
        .groupby(["round", "project_id", "marker"], observed=True)["score"]
        .std()
    )
    assert spread.loc["revise"].mean() < spread.loc["individuel"].mean()


def test_alpha_differs_between_markers(demo):
    """Krippendorff's ordinal alpha (krippendorff package) spans about 0.4 to 0.8."""
    ds = demo[0]
    alphas = {
        m: krippendorff.alpha(
            reliability_data=ds.ratings(m).T.to_numpy(), level_of_measurement="ordinal"
        )
        for m in ds.marker_codes
    }
    assert min(alphas.values()) < 0.45
    assert max(alphas.values()) > 0.75
    # the noisiest marker of the model is among the least reliable, the cleanest among the best
    ranked = sorted(alphas, key=alphas.get)
    assert max(MARKER_NOISE, key=MARKER_NOISE.get) in ranked[:3]
    assert min(MARKER_NOISE, key=MARKER_NOISE.get) in ranked[-3:]


def test_colleges_differ_in_severity(demo):
    ds = demo[0]
    ind = ds.scores[ds.scores["round"] == "individuel"].merge(ds.raters, on="rater_id")
    means = (
        ind.assign(score=ind["score"].astype(float))
        .groupby("college", observed=True)["score"]
        .mean()
    )
    assert means.idxmax() == min(COLLEGE_SEVERITY, key=COLLEGE_SEVERITY.get)
    assert means.idxmin() == max(COLLEGE_SEVERITY, key=COLLEGE_SEVERITY.get)
    assert means.max() - means.min() > 0.3


def test_kmeans_recovers_the_planted_typologies(demo):
    ds, truth = demo
    profiles = ds.profiles()
    labels = KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(profiles.to_numpy())
    planted = truth.set_index("project_id").loc[profiles.index, "typology"]
    assert adjusted_rand_score(planted, labels) > 0.7


def test_consensus_follows_individual_scores_with_a_deliberation_effect(demo):
    ds = demo[0]
    individual = ds.profiles(round="individuel")
    consensus = ds.profiles(round="consensus")
    r = np.corrcoef(individual.to_numpy().ravel(), consensus.to_numpy().ravel())[0, 1]
    assert r > 0.7
    assert consensus.to_numpy().mean() > individual.to_numpy().mean()


def test_decision_is_linked_to_the_consensus_level(demo):
    ds = demo[0]
    level = ds.profiles().mean(axis=1)
    decision = ds.projects.set_index("project_id")["decision"].astype(str)
    by = level.groupby(decision.loc[level.index]).mean()
    assert by["labellise"] > by["ajourne"] > by["non_labellise"]
    assert set(decision) == {"labellise", "ajourne", "non_labellise"}


def test_nord_and_pas_de_calais_are_the_largest_departments(demo):
    counts = demo[0].projects["department"].astype(str).value_counts()
    assert set(counts.index[:2]) == {"59", "62"}
    assert demo[0].projects["legal_form"].astype(str).value_counts().index[0] == "association"


def test_truth_table(demo):
    ds, truth = demo
    assert list(truth.columns[:5]) == [
        "project_id",
        "year",
        "typology",
        "typology_label",
        "quality",
    ]
    assert [c for c in truth.columns if c.startswith("latent_")] == [
        f"latent_{m}" for m in ds.marker_codes
    ]
    assert list(truth["project_id"]) == list(ds.projects["project_id"])
    assert set(truth["typology"]) == set(TYPOLOGIES)


def test_options_change_the_data_as_documented():
    ds = make_demo_dataset(
        years=[2020], projects_per_year=(10, 10), missing_rate=0.0, revise_share=0.0
    )
    assert ds.years == [2020] and len(ds.projects) == 10
    assert ds.scores["score"].notna().all()
    assert "revise" not in set(ds.scores["round"].astype(str))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"seed": -1},
            r"The 'seed' parameter of make_demo_dataset must be a non-negative integer\. Got -1",
        ),
        ({"seed": "a"}, r"'seed' parameter .* Got 'a' instead"),
        (
            {"years": "abc"},
            r"The 'years' parameter of make_demo_dataset must be a sequence of years\. Got 'abc'",
        ),
        ({"years": []}, r"must hold distinct four-digit years\. Got \(\) instead"),
        ({"years": [2019, 2019]}, r"must hold distinct four-digit years\. Got \(2019, 2019\)"),
        ({"years": [19]}, r"must hold distinct four-digit years"),
        (
            {"projects_per_year": (5, 2)},
            r"The 'projects_per_year' parameter of make_demo_dataset must be a pair \(low, high\)",
        ),
        ({"projects_per_year": 80}, r"'projects_per_year' parameter .* Got 80 instead"),
        (
            {"missing_rate": 1.0},
            r"The 'missing_rate' parameter of make_demo_dataset must be a number in \[0, 1\)\. Got 1\.0",
        ),
        ({"revise_share": -0.1}, r"The 'revise_share' parameter .* Got -0\.1 instead"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(options, message):
    with pytest.raises(ParameterError, match=message):
        make_demo_dataset(**options)
