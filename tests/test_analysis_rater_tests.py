"""Members apart from the consensus (issue 10 §6): a test with its interval and a multiplicity
adjustment; its size checked on simulated data with no rater effect, its values on statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import dataset_from_rows, random_dataset

from amiris_lab import make_demo_dataset
from amiris_lab.analysis import adjust_pvalues, flag_raters, rater_consensus_gap
from amiris_lab.analysis.rater_tests import _gap_table
from amiris_lab.exceptions import ParameterError


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjustment_equals_statsmodels_multipletests(method):
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    rng = np.random.default_rng(4)
    for size in (1, 2, 7, 15, 60):
        p = rng.uniform(0, 0.2, size) ** 2
        p[: size // 3] = p[0]  # ties
        expected = multitest.multipletests(p, alpha=0.05, method=method)[1]
        np.testing.assert_allclose(adjust_pvalues(p, method=method), expected, rtol=1e-12)
    with_nan = adjust_pvalues([0.01, np.nan, 0.02], method=method)
    assert np.isnan(with_nan[1])
    np.testing.assert_allclose(
        with_nan[[0, 2]], multitest.multipletests([0.01, 0.02], method=method)[1]
    )


def _paired_with_consensus(ds) -> pd.DataFrame:
    s = ds.scores[ds.scores["score"].notna()]
    members = s[(s["round"] == "individuel") & (s["rater_id"] != "COMITE")]
    consensus = s[s["round"] == "consensus"][["project_id", "marker", "score"]]
    paired = members.merge(consensus, on=["project_id", "marker"], suffixes=("", "_c"))
    return paired.assign(
        gap=paired["score"].astype(float) - paired["score_c"].astype(float),
        rater_id=paired["rater_id"].astype(str),
        project_id=paired["project_id"].astype(str),
    )


def test_gap_interval_and_p_value_equal_statsmodels_clustered_t_test():
    sm = pytest.importorskip("statsmodels.api")
    ds = random_dataset(5, n_projects=50)
    table = rater_consensus_gap(ds, confidence=0.9).set_index("rater_id")
    for rater, part in _paired_with_consensus(ds).groupby("rater_id"):
        # reference: OLS on a constant, SEs clustered by project, t with G - 1 df
        fit = sm.OLS(part["gap"].to_numpy(), np.ones(len(part))).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(part["project_id"])[0]}, use_t=True
        )
        row = table.loc[rater]
        assert row["gap"] == pytest.approx(part["gap"].mean(), abs=1e-12)
        assert row["se"] == pytest.approx(fit.bse[0], rel=1e-9)
        assert [row["ci_low"], row["ci_high"]] == pytest.approx(
            list(fit.conf_int(0.1)[0]), rel=1e-9
        )
        assert row["p_value"] == pytest.approx(fit.pvalues[0], rel=1e-9)
        assert row["n_scores"] == len(part)
    assert table["p_adjusted"].tolist() == pytest.approx(
        adjust_pvalues(table["p_value"], method="holm").tolist()
    )


def _null_pairs(rng, *, n_projects=80, n_raters=15, per_project=6, n_markers=12, effect=None):
    """Members and consensus drawn alike from each project's latent level: no rater effect
    (every member's expected difference to the consensus is 0) unless ``effect`` plants one."""
    effect = np.zeros(n_raters) if effect is None else effect
    panels = np.argsort(rng.random((n_projects, n_raters)), axis=1)[:, :per_project]
    theta = rng.normal(1.5, 0.8, (n_projects, 1, n_markers))
    member = np.clip(np.rint(theta + effect[panels][:, :, None] + rng.normal(0, 0.6, (n_projects, per_project, n_markers))), 0, 3)  # fmt: skip
    consensus = np.clip(np.rint(theta + rng.normal(0, 0.6, (n_projects, 1, n_markers))), 0, 3)
    gap = (member - consensus).ravel()
    rater = np.repeat(panels, n_markers, axis=1).ravel()
    project = np.repeat(np.arange(n_projects), per_project * n_markers)
    return pd.DataFrame(
        {
            "rater_id": np.char.add("R", rater.astype(str)),
            "college": "expert",
            "project_id": np.char.add("P", project.astype(str)),
            "gap": gap,
        }
    )


@pytest.mark.slow
def test_size_with_no_rater_effect_is_about_five_percent():
    """500 simulated committees without rater effect: Holm flags a member in about 5 % of them
    (family-wise error) and each unadjusted test rejects about 5 % of the time."""
    rng = np.random.default_rng(2026)
    any_flag, rejections, tests = 0, 0, 0
    for _ in range(500):
        table = _gap_table(_null_pairs(rng), confidence=0.95, adjust="holm", margin=0.0)
        any_flag += bool((table["p_adjusted"] < 0.05).any())
        rejections += int((table["p_value"] < 0.05).sum())
        tests += len(table)
    assert 0.02 <= any_flag / 500 <= 0.08
    assert 0.035 <= rejections / tests <= 0.07


def test_a_planted_member_is_flagged_and_only_them():
    rng = np.random.default_rng(7)
    effect = np.zeros(15)
    effect[3] = 0.6
    table = _gap_table(_null_pairs(rng, effect=effect), confidence=0.95, adjust="holm", margin=0)
    result = flag_raters(table, lang="en")
    assert result.rater_ids == ["R3"]
    assert result.flagged["gap"].iloc[0] > 0.3


def test_margin_flags_only_differences_that_matter():
    rng = np.random.default_rng(8)
    effect = np.zeros(15)
    effect[[1, 2]] = [0.15, 0.8]  # a small and a large lenience
    pairs = _null_pairs(rng, n_projects=300, effect=effect)
    plain = _gap_table(pairs, confidence=0.95, adjust="holm", margin=0.0)
    assert set(flag_raters(plain).rater_ids) >= {"R1", "R2"}
    wide = _gap_table(pairs, confidence=0.95, adjust="holm", margin=0.25)
    assert flag_raters(wide).rater_ids == ["R2"]
    # the p-value of a minimum-effect test is never below the plain test's
    assert (wide["p_value"] >= plain["p_value"] - 1e-15).all()


def test_hand_made_committee():
    rows = []
    for p in range(6):
        pid = f"P{p}"
        for m in ("M01", "M02"):
            c = (p + (m == "M02")) % 3
            rows.append((pid, "COMITE", "consensus", m, c))
            rows.append((pid, "R1", "individuel", m, c + 1))  # always one level above
            rows.append((pid, "R2", "individuel", m, c))  # always the consensus
            rows.append((pid, "R3", "individuel", m, c + (p % 2)))  # half the time above
    table = rater_consensus_gap(dataset_from_rows(rows)).set_index("rater_id")
    assert table["gap"].tolist() == pytest.approx([1.0, 0.0, 0.5])
    assert table.loc["R1", "p_value"] == 0.0 and table.loc["R2", "p_value"] == 1.0
    assert table.loc["R3", "n_projects"] == 6 and table.loc["R3", "df"] == 5
    assert flag_raters(table.reset_index()).rater_ids[0] == "R1"


def test_demo_flags_fewer_than_the_unadjusted_intervals_and_says_which_test():
    ds = make_demo_dataset(years=(2019,))
    table = rater_consensus_gap(ds)
    result = flag_raters(table, lang="fr")
    assert set(result.rater_ids) == set(table.loc[table["p_adjusted"] < 0.05, "rater_id"])
    unadjusted = ((table["ci_low"] > 0) | (table["ci_high"] < 0)).sum()
    assert len(result.flagged) <= unadjusted
    assert "méthode de Holm" in result.text and "test t de Student" in result.text
    assert result.text.startswith(f"{len(result.flagged)} membres sur 15 s'écartent du consensus")
    strict = flag_raters(rater_consensus_gap(ds, margin=0.25), lang="fr")
    assert len(strict.flagged) < len(result.flagged)
    assert (strict.flagged["gap"].abs() > 0.25).all()
    assert "de plus de 0,25\u00a0niveau" in strict.text


def test_sentences_in_both_languages_and_when_nobody_is_flagged():
    t = pd.DataFrame(
        {
            "rater_id": ["R01", "R02"],
            "college": "expert",
            "gap": [0.02, -0.01],
            "ci_low": [-0.1, -0.1],
            "ci_high": [0.1, 0.1],
            "p_adjusted": [0.8, 0.9],
        }
    )
    fr = flag_raters(t, lang="fr")
    assert fr.rater_ids == []
    assert fr.text.startswith("Aucun des 2 membres ne s'écarte du consensus au-delà du hasard.")
    en = flag_raters(t.assign(p_adjusted=[0.01, 0.02]), lang="en")
    assert en.text.startswith("2 members of 2 score apart from the consensus: R01 (0.02 level")
    assert "Holm's method" in en.text
    t.attrs["adjust"] = "fdr_bh"
    assert "Benjamini and Hochberg" in flag_raters(t, lang="en").text


def test_errors():
    ds = random_dataset(1)
    with pytest.raises(ParameterError, match=r"The 'adjust' parameter of rater_consensus_gap"):
        rater_consensus_gap(ds, adjust="bonferroni")
    with pytest.raises(ParameterError, match=r"The 'margin' parameter of rater_consensus_gap"):
        rater_consensus_gap(ds, margin=-0.1)
    with pytest.raises(ParameterError, match=r"The 'round' parameter of rater_consensus_gap"):
        rater_consensus_gap(ds, round="consensus")
    with pytest.raises(ParameterError, match=r"The 'alpha' parameter of flag_raters"):
        flag_raters(rater_consensus_gap(ds), alpha=5)
    with pytest.raises(ParameterError, match=r"needs the output of rater_consensus_gap"):
        flag_raters(pd.DataFrame({"rater_id": ["R1"]}))
    with pytest.raises(ParameterError, match=r"The 'method' parameter of adjust_pvalues"):
        adjust_pvalues([0.1], method="bh")


def test_severity_text_uses_the_adjusted_test_when_given_the_consensus_gap():
    from amiris_lab.analysis import rater_severity
    from amiris_lab.reports import severity_text

    ds = make_demo_dataset(years=(2019,))
    gap = rater_consensus_gap(ds)
    text = severity_text(rater_severity(ds), consensus_gap=gap, lang="fr")
    assert text.startswith("Le plus indulgent est ")
    assert text.endswith(flag_raters(gap, lang="fr").text)
    assert "intervalle excluant 0" not in text
