"""Rater severity and influence: hand-checked cases, brute force, statsmodels' clustered mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import dataset_from_rows, random_dataset

from amiris_lab.analysis import rater_influence, rater_severity
from amiris_lab.exceptions import ParameterError


def _lenient_rater_dataset():
    """R1 always scores one level above R2 and R3, who always agree."""
    rows = []
    for p, base in enumerate([0, 1, 2, 1, 0]):
        for m in ("M01", "M02"):
            b = (base + (m == "M02")) % 3
            rows += [
                (f"P{p}", "R1", "individuel", m, b + 1),
                (f"P{p}", "R2", "individuel", m, b),
                (f"P{p}", "R3", "individuel", m, b),
                (f"P{p}", "COMITE", "consensus", m, b),
            ]
    return dataset_from_rows(
        rows, colleges={"R1": "expert", "R2": "financeur_public", "R3": "financeur_public"}
    )


def test_a_rater_always_one_above_has_severity_plus_one():
    table = rater_severity(_lenient_rater_dataset()).set_index("rater_id")
    # R1: x + 1 - x = +1; R2 and R3: x - mean(x + 1, x) = -0.5, on every score
    assert table.loc["R1", "severity"] == pytest.approx(1.0)
    assert table.loc[["R2", "R3"], "severity"].tolist() == pytest.approx([-0.5, -0.5])
    assert table.loc["R1", ["ci_low", "ci_high"]].tolist() == pytest.approx([1.0, 1.0])
    assert table["n_scores"].tolist() == [10, 10, 10]
    assert table["n_projects"].tolist() == [5, 5, 5]
    assert table.loc["R1", "college"] == "expert"


def test_by_college_pools_members_against_everyone_else():
    table = rater_severity(_lenient_rater_dataset(), by="college").set_index("college")
    assert list(table.columns) == [
        "n_raters",
        "severity",
        "se",
        "ci_low",
        "ci_high",
        "n_scores",
        "n_projects",
    ]
    assert table.loc["expert", "severity"] == pytest.approx(1.0)
    assert table.loc["financeur_public", "severity"] == pytest.approx(-0.5)
    assert table.loc["financeur_public", "n_raters"] == 2
    assert table.loc["financeur_public", "n_scores"] == 20


def _brute_force_gaps(ds):
    s = ds.scores[(ds.scores["round"] == "individuel") & ds.scores["score"].notna()]
    s = s[s["rater_id"] != "COMITE"]
    out = []
    for (_, _), cell in s.groupby(["project_id", "marker"], observed=True):
        values = cell["score"].astype(float).tolist()
        if len(values) < 2:
            continue
        for i, row in enumerate(cell.itertuples()):
            others = values[:i] + values[i + 1 :]
            out.append(
                (
                    str(row.rater_id),
                    str(row.project_id),
                    str(row.marker),
                    values[i] - np.mean(others),
                )
            )
    return pd.DataFrame(out, columns=["rater_id", "project_id", "marker", "gap"])


def test_severity_equals_brute_force_and_statsmodels_clustered_interval():
    sm = pytest.importorskip("statsmodels.api")
    ds = random_dataset(3)
    table = rater_severity(ds, confidence=0.9).set_index("rater_id")
    gaps = _brute_force_gaps(ds)
    for rater, part in gaps.groupby("rater_id"):
        # reference: OLS on a constant with standard errors clustered by project
        # (statsmodels' small-sample factor G/(G-1) * (N-1)/(N-1), t with G-1 df)
        fit = sm.OLS(part["gap"].to_numpy(), np.ones(len(part))).fit(
            cov_type="cluster",
            cov_kwds={"groups": pd.factorize(part["project_id"])[0]},
            use_t=True,
        )
        low, high = fit.conf_int(alpha=0.1)[0]
        assert table.loc[rater, "severity"] == pytest.approx(part["gap"].mean(), abs=1e-12)
        assert table.loc[rater, "se"] == pytest.approx(fit.bse[0], rel=1e-9)
        assert table.loc[rater, ["ci_low", "ci_high"]].tolist() == pytest.approx(
            [low, high], rel=1e-9
        )
        assert table.loc[rater, "n_scores"] == len(part)
        assert table.loc[rater, "n_projects"] == part["project_id"].nunique()


def test_per_marker_rows_match_brute_force():
    ds = random_dataset(4)
    table = rater_severity(ds, per_marker=True)
    assert list(table.columns[:2]) == ["marker", "rater_id"]
    assert list(dict.fromkeys(table["marker"])) == ["M01", "M02", "M03"]
    expected = _brute_force_gaps(ds).groupby(["marker", "rater_id"])["gap"].mean()
    got = table.set_index(["marker", "rater_id"])["severity"]
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, rtol=1e-12
    )


def test_severity_uses_the_revise_round_when_asked():
    ds = random_dataset(5)
    assert not rater_severity(ds, round="revise")["severity"].equals(rater_severity(ds)["severity"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"by": "member"},
            r"The 'by' parameter of rater_severity must be one of \{'rater', 'college'\}. Got 'member'",
        ),
        ({"round": "final"}, r"The 'round' parameter of rater_severity must be one of"),
        (
            {"confidence": 95},
            r"'confidence' parameter of rater_severity must be a number strictly between 0 and 1",
        ),
    ],
)
def test_severity_errors(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        rater_severity(random_dataset(1), **kwargs)


def test_influence_equals_alpha_recomputed_without_the_rater():
    krippendorff = pytest.importorskip("krippendorff")
    ds = random_dataset(6)
    table = rater_influence(ds)
    assert list(table.columns) == [
        "marker",
        "rater_id",
        "college",
        "n_scores",
        "alpha_all",
        "alpha_without",
        "change",
    ]
    for row in table.itertuples():
        ratings = ds.ratings(row.marker)
        full = krippendorff.alpha(
            ratings.T.to_numpy(), level_of_measurement="ordinal", value_domain=[0, 1, 2, 3]
        )
        without = krippendorff.alpha(
            ratings.drop(columns=row.rater_id).T.to_numpy(),
            level_of_measurement="ordinal",
            value_domain=[0, 1, 2, 3],
        )
        assert row.alpha_all == pytest.approx(full, abs=1e-9)
        assert row.alpha_without == pytest.approx(without, abs=1e-9)
        assert row.change == pytest.approx(without - full, abs=1e-9)
        assert row.n_scores == ratings[row.rater_id].notna().sum()


def test_influence_by_college_drops_every_member():
    krippendorff = pytest.importorskip("krippendorff")
    ds = random_dataset(7)
    table = rater_influence(ds, by="college", level="interval")
    members = ds.raters.groupby("college", observed=True)["rater_id"].apply(list)
    row = table[(table["marker"] == "M02") & (table["college"] == "expert")].iloc[0]
    ratings = ds.ratings("M02")
    dropped = ratings.drop(columns=[r for r in members["expert"] if r in ratings.columns])
    expected = krippendorff.alpha(dropped.T.to_numpy(), level_of_measurement="interval")
    assert row["alpha_without"] == pytest.approx(expected, abs=1e-9)
    assert row["n_raters"] == len(members["expert"])


def test_influence_errors():
    with pytest.raises(
        ParameterError, match=r"The 'level' parameter of rater_influence must be one of"
    ):
        rater_influence(random_dataset(1), level="cubic")
