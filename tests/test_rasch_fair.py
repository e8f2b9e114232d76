"""« Notes justes »: the labelling boundary, projects changing side, flagged members."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import amiris_lab
from amiris_lab.exceptions import ParameterError
from amiris_lab.rasch import (
    FacetsModel,
    fair_score_changes,
    flagged_members,
    labelling_boundary,
    notes_justes_sentences,
)


@pytest.fixture(scope="module")
def demo():
    return amiris_lab.make_demo_dataset(years=(2018, 2019))


@pytest.fixture(scope="module")
def fitted(demo):
    return FacetsModel().fit(demo, year=2019)


def test_boundary_recovers_the_demo_decision_rule(demo):
    """The demo labels a project when its consensus mean (plus N(0, 0.15) noise) is >= 1.60."""
    consensus = demo.profiles(round="consensus").mean(axis=1)
    decision = demo.projects.set_index("project_id")["decision"].reindex(consensus.index)
    assert labelling_boundary(consensus, decision) == pytest.approx(1.60, abs=0.1)


def test_boundary_minimises_wrong_sides():
    raw = pd.Series([1.0, 1.2, 1.5, 1.55, 1.8, 2.0])
    decision = pd.Series(
        ["non_labellise", "ajourne", "labellise", "non_labellise", "labellise", "labellise"]
    )
    cut = labelling_boundary(raw, decision)
    wrong = np.sum((raw >= cut) != (decision == "labellise"))
    assert wrong == 1
    assert 1.2 < cut < 1.8
    assert np.isnan(labelling_boundary(raw, pd.Series(["labellise"] * 6)))


def test_changes_are_exactly_the_projects_that_cross(fitted):
    table = fair_score_changes(fitted)
    b = table.attrs["boundary"]
    projects = fitted.measures_.loc["project_id"]
    crossing = (projects["raw_mean"] >= b) != (projects["fair_average"] >= b)
    assert set(table["project_id"]) == set(projects.index[crossing])
    assert np.allclose(table["difference"], table["fair_average"] - table["raw_mean"])
    assert list(np.abs(table["difference"])) == sorted(np.abs(table["difference"]), reverse=True)
    # a boundary far from every project: nobody crosses
    assert fair_score_changes(fitted, boundary=10.0).empty


def test_changes_need_decisions_or_a_boundary():
    data = amiris_lab.make_demo_dataset(years=(2019,))
    long = data.scores[data.scores["round"] == "individuel"].astype({"score": float})
    model = FacetsModel().fit(long.astype({"project_id": str, "rater_id": str, "marker": str}))
    with pytest.raises(ParameterError, match="boundary="):
        fair_score_changes(model)
    assert "decision" in fair_score_changes(model, boundary=1.6).columns


def test_flagged_members_follow_their_definition(fitted):
    flagged = flagged_members(fitted)
    members = fitted.measures_.loc["rater_id"]
    assert (flagged["flags"] != "").all()
    for row in flagged.itertuples(index=False):
        m = members.loc[row.rater_id]
        if row.severe:
            assert m["measure"] > 1.96 * m["se"]
        if row.lenient:
            assert m["measure"] < -1.96 * m["se"]
    strict = flagged_members(fitted, min_points=5.0, fit_range=(0.0, 10.0))
    assert strict.empty


def test_sentences_in_french_and_english(fitted):
    changes, members = fair_score_changes(fitted), flagged_members(fitted)
    fr = notes_justes_sentences(changes, members, lang="fr")
    en = notes_justes_sentences(changes, members, lang="en")
    assert fr[0].startswith("La frontière de labellisation")
    assert f"{changes.attrs['boundary']:.2f}".replace(".", ",") in fr[0]
    assert en[0].startswith("The labelling boundary")
    assert any(s.startswith("Membres sévères : ") for s in fr)
    assert len(fr) == len(en)
