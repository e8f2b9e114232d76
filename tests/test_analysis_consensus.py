"""From individual scores to consensus: a hand-checked panel, sklearn's kappa, the revise round."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_helpers import dataset_from_rows, random_dataset

from amiris_lab.analysis import consensus_kappa, consensus_movement, round_comparison
from amiris_lab.exceptions import ParameterError


def _hand_dataset():
    rows = []
    cases = {
        # members' scores, consensus
        "P1": ([1, 2, 2], 2),  # at the median, the majority's
        "P2": ([0, 1, 3], 0),  # below the median: toward the severe member (not outside: = min)
        "P3": ([1, 2], 3),  # above both middle scores and the maximum: lenient, outside
        "P4": ([2, 2, 3, 3], 3),  # upper middle score: at the median; no strict majority
    }
    for pid, (scores, consensus) in cases.items():
        for i, s in enumerate(scores):
            rows.append((pid, f"R{i + 1}", "individuel", "M01", s))
        rows.append((pid, "COMITE", "consensus", "M01", consensus))
    rows.append(("P5", "R1", "individuel", "M01", 2))  # no consensus: not counted
    return dataset_from_rows(rows)


def test_movement_hand_checked():
    table = consensus_movement(_hand_dataset())
    assert len(table) == 1
    row = table.iloc[0]
    assert row["marker"] == "M01"
    assert row[["n_projects", "n_scores"]].tolist() == [4, 12]
    assert row[["n_median", "n_severe", "n_lenient", "n_outside", "n_majority"]].tolist() == [
        2,
        1,
        1,
        1,
        1,
    ]
    # |score - consensus| summed: P1 1, P2 4, P3 3, P4 2 -> 10 over 12 scores
    assert row["mean_abs_gap"] == pytest.approx(10 / 12)
    # consensus - members' mean: 1/3, -4/3, 3/2, 1/2 -> mean 1/4
    assert row["mean_shift"] == pytest.approx(0.25)
    assert row["mean_individual"] == pytest.approx(22 / 12)
    assert row["mean_consensus"] == pytest.approx(2.0)
    assert row["share_median"] == pytest.approx(0.5)
    assert row["share_majority"] == pytest.approx(0.25)


def test_movement_counts_add_up_on_random_panels():
    ds = random_dataset(11)
    table = consensus_movement(ds)
    assert table["marker"].tolist() == ["M01", "M02", "M03"]
    assert (table["n_median"] + table["n_severe"] + table["n_lenient"] == table["n_projects"]).all()
    # brute force of the mean absolute gap
    s = ds.scores
    ind = s[(s["round"] == "individuel") & s["score"].notna()]
    con = s[s["round"] == "consensus"].set_index(["project_id", "marker"])["score"]
    for marker in ("M01", "M02", "M03"):
        part = ind[ind["marker"] == marker]
        gaps = [
            abs(float(r.score) - float(con[(r.project_id, r.marker)])) for r in part.itertuples()
        ]
        got = table.set_index("marker").loc[marker, "mean_abs_gap"]
        assert got == pytest.approx(np.mean(gaps))


def test_movement_from_revise_round_and_errors():
    ds = random_dataset(12)
    assert (
        consensus_movement(ds, from_round="revise")["mean_abs_gap"].mean()
        < consensus_movement(ds)["mean_abs_gap"].mean()
    )
    with pytest.raises(
        ParameterError, match=r"The 'from_round' parameter of consensus_movement must be one of"
    ):
        consensus_movement(ds, from_round="consensus")


def test_consensus_kappa_equals_sklearn_on_pooled_pairs():
    pytest.importorskip("amiris_lab.agreement")
    from sklearn.metrics import cohen_kappa_score

    ds = random_dataset(13)
    table = consensus_kappa(ds)
    assert list(table.columns) == [
        "rater_id",
        "college",
        "kappa",
        "se",
        "ci_low",
        "ci_high",
        "n_scores",
    ]
    s = ds.scores
    ind = s[(s["round"] == "individuel") & s["score"].notna()]
    con = s[s["round"] == "consensus"].set_index(["project_id", "marker"])["score"]
    for row in table.itertuples():
        part = ind[ind["rater_id"] == row.rater_id]
        a = part["score"].astype(int).to_numpy()
        b = np.array([int(con[(r.project_id, r.marker)]) for r in part.itertuples()])
        expected = cohen_kappa_score(a, b, weights="quadratic", labels=[0, 1, 2, 3])
        assert row.kappa == pytest.approx(expected, abs=1e-9)
        assert row.n_scores == len(a)


def test_consensus_kappa_per_marker_and_errors():
    pytest.importorskip("amiris_lab.agreement")
    table = consensus_kappa(random_dataset(14), per_marker=True, weights=None)
    assert list(table.columns[:2]) == ["marker", "rater_id"]
    assert list(dict.fromkeys(table["marker"])) == ["M01", "M02", "M03"]
    with pytest.raises(
        ParameterError, match=r"The 'weights' parameter of consensus_kappa must be one of"
    ):
        consensus_kappa(random_dataset(14), weights="cubic")


def test_round_comparison_alpha_per_round_on_common_projects():
    krippendorff = pytest.importorskip("krippendorff")
    pytest.importorskip("amiris_lab.agreement")
    ds = random_dataset(15)
    table = round_comparison(ds, n_boot=200, seed=3)
    assert list(table.columns) == [
        "marker",
        "round",
        "value",
        "ci_low",
        "ci_high",
        "n_units",
        "n_raters",
        "change",
        "change_low",
        "change_high",
    ]
    for row in table.itertuples():
        ratings = ds.ratings(row.marker, round=row.round)
        other = ds.ratings(
            row.marker, round="revise" if row.round == "individuel" else "individuel"
        )
        both = (ratings.notna().sum(axis=1) >= 2) & (other.notna().sum(axis=1) >= 2).reindex(
            ratings.index, fill_value=False
        )
        ratings = ratings[both]
        assert row.n_units == len(ratings)
        expected = krippendorff.alpha(
            ratings.T.to_numpy(), level_of_measurement="ordinal", value_domain=[0, 1, 2, 3]
        )
        assert row.value == pytest.approx(expected, abs=1e-9)
        assert row.ci_low <= row.value <= row.ci_high
    first = table[table["round"] == "individuel"].set_index("marker")["value"]
    second = table[table["round"] == "revise"].set_index("marker")
    assert second["change"].to_numpy() == pytest.approx((second["value"] - first).to_numpy())
    # the revise round is built closer to the latent level: agreement rises
    assert (second["change"] > 0).all()
    assert (second["change_low"] <= second["change"]).all() and (
        second["change"] <= second["change_high"]
    ).all()
    assert table.loc[table["round"] == "individuel", "change_low"].isna().all()
    assert round_comparison(ds, n_boot=200, seed=3).equals(table)


def test_round_comparison_change_interval_is_paired():
    pytest.importorskip("amiris_lab.agreement")
    ds = random_dataset(16)
    # a revise round identical to the individual one: a paired interval is exactly [0, 0]
    scores = ds.scores.copy()
    revise = scores["round"] == "revise"
    same = scores[scores["round"] == "individuel"].assign(round="revise")
    from dataclasses import replace

    import pandas as pd

    scores = pd.concat([scores[~revise], same], ignore_index=True)
    scores["round"] = pd.Categorical(
        scores["round"].astype(str), categories=["individuel", "revise", "consensus"], ordered=True
    )
    table = round_comparison(replace(ds, scores=scores), n_boot=100, seed=2)
    second = table[table["round"] == "revise"]
    assert second[["change", "change_low", "change_high"]].to_numpy() == pytest.approx(
        0.0, abs=1e-12
    )


def test_round_comparison_errors():
    rows = [("P1", "R1", "individuel", "M01", 1), ("P1", "R2", "individuel", "M01", 2)]
    with pytest.raises(ParameterError, match=r"no individual score in round 'revise'"):
        round_comparison(dataset_from_rows(rows))
    with pytest.raises(
        ParameterError, match=r"'rounds' parameter of round_comparison must hold two round names"
    ):
        round_comparison(dataset_from_rows(rows), rounds=("individuel",))
    with pytest.raises(
        ParameterError, match=r"The 'rounds' parameter of round_comparison must be one of"
    ):
        round_comparison(dataset_from_rows(rows), rounds=("individuel", "second"))
