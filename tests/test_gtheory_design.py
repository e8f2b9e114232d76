"""G study options, D study formulas, min_raters, and every error message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import amiris_lab
from amiris_lab.exceptions import ConvergenceError, DesignError, ParameterError
from amiris_lab.gtheory import dstudy, gstudy, min_raters

HERE = Path(__file__).parent / "data" / "gtheory"


@pytest.fixture(scope="module")
def demo():
    return amiris_lab.make_demo_dataset(seed=3, years=[2019, 2020], projects_per_year=(25, 25))


@pytest.fixture(scope="module")
def unbalanced():
    return pd.read_csv(HERE / "unbalanced_pxrxm.csv")


def test_public_names_are_exported_lazily():
    assert amiris_lab.gstudy is gstudy
    assert amiris_lab.dstudy is dstudy
    assert amiris_lab.min_raters is min_raters


def test_dataset_study_has_the_issue_columns_and_design_summary(demo):
    g = gstudy(demo)
    assert list(g.components.columns) == ["variance", "share", "se", "n_levels"]
    assert g.components.index.name == "source"
    assert (g.components["variance"] >= 0).all()
    design = g.design
    assert design["n_projects"] == len(demo.projects)
    individual = demo.scores[demo.scores["round"] == "individuel"].dropna(subset=["score"])
    counts = individual.groupby("project_id", observed=True)["rater_id"].nunique()
    assert design["raters_per_project_mean"] == pytest.approx(counts.mean())
    assert design["raters_per_project_harmonic"] == pytest.approx(len(counts) / (1 / counts).sum())
    assert design["cells_observed"] == len(individual)


def test_years_as_strata_give_one_study_per_year_plus_pooled(demo):
    studies = gstudy(demo, marker="M03", strata="year")
    assert set(studies.studies) == {"2019", "2020", "pooled"}
    alone = gstudy(demo, marker="M03", year=2019).components
    pd.testing.assert_frame_equal(studies["2019"].components, alone)
    table = studies.components
    assert list(table.columns) == ["stratum", "source", "variance", "share", "se", "n_levels"]
    pooled = gstudy(demo, marker="M03").components
    pd.testing.assert_frame_equal(studies["pooled"].components, pooled)


def test_members_nested_in_colleges_from_a_dataset(demo):
    g = gstudy(demo, marker="M01", nested={"rater_id": "college"})
    assert list(g.components.index) == [
        "project_id",
        "college",
        "project_id:college",
        "rater_id:college",
        "residual",
    ]


def test_d_study_follows_spearman_brown_for_a_single_marker(unbalanced):
    g = gstudy(unbalanced, marker="M02")
    d = dstudy(g, rater_id=[1, 2, 5, 10])
    rho1 = d["g_coef"].iloc[0]
    expected = [k * rho1 / (1 + (k - 1) * rho1) for k in (1, 2, 5, 10)]
    np.testing.assert_allclose(d["g_coef"], expected)
    var = g.components["variance"]
    assert d["abs_error"].iloc[2] == pytest.approx((var["rater_id"] + var["residual"]) / 5)
    assert (d["phi"] <= d["g_coef"]).all()


def test_d_study_grid_over_members_and_markers(unbalanced):
    g = gstudy(unbalanced)
    d = dstudy(g, rater_id=[3, 6], marker=[1, 6])
    assert list(d.columns) == [
        "rater_id",
        "marker",
        "universe",
        "rel_error",
        "abs_error",
        "g_coef",
        "phi",
    ]
    assert len(d) == 4
    v = g.components["variance"]
    row = d[(d["rater_id"] == 6) & (d["marker"] == 1)].iloc[0]
    rel = v["project_id:rater_id"] / 6 + v["project_id:marker"] + v["residual"] / 6
    assert row["rel_error"] == pytest.approx(rel)
    absolute = rel + v["rater_id"] / 6 + v["marker"] + v["rater_id:marker"] / 6
    assert row["abs_error"] == pytest.approx(absolute)


def test_min_raters_is_the_first_size_reaching_the_target(unbalanced):
    g = gstudy(unbalanced)
    table = min_raters(g, target=0.8, n_boot=30, seed=1)
    assert set(table["marker"]) == set(unbalanced["marker"])
    assert list(table.columns) == [
        "marker",
        "coefficient",
        "target",
        "n_raters",
        "value",
        "ci_low",
        "ci_high",
        "n_boot",
    ]
    for _, row in table.iterrows():
        single = gstudy(unbalanced, marker=row["marker"])
        d = dstudy(single, rater_id=list(range(1, 31)))
        reached = d.loc[d[row["coefficient"]] >= 0.8, "rater_id"]
        assert row["n_raters"] == reached.iloc[0]
        assert row["ci_low"] <= row["ci_high"]
        assert float(row["ci_low"]).is_integer()
    # the bootstrap is seeded
    again = min_raters(g, target=0.8, n_boot=30, seed=1)
    pd.testing.assert_frame_equal(table, again)


# ---------------------------------------------------------------- errors
def test_one_level_facet_names_the_facet(unbalanced):
    one = unbalanced[unbalanced["rater_id"] == "R03"]
    with pytest.raises(DesignError, match="rater_id") as info:
        gstudy(one, ("rater_id",), marker="M01")
    assert info.value.facet == "rater_id"


def test_no_project_scored_by_two_members_is_refused(unbalanced):
    first = unbalanced.drop_duplicates(subset=["project_id", "marker"])
    first = first[first["marker"] == "M01"]
    assert first["rater_id"].nunique() > 1
    with pytest.raises(DesignError, match="deux .*rater_id|two .*rater_id") as info:
        gstudy(first, ("rater_id",))
    assert info.value.facet == "rater_id"


def test_two_scores_in_one_cell_are_refused(unbalanced):
    doubled = pd.concat([unbalanced, unbalanced.iloc[[0]]], ignore_index=True)
    with pytest.raises(DesignError, match="P01"):
        gstudy(doubled)


def test_parameters_are_checked(unbalanced, demo):
    with pytest.raises(ParameterError, match="'method' parameter of gstudy must be one of"):
        gstudy(unbalanced, method="ml")
    with pytest.raises(ParameterError, match="score|Column"):
        gstudy(unbalanced.drop(columns=["score"]))
    with pytest.raises(ParameterError, match="M99"):
        gstudy(unbalanced, marker="M99")
    with pytest.raises(ParameterError, match="1990"):
        gstudy(demo, year=1990)
    g = gstudy(unbalanced, marker="M01")
    with pytest.raises(ParameterError, match="marker"):
        dstudy(g, marker=3)
    with pytest.raises(ParameterError, match="positi"):
        dstudy(g, rater_id=0)
    with pytest.raises(ParameterError, match="target"):
        min_raters(g, target=1.2)


def test_non_convergence_says_what_to_try(unbalanced, monkeypatch):
    from scipy.optimize import OptimizeResult

    import amiris_lab.gtheory.reml as reml

    def stuck(fun, x0, **kwargs):
        return OptimizeResult(
            x=x0,
            fun=fun(x0)[0],
            status=1,
            nit=1000,
            success=False,
            message="STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT",
        )

    monkeypatch.setattr(reml, "minimize", stuck)
    with pytest.raises(ConvergenceError, match="method='anova'"):
        gstudy(unbalanced, marker="M01")
    g = gstudy(unbalanced, marker="M01", method="anova")  # the suggested way out works
    assert g.method == "anova"
