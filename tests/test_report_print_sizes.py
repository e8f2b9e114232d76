"""Figures of the report stay readable once printed on A4 (issue 10: text >= 8 pt).

A figure saved at ``dpi`` and shown in the report's HTML is at most as wide as the
A4 text column (210 mm minus 2 x 12 mm margins, 703 CSS px); wider pictures are
scaled down, and their text with them. These tests save each figure as the
report does and compute the printed size of every text in it.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

matplotlib.use("Agg")

from amiris_lab.plotting import cluster_profile_heatmap, trend_panels

COLUMN_PX = (210 - 2 * 12) / 25.4 * 96  # A4 text column, CSS px
DPI = 90  # the report's figure.dpi


def printed_sizes(fig) -> list[tuple[str, float]]:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    width_px = Image.open(buffer).size[0]
    # image px -> CSS px (1:1, then shrunk to the column), CSS px -> pt (72/96)
    factor = (DPI / 72) * min(1.0, COLUMN_PX / width_px) * 72 / 96
    return [
        (t.get_text(), t.get_fontsize() * factor)
        for t in fig.findobj(Text)
        if t.get_text().strip() and t.get_visible()
    ]


@pytest.mark.parametrize("groups", [2, 4, 6])
def test_typology_heatmap_text_is_at_least_8_pt_on_a4(groups):
    rng = np.random.default_rng(groups)
    profiles = pd.DataFrame(
        rng.uniform(0, 3, size=(groups, 12)), columns=[f"M{i:02d}" for i in range(1, 13)]
    )
    sizes = {g: 10 + g for g in range(groups)}
    ax = cluster_profile_heatmap(profiles, sizes=sizes, markers_as_rows=True, lang="fr")
    small = [(t, round(s, 1)) for t, s in printed_sizes(ax.figure) if s < 8]
    assert not small
    # cell numbers are the French values, groups numbered from 1, « (n = 10) » unbroken
    cells = {t.get_text() for t in ax.texts}
    assert f"{profiles.iloc[0, 0]:.1f}".replace(".", ",") in cells
    heads = [t.get_text() for t in ax.get_xticklabels()]
    assert heads[0] == "Groupe 1\n(n\u00a0=\u00a010)"


def test_trend_panels_text_is_at_least_8_pt_on_a4():
    kf = pd.DataFrame(
        {
            "year": [2016, 2017, 2018, 2019] * 3,
            "marker": "",
            "indicator": ["applications"] * 4 + ["labelled_share"] * 4 + ["mean_consensus"] * 4,
            "value": [96, 95, 73, 102, 0.5, 0.58, 0.48, 0.57, 1.59, 1.71, 1.62, 1.66],
        }
    )
    fig = trend_panels(kf, lang="fr")
    small = [(t, round(s, 1)) for t, s in printed_sizes(fig) if s < 8]
    assert not small
    counts, shares, means = fig.axes
    # counts from 0 with whole ticks, shares 0-100 %, means on the whole 0-3 scale
    assert counts.get_ylim()[0] == 0
    assert all(float(v).is_integer() for v in counts.get_yticks())
    assert shares.get_ylim() == (0, 1)
    assert [t.get_text() for t in shares.get_yticklabels()][-1] == "100\u00a0%"
    assert means.get_ylim() == (0, 3)
    assert [t.get_text() for t in counts.get_xticklabels()] == ["2016", "2017", "2018", "2019"]
    assert counts.get_ylabel() == "projets"
    assert means.get_title().replace("\n", " ") == "Note moyenne de consensus"
