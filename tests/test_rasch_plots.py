"""Pictures of the Rasch model: they draw what the tables hold, with French labels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import amiris_lab
from amiris_lab.exceptions import ParameterError
from amiris_lab.plotting import category_curves_plot, severity_plot, wright_map
from amiris_lab.rasch import FacetsModel


@pytest.fixture(scope="module")
def fitted():
    return FacetsModel().fit(amiris_lab.make_demo_dataset(years=(2019,)))


def test_wright_map_puts_every_element_at_its_measure(fitted):
    ax = wright_map(fitted.measures_, fitted.thresholds_)
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert names == [
        "Projets",
        "Marqueurs\n(difficulté)",
        "Membres\n(sévérité)",
        "Seuils\nd'Andrich",
    ]
    points = [c.get_offsets()[:, 1] for c in ax.collections if len(c.get_offsets())]
    np.testing.assert_allclose(points[0], fitted.measures_.loc["marker", "measure"])
    np.testing.assert_allclose(points[1], fitted.measures_.loc["rater_id", "measure"])
    np.testing.assert_allclose(points[2], fitted.thresholds_["threshold"])
    # the projects' histogram holds every project
    heights = sum(p.get_width() for p in ax.patches)
    assert heights > 0
    texts = {t.get_text() for t in ax.texts}
    assert {"M01", "R15", "0→1", "2→3"} <= texts
    plt.close("all")


def test_wright_map_in_english(fitted):
    ax = wright_map(fitted.measures_, lang="en")
    assert ax.get_ylabel() == "Measure (logits)"
    assert ax.get_title() == "Wright map"
    plt.close("all")


def test_category_curves_are_probabilities(fitted):
    ax = category_curves_plot(
        fitted.thresholds_, labels=["absent", "faible", "affirmé", "structurant"]
    )
    lines = ax.get_lines()[:4]
    total = np.sum([line.get_ydata() for line in lines], axis=0)
    np.testing.assert_allclose(total, 1.0)
    # adjacent curves cross at the Andrich thresholds
    x = lines[0].get_xdata()
    for k, tau in enumerate(fitted.thresholds_["threshold"]):
        gap = lines[k].get_ydata() - lines[k + 1].get_ydata()
        crossing = x[np.flatnonzero(np.diff(np.sign(gap)))[0]]
        assert crossing == pytest.approx(tau, abs=0.03)
    assert ax.get_ylabel() == "Probabilité de la catégorie"
    with pytest.raises(ParameterError, match="Unknown threshold group"):
        category_curves_plot(fitted.thresholds_, group="M99")
    plt.close("all")


def test_severity_plot_orders_members_and_flags_them(fitted):
    ax = severity_plot(fitted.measures_)
    sev = fitted.measures_.loc["rater_id"].sort_values("measure")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(sev.index)
    segments = ax.collections[0].get_segments()
    for (lo, _), (hi, _), (_, row) in zip(
        (s[0] for s in segments), (s[1] for s in segments), sev.iterrows(), strict=True
    ):
        assert lo == pytest.approx(row["measure"] - 1.96 * row["se"])
        assert hi == pytest.approx(row["measure"] + 1.96 * row["se"])
    assert "Sévérité des membres" in ax.get_title()
    with pytest.raises(ParameterError, match="measures_ table"):
        severity_plot(sev)
    plt.close("all")
