"""FacetsModel: its contract, its checks before fitting, and recovery of simulated truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rasch_simulation import simulate

import amiris_lab
from amiris_lab.exceptions import DisorderedThresholdsWarning, EstimationError, ParameterError
from amiris_lab.i18n import language
from amiris_lab.rasch import FacetsModel, flagged_members


@pytest.fixture(scope="module")
def simulated():
    return simulate(np.random.default_rng(20261130), n_projects=250)


@pytest.fixture(scope="module")
def demo_2019():
    return amiris_lab.make_demo_dataset(years=(2019,))


def test_estimator_contract(demo_2019):
    model = FacetsModel(model="rating_scale")
    assert model.fit(demo_2019) is model
    assert not hasattr(FacetsModel(), "measures_")
    m = model.measures_
    assert list(m.index.names) == ["facet", "element"]
    assert list(m.columns) == [
        "measure",
        "se",
        "infit",
        "infit_z",
        "outfit",
        "outfit_z",
        "count",
        "raw_mean",
        "fair_average",
        "extreme",
    ]
    assert list(m.index.get_level_values("facet").unique()) == ["project_id", "marker", "rater_id"]
    assert set(model.separation_.index) == {"project_id", "marker", "rater_id"}
    assert model.converged_
    # the facets other than projects are centred, thresholds sum to zero
    assert abs(m.loc["marker", "measure"].mean()) < 1e-8
    assert abs(m.loc["rater_id", "measure"].mean()) < 1e-8
    assert abs(model.thresholds_["threshold"].sum()) < 1e-8
    # category counts add up to the scores used
    assert model.category_stats_["count"].sum() == model.observations_["active"].sum()


def test_directions(demo_2019):
    """Projects: higher measure = higher scores; markers and members: higher = lower scores."""
    m = FacetsModel().fit(demo_2019).measures_
    for facet, sign in (("project_id", 1), ("marker", -1), ("rater_id", -1)):
        t = m.loc[facet]
        t = t[t["extreme"] == ""]
        rho = np.corrcoef(t["measure"], t["raw_mean"])[0, 1]
        assert sign * rho > 0.7, facet


def test_fair_average_is_expected_score_against_average_elements(demo_2019):
    model = FacetsModel().fit(demo_2019)
    m = model.measures_
    tau = model.thresholds_["threshold"].to_numpy()
    b = m.loc[("project_id", m.loc["project_id"].index[0]), "measure"]
    eta = b - m.loc["marker", "measure"].mean() - m.loc["rater_id", "measure"].mean()
    psi = np.concatenate([[0.0], np.cumsum(eta - tau)])
    p = np.exp(psi - psi.max())
    expected = float((p / p.sum()) @ np.arange(4))
    assert m.loc["project_id", "fair_average"].iloc[0] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("estimation", ["jmle", "cml"])
def test_recovers_simulated_parameters_within_standard_errors(simulated, estimation):
    data, truth = simulated
    model = FacetsModel(estimation=estimation).fit(data)
    z_all = []
    for facet in ("marker", "rater_id"):
        t = model.measures_.loc[facet].sort_index()
        z = (t["measure"].to_numpy() - truth[facet]) / t["se"].to_numpy()
        z_all.append(z)
    tau = model.thresholds_
    z_all.append((tau["threshold"].to_numpy() - truth["thresholds"][0]) / tau["se"].to_numpy())
    z = np.concatenate(z_all)
    assert np.max(np.abs(z)) < 3.5
    assert 0.3 < np.mean(z**2) < 2.5
    theta = model.measures_.loc["project_id"].sort_index()
    assert np.corrcoef(theta["measure"], truth["project_id"])[0, 1] > 0.9


def test_jmle_with_correction_agrees_with_cml(simulated):
    data, _ = simulated
    jmle = FacetsModel(estimation="jmle").fit(data)
    raw = FacetsModel(estimation="jmle", bias_correction=False).fit(data)
    cml = FacetsModel(estimation="cml").fit(data)
    for facet in ("marker", "rater_id"):
        j = jmle.measures_.loc[facet, "measure"]
        c = cml.measures_.loc[facet, "measure"]
        se = cml.measures_.loc[facet, "se"]
        assert np.max(np.abs(j - c) / se) < 0.25
        # the correction moves JMLE toward CML
        r = raw.measures_.loc[facet, "measure"]
        assert np.abs(j - c).sum() < np.abs(r - c).sum()


def test_partial_credit_recovers_marker_thresholds():
    tau = [[-1.5, 0.0, 1.5], [-0.5, 0.0, 0.5], [-1.0, -0.2, 1.2], [-1.2, 0.3, 0.9]]
    data, truth = simulate(
        np.random.default_rng(7),
        n_projects=300,
        marker_difficulty=(-0.4, 0.0, 0.1, 0.3),
        thresholds=tau,
    )
    model = FacetsModel(model="partial_credit").fit(data)
    th = model.thresholds_
    assert list(th["group"].unique()) == ["M01", "M02", "M03", "M04"]
    z = (th["threshold"].to_numpy() - truth["thresholds"].ravel()) / th["se"].to_numpy()
    assert np.max(np.abs(z)) < 3.5


def test_extreme_project_is_measured_beyond_the_others(simulated):
    data, _ = simulated
    extra = data[data["project_id"] == "P000"].assign(project_id="PTOP", score=3)
    model = FacetsModel().fit(pd.concat([data, extra], ignore_index=True))
    m = model.measures_.loc["project_id"]
    assert m.loc["PTOP", "extreme"] == "max"
    assert np.isnan(m.loc["PTOP", "infit"])
    assert m.loc["PTOP", "measure"] > m.loc[m["extreme"] == "", "measure"].max()
    # its fair average is just under the top of the scale, 0.3 points in on its raw score
    assert 2.5 < m.loc["PTOP", "fair_average"] < 3.0


def _two_committees() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for p in range(20):
        panel = ("R01", "R02") if p < 10 else ("R03", "R04")
        for r in panel:
            for m in ("M01", "M02", "M03"):
                rows.append((f"P{p:02d}", m, r, int(rng.integers(0, 4))))
    return pd.DataFrame(rows, columns=["project_id", "marker", "rater_id", "score"])


def test_disconnected_subsets_are_named():
    with pytest.raises(EstimationError, match=r"sous-ensembles déconnectés.*R01, R02.*R03, R04"):
        FacetsModel().fit(_two_committees())
    with language("en"):
        with pytest.raises(EstimationError) as info:
            FacetsModel().fit(_two_committees())
        assert str(info.value).startswith("Disconnected subsets for facet rater_id: subset 1: ")
    assert ("rater_id", "R03") in info.value.elements


def test_confounded_facets_are_named():
    data = _two_committees()
    data = data[~((data["rater_id"].isin(["R01", "R03"])) & (data["marker"] == "M01"))]
    data = data[~((data["rater_id"].isin(["R02", "R04"])) & (data["marker"] != "M01"))]
    data = data.assign(rater_id=data["rater_id"].replace({"R03": "R01", "R04": "R02"}))
    with pytest.raises(EstimationError, match="ne peuvent être séparées"):
        FacetsModel().fit(data)


def test_single_observation_element_is_named(simulated):
    data, _ = simulated
    lone = pd.DataFrame([("P000", "M01", "R99", 2)], columns=data.columns)
    with pytest.raises(EstimationError, match=r"une seule observation \(rater_id: R99\)"):
        FacetsModel().fit(pd.concat([data, lone], ignore_index=True))


def test_unused_category_is_named(simulated):
    data, _ = simulated
    data = data.assign(score=data["score"].replace({2: 3}))
    with pytest.raises(EstimationError, match="jamais utilisée.*: 2"):
        FacetsModel().fit(data, categories=[0, 1, 2, 3])


def test_disordered_thresholds_warn():
    data, _ = simulate(np.random.default_rng(11), n_projects=150, thresholds=(-0.2, 0.4, -0.2))
    with pytest.warns(DisorderedThresholdsWarning, match="désordonnés"):
        FacetsModel().fit(data)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"model": "graded"}, r"'model' parameter .* Got 'graded'"),
        ({"estimation": "mml"}, r"'estimation' parameter .* Got 'mml'"),
        ({"facets": ("project_id", "marker")}, "besides 'project_id'"),
        ({"extreme_adjustment": 2}, "strictly between 0 and 1. Got 2"),
    ],
)
def test_parameter_errors(demo_2019, options, message):
    with pytest.raises(ParameterError, match=message):
        FacetsModel(**options).fit(demo_2019)


def test_data_errors(demo_2019):
    with pytest.raises(ParameterError, match="Colonne"):
        FacetsModel(facets=("marker", "jury")).fit(demo_2019)
    with pytest.raises(ParameterError, match="L'année 1990"):
        FacetsModel().fit(demo_2019, year=1990)
    with pytest.raises(ParameterError, match="MarkerDataset ou un DataFrame"):
        FacetsModel().fit([1, 2, 3])


def test_college_facet_is_group_anchored(demo_2019):
    model = FacetsModel(facets=("marker", "rater_id", "college")).fit(demo_2019)
    m = model.measures_
    raters = demo_2019.raters.set_index("rater_id")["college"].astype(str)
    sev = m.loc["rater_id", "measure"]
    # members are centred within their college; the colleges carry the differences
    assert np.allclose(sev.groupby(raters.reindex(sev.index)).mean(), 0, atol=1e-8)
    plain = FacetsModel().fit(demo_2019).measures_.loc["rater_id", "measure"]
    col = m.loc["college", "measure"].reindex(raters.reindex(sev.index)).to_numpy()
    total = (sev + col).to_numpy()
    assert np.allclose(total - total.mean(), plain - plain.mean(), atol=0.01)


def test_interactions(demo_2019):
    model = FacetsModel().fit(demo_2019)
    inter = model.interactions_
    assert set(inter["facet_a"]) == {"rater_id", "college"}
    assert np.allclose(inter["t"], inter["bias"] / inter["se"])
    # bias > 0 means scores lower than expected
    assert (np.sign(inter["bias"]) == -np.sign(inter["obs_minus_exp"])).mean() > 0.95
    stage = model.interaction_table(("rater_id", "stage"))
    assert set(stage["element_b"]) == {"emergence", "experimentation", "essaimage"}
    with pytest.raises(ParameterError, match="between="):
        model.interaction_table(("rater_id", "nope"))


def test_row_order_and_element_names_do_not_change_the_measures(simulated):
    data, _ = simulated
    base = FacetsModel().fit(data).measures_
    shuffled = data.sample(frac=1.0, random_state=5).reset_index(drop=True)
    renamed = shuffled.assign(rater_id="Z" + shuffled["rater_id"].str[::-1])
    other = FacetsModel().fit(renamed).measures_
    for facet in ("project_id", "marker"):
        np.testing.assert_allclose(
            other.loc[facet, "measure"].sort_index(), base.loc[facet, "measure"].sort_index()
        )
    back = other.loc["rater_id"].rename(index=lambda e: e[1:][::-1]).sort_index()
    np.testing.assert_allclose(back["measure"], base.loc["rater_id", "measure"].sort_index())
    np.testing.assert_allclose(back["infit"], base.loc["rater_id", "infit"].sort_index())


def test_revise_round_and_year_lists(demo_2019):
    full = amiris_lab.make_demo_dataset(years=(2018, 2019))
    both = FacetsModel().fit(full, year=[2018, 2019])
    assert both.measures_.loc["project_id"].shape[0] == len(full.projects)
    revised = FacetsModel().fit(demo_2019, round="revise")
    kept = demo_2019.scores[demo_2019.scores["round"] == "revise"]["project_id"].nunique()
    assert revised.measures_.loc["project_id"].shape[0] == kept


def test_fit_statistics_are_calibrated_on_data_from_the_model(simulated):
    data, _ = simulated
    m = FacetsModel().fit(data).measures_
    for facet in ("marker", "rater_id"):
        t = m.loc[facet]
        assert t["infit"].between(0.85, 1.15).all(), facet
        assert t["outfit"].between(0.85, 1.15).all(), facet
        assert (t[["infit_z", "outfit_z"]].abs() < 3).all().all(), facet
    projects = m.loc["project_id"]
    projects = projects[projects["extreme"] == ""]
    # with 15 scores each, project z values are roughly standard normal
    assert abs(projects["infit_z"].mean()) < 0.3
    assert 0.6 < projects["infit_z"].std() < 1.4


def test_a_member_who_scores_at_random_is_flagged_misfitting():
    data, _ = simulate(np.random.default_rng(99), n_projects=300, random_rater=5)
    model = FacetsModel().fit(data)
    members = model.measures_.loc["rater_id"]
    assert members.loc["R06", "outfit"] > 1.3 and members.loc["R06", "outfit_z"] > 3
    assert members["outfit"].idxmax() == "R06"
    flagged = flagged_members(model)
    assert list(flagged.loc[flagged["misfit"], "rater_id"]) == ["R06"]


def test_bias_analysis_finds_a_planted_interaction():
    rng = np.random.default_rng(123)
    data, _ = simulate(rng, n_projects=300, interaction={(0, 0): 1.2})
    inter = FacetsModel().fit(data).interactions_
    cell = inter[(inter["element_a"] == "R01") & (inter["element_b"] == "M01")].iloc[0]
    assert cell["bias"] > 0.6 and cell["t"] > 4
    others = inter[~((inter["element_a"] == "R01") & (inter["element_b"] == "M01"))]
    # other cells: about 5 % beyond |t| = 2 by chance (R01's other markers absorb a little)
    assert (others["t"].abs() > 2).mean() < 0.15
    assert others["t"].abs().max() < cell["t"]
