"""One palette: a decision or a college has the same colour in every figure (issue 10)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb

matplotlib.use("Agg")

from amiris_lab import make_demo_dataset
from amiris_lab.analysis import rater_severity
from amiris_lab.plotting import (
    COLLEGE_COLOURS,
    DECISION_COLOURS,
    category_colours,
    decision_bars,
    natural_order,
    radar,
    rater_severity_plot,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"labellise": "Labellisé", "ajourne": "Ajourné", "non_labellise": "Non labellisé"}


@pytest.fixture(scope="module")
def demo():
    return make_demo_dataset(years=[2018, 2019], seed=11, projects_per_year=(40, 50))


def _bar_colours(ax) -> dict[str, str]:
    handles, labels = ax.get_legend_handles_labels()
    return {
        lab: to_hex(h.patches[0].get_facecolor()).upper()
        for h, lab in zip(handles, labels, strict=True)
    }


def test_decision_bars_use_the_decision_colours(demo):
    for by in ("department", "stage", "year"):
        colours = _bar_colours(decision_bars(demo.projects, by=by))
        assert colours == {LABELS[c]: DECISION_COLOURS[c] for c in LABELS}


def test_radar_by_decision_uses_the_same_colours(demo):
    profiles = demo.profiles(round="consensus")
    decision = demo.projects.set_index("project_id")["decision"].astype(str)
    means = profiles.groupby(decision.reindex(profiles.index)).mean()
    means = means.reindex(natural_order("decision", means.index))  # as the report does
    means.index = [LABELS[c] for c in means.index]
    ax = radar(means, colours=category_colours("decision"))
    legend = next(
        lg for lg in ax.findobj(matplotlib.legend.Legend) if lg.get_title().get_text() == "Profils"
    )
    lines = {line.get_label(): to_hex(line.get_color()).upper() for line in ax.get_lines()}
    assert {k: lines[k] for k in LABELS.values()} == {
        LABELS[c]: DECISION_COLOURS[c] for c in LABELS
    }
    shown = [t.get_text() for t in legend.get_texts()]
    assert shown[:3] == list(LABELS.values())


def test_severity_plot_uses_the_college_colours(demo):
    ax = rater_severity_plot(rater_severity(demo))
    drawn = {c.get_label(): to_hex(c.lines[0].get_color()).upper() for c in ax.containers}
    expected = category_colours("college")
    assert len(drawn) == 4 and all(colour == expected[label] for label, colour in drawn.items())


def test_templates_take_category_colours_from_the_palette():
    # the report template and the notebooks never pick decision colours by position
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "amiris_lab").rglob("*.py"))
    assert not re.search(r"OKABE_ITO\[\d*:\d*\]", sources)
    assert 'pl.radar(par_decision, colours=pl.category_colours("decision")' in sources


def _linear(rgb):
    rgb = np.asarray(rgb)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear):
    xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    ) @ np.clip(linear, 0, 1)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),  # fmt: skip
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),  # fmt: skip
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),  # fmt: skip
}


@pytest.mark.parametrize(
    "palette", [DECISION_COLOURS, COLLEGE_COLOURS], ids=["decision", "college"]
)
@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_palette_stays_distinct_for_colour_blind_readers(palette, vision):
    labs = {k: _lab(SIMULATIONS[vision] @ _linear(to_rgb(c))) for k, c in palette.items()}
    for (a, la), (b, lb) in itertools.combinations(labs.items(), 2):
        # CIE76 distance; 20 is well beyond "clearly different" (about 10)
        assert np.linalg.norm(la - lb) > 20, (vision, a, b)


def test_palette_has_one_colour_per_category():
    assert len(set(DECISION_COLOURS.values())) == 3
    assert not set(DECISION_COLOURS.values()) & set(COLLEGE_COLOURS.values())
    assert (
        pd.Series(category_colours("college")).loc["Financeur public"]
        == COLLEGE_COLOURS["financeur_public"]
    )
