"""Pictures of a G study: what a reader sees (lines, target, labels, bars)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from amiris_lab.exceptions import ParameterError
from amiris_lab.gtheory import gstudy, marker_curves
from amiris_lab.plotting import dstudy_curves, variance_shares

HERE = Path(__file__).parent / "data" / "gtheory"


@pytest.fixture(scope="module")
def study():
    return gstudy(pd.read_csv(HERE / "unbalanced_pxrxm.csv"))


def test_dstudy_curves_one_line_per_marker_with_the_target(study):
    curves = marker_curves(study, rater_id=range(1, 11))
    ax = dstudy_curves(curves)
    lines = [line for line in ax.get_lines() if line.get_label().startswith("M")]
    assert [line.get_label() for line in lines] == [f"M0{i}" for i in range(1, 7)]
    for line, (_, part) in zip(lines, curves.groupby("marker"), strict=True):
        np.testing.assert_allclose(line.get_ydata(), part["g_coef"])
        assert np.all(np.diff(line.get_ydata()) > 0)  # more members, more dependable
    target = [line for line in ax.get_lines() if np.allclose(line.get_ydata(), 0.8)]
    assert target, "the 0.80 line is drawn"
    assert ax.get_xlabel() == "Nombre de membres qui notent chaque projet"
    assert "Eρ²" in ax.get_ylabel()
    assert any(t.get_text() == "cible 0,80" for t in ax.texts)
    plt.close(ax.figure)


def test_dstudy_curves_phi_in_english(study):
    curves = marker_curves(study, rater_id=[1, 2, 3])
    ax = dstudy_curves(curves, coefficient="phi", lang="en")
    assert ax.get_ylabel() == "Dependability coefficient Φ"
    assert any(t.get_text() == "target 0.80" for t in ax.texts)
    plt.close(ax.figure)
    with pytest.raises(ParameterError, match="coefficient"):
        dstudy_curves(curves, coefficient="alpha")


def test_variance_shares_bars_and_french_labels(study):
    ax = variance_shares(study.components)
    widths = [patch.get_width() for patch in ax.patches]
    np.testing.assert_allclose(widths, study.components["share"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Projet" and "Projet × marqueur" in labels
    assert labels[-1].startswith("Résiduel")
    assert any(t.get_text().endswith("\u202f%") and "," in t.get_text() for t in ax.texts)
    plt.close(ax.figure)
