"""Generated sentences follow from the table they summarise (issue 10, §5 of the report).

The consensus-movement sentence is checked against the ``consensus_shift`` rows of
key figures computed on several seeded demo datasets, on datasets whose consensus
was pushed all up or all down, and on hand-made tables with ties and a single marker.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from amiris_lab import make_demo_dataset
from amiris_lab.definitions import default_markers, marker_labels
from amiris_lab.reports import key_figures, movement_text
from amiris_lab.reports import movement_directions as consensus_movement
from amiris_lab.reports.narrative import fmt

NAMES = marker_labels(default_markers(), lang="fr")


def _label(code: str) -> str:
    return f"{NAMES[code]} ({code})"


def _consensus_set_to(ds, value: int):
    scores = ds.scores.copy()
    scores.loc[scores["round"] == "consensus", "score"] = value
    return dataclasses.replace(ds, scores=scores)


def _check_sentence(kf: pd.DataFrame) -> str:
    """Assert that what the sentence says about markers is what the table holds."""
    text = movement_text(kf, lang="fr")
    move = consensus_movement(kf)
    up, down = move[move["direction"] == "up"], move[move["direction"] == "down"]
    n = len(move)
    if len(up) == n:
        assert "abaisse" not in text and f"relève les {n} marqueurs" in text
    elif len(down) == n:
        assert "relève" not in text and f"abaisse les {n} marqueurs" in text
    else:
        assert ("relève" in text) == bool(len(up))
        assert ("abaisse" in text) == bool(len(down))
        if len(up):
            word = "marqueur" if len(up) == 1 else "marqueurs"
            assert f"relève {len(up)} {word} sur {n}" in text
    # the markers named as moving most are exactly the extremes of the shown values
    if len(up):
        top = up.loc[up["shown"] == up["shown"].max(), "marker"]
        assert all(_label(c) in text for c in top)
        assert f"+{fmt(up['shown'].max(), lang='fr')}" in text
    if len(down):
        bottom = down.loc[down["shown"] == down["shown"].min(), "marker"]
        assert all(_label(c) in text for c in bottom)
        assert fmt(down["shown"].min(), lang="fr") in text
    overall = kf.loc[(kf["indicator"] == "consensus_shift") & (kf["marker"] == ""), "value"]
    word = "au-dessus" if round(float(overall.iloc[0]), 2) > 0 else "en dessous"
    assert word in text.split(".")[0]
    return text


@pytest.mark.parametrize("seed", [1, 7, 2019, 31415])
def test_movement_sentence_matches_key_figures_of_seeded_datasets(seed):
    ds = make_demo_dataset(years=[2019], seed=seed, projects_per_year=(30, 40))
    _check_sentence(key_figures(ds, year=2019))


def test_demo_2019_every_marker_rose_so_none_is_said_lowered():
    # the defect of issue 10: the demo's consensus rose on all 12 markers in 2019
    ds = make_demo_dataset(years=[2019])
    kf = key_figures(ds, year=2019)
    move = consensus_movement(kf)
    if (move["direction"] == "up").all():
        text = _check_sentence(kf)
        assert "abaisse" not in text and "le moins" in text
    else:  # the demo changed: the sentence must still follow the table
        _check_sentence(kf)


@pytest.mark.parametrize(("value", "direction"), [(3, "up"), (0, "down")])
def test_movement_sentence_all_up_and_all_down(value, direction):
    ds = _consensus_set_to(
        make_demo_dataset(years=[2019], seed=3, projects_per_year=(20, 25)), value
    )
    kf = key_figures(ds, year=2019)
    assert (consensus_movement(kf)["direction"] == direction).all()
    text = _check_sentence(kf)
    assert ("abaisse" in text) == (direction == "down")


def _kf(values: dict[str, float], overall: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": 2019,
            "indicator": "consensus_shift",
            "marker": ["", *values],
            "value": [overall, *values.values()],
        }
    )


def test_movement_sentence_ties_name_every_tied_marker():
    kf = _kf({"M01": 0.3, "M02": 0.3, "M03": -0.1, "M04": -0.1, "M05": 0.0}, 0.08)
    text = _check_sentence(kf)
    assert "relève 2 marqueurs sur 5, le plus " + _label("M01") + " et " + _label("M02") in text
    assert "en abaisse 2, le plus " + _label("M03") + " et " + _label("M04") in text
    assert "inchangé : " + _label("M05") in text
    # equal shifts on every marker: no « most » and « least »
    same = movement_text(_kf({"M01": 0.2, "M02": 0.2}, 0.2), lang="fr")
    assert "relève les 2 marqueurs, chacun de +0,20" in same and "le moins" not in same


def test_movement_sentence_rounding_decides_the_direction():
    # -0.001 is shown as 0,00: it is neither lowered nor printed « -0,00 »
    text = movement_text(_kf({"M01": 0.2, "M02": -0.001}, 0.1), lang="fr")
    assert "abaisse" not in text and "-0,00" not in text and "inchangé : " + _label("M02") in text
    flat = movement_text(_kf({"M01": 0.001, "M02": -0.002}, -0.0004), lang="fr")
    assert "rejoint la moyenne" in flat and "chacun des 2 marqueurs" in flat


def test_movement_sentence_single_marker_and_english():
    text = movement_text(_kf({"M07": -0.25}, -0.25), lang="fr")
    assert "0,25 niveau en dessous" in text and "seul marqueur" in text and _label("M07") in text
    assert "relève" not in text and "abaisse" not in text
    en = movement_text(_kf({"M01": 0.3, "M02": 0.1}, 0.2), lang="en")
    assert "raises all 2 markers: most" in en and "lowers" not in en
