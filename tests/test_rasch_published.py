"""amiris_lab.rasch against R's eRm 1.0.2 (CML) on the same data.

Reference values: ``tests/data/rasch/erm_results.csv``, written by
``tests/data/rasch/erm_reference.R`` (versions in ``erm_versions.txt``):

* eRm's example data set ``rsmdat`` (20 persons x 6 items, 0-3), ``RSM()``: the
  conditional log-likelihood, the item-category thresholds of ``thresholds()``, the
  person measures of ``person.parameter()`` and the infit/outfit mean squares and
  standardised values of ``itemfit()``/``personfit()``;
* simulated many-facet data (``facets_small.csv``: 120 projects, 4 markers, panels
  of 3 of 5 members; ``facets_pcm.csv``: partial credit, 150 projects, panels of 2
  of 4) fitted with ``LRSM``/``LPCM`` and a design matrix that makes each (marker,
  member) pair a virtual item (see the R script for the parameterisation).

Tolerances: CML estimates to 2e-4 logits and SEs to 1 % (both optimisers stop at
a gradient near 1e-6); log-likelihoods to 1e-4. JMLE (with its bias correction) is
held to a tenth of a standard error of eRm's CML for the facets' measures and to
0.6 SE for the thresholds (12 scores per project leave some JMLE spread there).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from amiris_lab.exceptions import DisorderedThresholdsWarning
from amiris_lab.rasch import FacetsModel

DATA = Path(__file__).parent / "data" / "rasch"


@pytest.fixture(scope="module")
def erm():
    table = pd.read_csv(DATA / "erm_results.csv")
    return {name: group.set_index("parameter") for name, group in table.groupby("analysis")}


def _long(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype={"score": int})


@pytest.fixture(scope="module")
def rsmdat() -> pd.DataFrame:
    wide = pd.read_csv(DATA / "erm_rsmdat.csv")
    wide.insert(0, "project_id", [f"P{i + 1:02d}" for i in range(len(wide))])
    return wide.melt(id_vars="project_id", var_name="marker", value_name="score")


def test_rsmdat_matches_erm_rsm(erm, rsmdat):
    ref = erm["rsmdat"]
    # rsmdat's category 2 is never the most probable: eRm's thresholds show it too
    with pytest.warns(DisorderedThresholdsWarning):
        model = FacetsModel(facets=("marker",), estimation="cml").fit(rsmdat)
    assert model.loglik_ == pytest.approx(ref.loc["loglik", "value"], abs=1e-4)
    # eRm's thresholds() are D_i + tau_k up to a common shift
    items = model.measures_.loc["marker", "measure"]
    tau = model.thresholds_["threshold"].to_numpy()
    ours = np.array([items[i] + tau for i in sorted(items.index)]).ravel()
    theirs = np.array(
        [ref.loc[f"{i}:{k}", "value"] for i in sorted(items.index) for k in (1, 2, 3)]
    )
    np.testing.assert_allclose(ours - ours.mean(), theirs - theirs.mean(), atol=2e-4)


def test_rsmdat_fit_and_person_measures_match_erm(erm, rsmdat):
    """eRm's itemfit/personfit (persons with an extreme score left out) and person.parameter."""
    ref = erm["rsmdat"]["value"]
    with pytest.warns(DisorderedThresholdsWarning):
        model = FacetsModel(facets=("marker",), estimation="cml").fit(rsmdat)
    items = model.measures_.loc["marker"]
    for item, row in items.iterrows():
        for column in ("infit", "outfit", "infit_z", "outfit_z"):
            assert row[column] == pytest.approx(ref[f"{column}:{item}"], abs=1e-4), (item, column)
    persons = model.measures_.loc["project_id"]
    assert persons.loc["P07", "extreme"] == "min"  # raw score 0: no fit, as in eRm
    free = persons[persons["extreme"] == ""]
    for person, row in free.iterrows():
        short = f"P{int(person[1:])}"
        assert row["infit"] == pytest.approx(ref[f"infit:{short}"], abs=1e-4)
        assert row["outfit"] == pytest.approx(ref[f"outfit:{short}"], abs=1e-4)
    # person measures: the same up to the origin (eRm centres the item-category parameters)
    theta = np.array([ref[f"theta:{p}"] for p in free.index])
    shift = free["measure"].to_numpy() - theta
    np.testing.assert_allclose(shift, shift.mean(), atol=2e-4)


def _contrasts_rsm(model: FacetsModel) -> pd.DataFrame:
    """eRm's eta for the rating-scale design: differences to the first element."""
    m = model.measures_
    cov = model.covariance_
    rows = []
    for facet in ("marker", "rater_id"):
        labels = sorted(m.loc[facet].index)
        for lab in labels[1:]:
            a, b = (facet, lab), (facet, labels[0])
            value = m.loc[a, "measure"] - m.loc[b, "measure"]
            var = cov.loc[a, a] + cov.loc[b, b] - 2 * cov.loc[a, b]
            rows.append((f"{facet}:{lab}", value, np.sqrt(var)))
    tau = model.thresholds_.reset_index(drop=True)
    keys = [("threshold", f"all:{k}") for k in tau["category"]]
    for j in range(1, len(tau)):
        value = tau.loc[j, "threshold"] - tau.loc[0, "threshold"]
        var = cov.loc[keys[j], keys[j]] + cov.loc[keys[0], keys[0]] - 2 * cov.loc[keys[j], keys[0]]
        rows.append((f"tau:{j + 1}", value, np.sqrt(var)))
    return pd.DataFrame(rows, columns=["parameter", "value", "se"]).set_index("parameter")


def test_facets_rating_scale_cml_matches_erm_lrsm(erm):
    ref = erm["facets_small"]
    model = FacetsModel(estimation="cml").fit(_long("facets_small"))
    assert model.loglik_ == pytest.approx(ref.loc["loglik", "value"], abs=1e-4)
    ours = _contrasts_rsm(model)
    theirs = ref.drop(index="loglik").loc[ours.index]
    np.testing.assert_allclose(ours["value"], theirs["value"], atol=2e-4)
    np.testing.assert_allclose(ours["se"], theirs["se"], rtol=0.01)


def test_facets_rating_scale_jmle_is_close_to_erm(erm):
    ref = erm["facets_small"].drop(index="loglik")
    data = _long("facets_small")
    ours = _contrasts_rsm(FacetsModel(estimation="jmle").fit(data))
    raw = _contrasts_rsm(FacetsModel(estimation="jmle", bias_correction=False).fit(data))
    theirs = ref.loc[ours.index]
    gap = np.abs(ours["value"] - theirs["value"]) / theirs["se"]
    location = ~ours.index.str.startswith("tau")
    assert gap[location].max() < 0.1
    # with 12 scores per project the thresholds keep some JMLE spread (half an SE),
    # less than without the correction
    assert gap[~location].max() < 0.6
    assert np.all(gap < np.abs(raw["value"] - theirs["value"]) / theirs["se"] + 1e-12)
    # the model SEs of JMLE agree with the conditional ones to within 10 %
    np.testing.assert_allclose(ours["se"], theirs["se"], rtol=0.1)


def test_facets_partial_credit_cml_matches_erm_lpcm(erm):
    ref = erm["facets_pcm"]
    model = FacetsModel(model="partial_credit", estimation="cml").fit(_long("facets_pcm"))
    assert model.loglik_ == pytest.approx(ref.loc["loglik", "value"], abs=1e-4)
    m = model.measures_
    raters = sorted(m.loc["rater_id"].index)
    for r in raters[1:]:
        value = m.loc[("rater_id", r), "measure"] - m.loc[("rater_id", raters[0]), "measure"]
        assert value == pytest.approx(ref.loc[f"rater_id:{r}", "value"], abs=2e-4)
    th = model.thresholds_
    # Psi_mh = sum_{j<=h} tau_mj + h D_m, compared as Psi_mh - h Psi_11
    psi = {}
    for marker, group in th.groupby("group"):
        cum = np.cumsum(group["threshold"].to_numpy())
        for h, value in enumerate(cum, start=1):
            psi[(marker, h)] = value + h * m.loc[("marker", marker), "measure"]
    first = psi[("M01", 1)]
    for (marker, h), value in psi.items():
        if (marker, h) != ("M01", 1):
            expected = ref.loc[f"psi:{marker}:{h}", "value"]
            assert value - h * first == pytest.approx(expected, abs=5e-4)
