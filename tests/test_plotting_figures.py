"""Forest, severity, heatmaps, distributions, movement, cluster pictures: what a reader sees."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from clustering_planted import MARKERS, planted_dataset

from amiris_lab.clustering import MarkerTypology, cluster_summary, marker_dendrogram, project_map
from amiris_lab.exceptions import ParameterError
from amiris_lab.plotting import (
    agreement_forest,
    cluster_map,
    cluster_profile_heatmap,
    consensus_movement_plot,
    kappa_heatmap,
    marker_correlation_heatmap,
    rater_severity_plot,
    score_distribution,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def planted():
    dataset, _ = planted_dataset(n_types=3, seed=0)
    return dataset, MarkerTypology(n_clusters=3, random_state=0).fit(dataset)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """An agreement table shaped like the agreement engine's (two years)."""
    rng = np.random.default_rng(1)
    value = rng.uniform(0.3, 0.95, 24)
    return pd.DataFrame(
        {
            "marker": MARKERS * 2,
            "year": [2018] * 12 + [2019] * 12,
            "statistic": "alpha",
            "value": value,
            "se": 0.05,
            "ci_low": value - 0.1,
            "ci_high": np.minimum(value + 0.1, 1),
            "n_units": 40,
            "n_raters": 6,
            "n_ratings": 220,
            "band": "",
        }
    )


def _vertical_lines_at(ax) -> list[float]:
    out = []
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), dtype=float)
        if len(x) == 2 and x[0] == x[1]:
            out.append(float(x[0]))
    return out


def test_forest_one_row_per_marker_and_threshold_lines(table):
    one_year = table[table["year"] == 2019]
    ax = agreement_forest(one_year)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 12 and [lab.split(" ")[0] for lab in labels] == MARKERS
    assert 0.667 in _vertical_lines_at(ax) and 0.8 in _vertical_lines_at(ax)
    assert ax.get_xlabel() == "α de Krippendorff"
    # one point per marker, at the table's value
    (points,) = [c for c in ax.containers]
    np.testing.assert_allclose(points.lines[0].get_xdata(), one_year["value"])
    # the three bands are shaded
    assert len([p for p in ax.patches if p.get_alpha() is not None]) >= 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "fiable (≥ 0,800)" in legend and "insuffisant (< 0,667)" in legend


def test_forest_dodges_years_and_speaks_english(table):
    ax = agreement_forest(table, lang="en")
    assert len(ax.get_yticklabels()) == 12
    assert len(ax.containers) == 2  # one point series per year
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["2018", "2019"] and "reliable (≥ 0.800)" in legend
    assert ax.get_xlabel() == "Krippendorff's α"


def test_forest_errors(table):
    with pytest.raises(
        ParameterError,
        match=r"No row of statistic 'ac1' in the table; it holds "
        r"alpha",
    ):
        agreement_forest(table, statistic="ac1")
    with pytest.raises(ParameterError, match=r"agreement_forest needs the column\(s\) value"):
        agreement_forest(table.drop(columns="value"))


def test_rater_severity_sorted_and_coloured_by_college():
    table = pd.DataFrame(
        {
            "rater_id": ["R1", "R2", "R3"],
            "college": ["expert", "financeur_public", "expert"],
            "severity": [-0.2, 0.4, 0.1],
            "ci_low": [-0.3, 0.2, 0.0],
            "ci_high": [-0.1, 0.6, 0.2],
            "n_scores": 30,
            "n_projects": 10,
        }
    )
    ax = rater_severity_plot(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["R2", "R3", "R1"]  # most lenient on top
    assert 0.0 in _vertical_lines_at(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Financeur public", "Expert"]
    assert "plus sévère" in ax.get_xlabel()
    by_college = rater_severity_plot(table.drop(columns="rater_id").iloc[:2], lang="en")
    assert [t.get_text() for t in by_college.get_yticklabels()] == ["Public funder", "Expert"]


def test_kappa_heatmap_blank_diagonal():
    raters = ["R1", "R2", "R3"]
    matrix = pd.DataFrame(
        [[1, 0.2, 0.5], [0.2, 1, np.nan], [0.5, np.nan, 1]], index=raters, columns=raters
    )
    ax = kappa_heatmap(matrix)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["0,20", "0,20", "0,50", "0,50"]  # French decimals; no diagonal, no NaN pair
    assert sorted(t.get_text() for t in kappa_heatmap(matrix, lang="en").texts)[0] == "0.20"
    assert [t.get_text() for t in ax.get_xticklabels()] == raters
    with pytest.raises(ParameterError, match=r"expects a square rater x rater DataFrame"):
        kappa_heatmap(matrix.iloc[:2])


def test_marker_correlation_heatmap_follows_dendrogram(planted):
    dataset, _ = planted
    result = marker_dendrogram(dataset)
    fig = marker_correlation_heatmap(result.correlation, linkage=result.linkage)
    heat = fig.axes[1]
    rows = [t.get_text().split(" ")[0] for t in heat.get_yticklabels()]
    assert rows == result.order
    assert [t.get_text() for t in heat.get_xticklabels()] == result.order
    assert len(fig.axes) == 3
    with pytest.raises(ParameterError, match=r"expects a square marker x marker DataFrame"):
        marker_correlation_heatmap(result.correlation.iloc[:3])


def test_score_distribution_shares_by_hand():
    scores = pd.DataFrame(
        {"marker": ["M01"] * 4 + ["M02"] * 2, "round": "individuel", "score": [0, 1, 2, 3, 3, None]}
    )
    ax = score_distribution(scores, round="individuel")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["M01 · besoin", "M02 · bénéficiaires"]
    bars = ax.patches
    widths = np.array([b.get_width() for b in bars]).reshape(4, 2)  # levels x markers
    np.testing.assert_allclose(widths[:, 0], [25, 25, 25, 25])
    np.testing.assert_allclose(widths[:, 1], [0, 0, 0, 100])  # <NA> is left out
    # low levels to the left of zero: M01 starts at -50
    assert bars[0].get_x() == pytest.approx(-50)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "absent",
        "faible",
        "affirmé",
        "structurant",
    ]
    with pytest.raises(ParameterError, match=r"got no score to count"):
        score_distribution(scores.assign(score=None))


def test_consensus_movement_from_pairs_by_hand():
    pairs = pd.DataFrame(
        {
            "marker": ["M01", "M01", "M01", "M02"],
            "individual": [1, 2, 3, 0],
            "consensus": [2, 2, 2, 1],
        }
    )
    ax = consensus_movement_plot(pairs)
    hollow, filled = ax.collections[:2]
    np.testing.assert_allclose(hollow.get_offsets()[:, 0], [2.0, 0.0])  # mean individual
    np.testing.assert_allclose(filled.get_offsets()[:, 0], [2.0, 1.0])  # mean consensus
    notes = [t.get_text() for t in ax.texts if "%" in t.get_text()]
    assert notes[0] == "↑ 33\u00a0%  ↓ 33\u00a0%" and notes[1] == "↑ 100\u00a0%  ↓ 0\u00a0%"
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "0\nabsent"
    aggregated = pd.DataFrame(
        {"marker": ["M03"], "mean_individual": [1.2], "mean_consensus": [1.5]}
    )
    assert len(consensus_movement_plot(aggregated, lang="en").get_yticklabels()) == 1
    with pytest.raises(
        ParameterError,
        match=r"consensus_movement_plot needs the column\(s\) "
        r"consensus",
    ):
        consensus_movement_plot(pairs.drop(columns="consensus"))


def test_cluster_pictures(planted, tmp_path):
    dataset, typology = planted
    summary = cluster_summary(typology)
    names = dict(zip(summary["cluster"], summary["name"], strict=True))
    ax = cluster_profile_heatmap(
        typology.profiles_,
        names=names,
        sizes=dict(zip(summary["cluster"], summary["size"], strict=True)),
    )
    rows = [t.get_text() for t in ax.get_yticklabels()]
    # groups are numbered from 1 and « (n = 30) » never splits across lines (no-break spaces)
    assert len(rows) == 3 and rows[0].startswith("Groupe 1 · ")
    assert "(n\u00a0=\u00a030)" in rows[0]
    assert all("(n\u00a0=\u00a0" in r.splitlines()[-1] for r in rows)
    assert len(ax.get_xticklabels()) == 12
    colorbar = ax.collections[0].colorbar
    assert [t.get_text() for t in colorbar.ax.get_yticklabels()] == [
        "absent",
        "faible",
        "affirmé",
        "structurant",
    ]
    coords = project_map(typology)
    map_ax = cluster_map(coords, lang="en")
    assert map_ax.get_legend_handles_labels()[1] == ["Group 1", "Group 2", "Group 3"]
    assert map_ax.get_xlabel().startswith("Principal component 1 (")
    for i, fig in enumerate((ax.figure, map_ax.figure)):
        fig.savefig(tmp_path / f"f{i}.png")
        fig.savefig(tmp_path / f"f{i}.svg")
        assert (tmp_path / f"f{i}.svg").stat().st_size > 5000
    with pytest.raises(ParameterError, match=r"cluster_map needs the column\(s\) cluster"):
        cluster_map(coords.drop(columns="cluster"))
