"""MarkerDataset: the views the statistics rely on, checked on a hand-made dataset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amiris_lab.data.dataset import MarkerDataset
from amiris_lab.exceptions import ParameterError


@pytest.fixture
def tiny() -> MarkerDataset:
    projects = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3"],
            "year": [2018, 2019, 2019],
            "department": ["02", "59", "62"],
            "legal_form": ["association", "scop", "sas"],
            "stage": ["emergence", "essaimage", "experimentation"],
            "sector": ["alimentation", "mobilite", "habitat"],
            "decision": ["labellise", "non_labellise", "labellise"],
        }
    )
    raters = pd.DataFrame({"rater_id": ["R1", "R2"], "college": ["expert", "financeur_public"]})
    rows = [
        ("P1", "R1", "individuel", "M01", 1),
        ("P1", "R2", "individuel", "M01", 2),
        ("P2", "R1", "individuel", "M01", 3),
        ("P2", "R2", "individuel", "M01", None),
        ("P3", "R2", "individuel", "M01", 0),
        ("P1", "R1", "individuel", "M02", 2),
        ("P1", "COMITE", "consensus", "M01", 2),
        ("P2", "COMITE", "consensus", "M01", 3),
        ("P1", "COMITE", "consensus", "M02", 1),
    ]
    scores = pd.DataFrame(rows, columns=["project_id", "rater_id", "round", "marker", "score"])
    return MarkerDataset.from_frames(projects, raters, scores)


def test_ratings_is_units_by_raters_with_nan_for_not_scored(tiny):
    wide = tiny.ratings("M01")
    assert list(wide.index) == ["P1", "P2", "P3"]
    assert list(wide.columns) == ["R1", "R2"]
    assert wide.loc["P1"].tolist() == [1.0, 2.0]
    assert wide.loc["P2", "R1"] == 3.0 and np.isnan(wide.loc["P2", "R2"])
    assert np.isnan(wide.loc["P3", "R1"]) and wide.loc["P3", "R2"] == 0.0


def test_a_zero_score_is_kept_and_a_missing_score_is_not_zero(tiny):
    assert tiny.scores["score"].isna().sum() == 1
    assert (tiny.scores["score"] == 0).sum() == 1


def test_ratings_by_year(tiny):
    assert list(tiny.ratings("M01", year=2019).index) == ["P2", "P3"]


def test_profiles_consensus_and_mean(tiny):
    consensus = tiny.profiles()
    assert consensus.loc["P1", "M01"] == 2 and consensus.loc["P1", "M02"] == 1
    assert list(consensus.columns) == [f"M{i:02d}" for i in range(1, 13)]
    mean = tiny.profiles(round="individuel")
    assert mean.loc["P1", "M01"] == 1.5 and mean.loc["P2", "M01"] == 3.0


def test_filter_by_college_keeps_the_consensus_rows(tiny):
    experts = tiny.filter(college="expert")
    assert set(experts.scores["rater_id"].astype(str)) == {"R1", "COMITE"}
    assert list(experts.raters["rater_id"]) == ["R1"]


def test_filter_by_year_and_decision(tiny):
    sub = tiny.filter(year=2019, decision="labellise")
    assert list(sub.projects["project_id"]) == ["P3"]
    assert set(sub.scores["project_id"].astype(str)) == {"P3"}


def test_fingerprint_ignores_row_order_and_changes_with_a_score(tiny):
    shuffled = MarkerDataset.from_frames(
        tiny.projects.iloc[::-1], tiny.raters.iloc[::-1], tiny.scores.iloc[::-1].astype(object)
    )
    assert shuffled.fingerprint == tiny.fingerprint
    changed = tiny.scores.astype(object).copy()
    changed.loc[0, "score"] = 3
    other = MarkerDataset.from_frames(tiny.projects, tiny.raters, changed)
    assert other.fingerprint != tiny.fingerprint


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: d.ratings("M13"), "Marqueur inconnu 'M13'"),
        (lambda d: d.ratings("M01", round="final"), "Le paramètre 'round' doit valoir l'un de"),
        (
            lambda d: d.ratings("M01", year=2030),
            "L'année 2030 n'est pas dans le jeu de données ; ses années sont 2018, 2019",
        ),
        (lambda d: d.profiles(aggregate="mode"), "Le paramètre 'aggregate' doit valoir"),
    ],
)
def test_errors_say_what_is_allowed(tiny, call, match):
    with pytest.raises(ParameterError, match=match):
        call(tiny)
