"""The radar and its small multiples: what a reader sees (labels, lines, rings), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from clustering_planted import MARKERS, planted_dataset

from amiris_lab.clustering import MarkerTypology
from amiris_lab.definitions import default_markers, default_scale
from amiris_lab.exceptions import ParameterError
from amiris_lab.plotting import radar, radar_grid, tidy_profiles


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _profile_lines(ax):
    """The lines a reader finds in the legend: labelled, not matplotlib's private ones."""
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


@pytest.fixture(scope="module")
def workshop() -> pd.DataFrame:
    """One project as a workshop sees it: 3 raters, the consensus, a reference."""
    rng = np.random.default_rng(0)
    rows = []
    for rater in ("R1", "R2", "R3"):
        rows += [
            (rater, "rater", m, int(v))
            for m, v in zip(MARKERS, rng.integers(0, 4, 12), strict=True)
        ]
    rows += [("Comité", "consensus", m, 2) for m in MARKERS]
    rows += [("Moyenne 2019", "reference", m, 1.5) for m in MARKERS]
    return pd.DataFrame(rows, columns=["profile", "role", "marker", "score"])


def test_radar_has_twelve_labelled_axes_in_marker_order(workshop):
    ax = radar(workshop)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 12
    assert [label.split("\n")[0] for label in labels] == MARKERS
    assert labels[6] == "M07\nGouvernance"
    # clockwise from the top: M01 at 12 o'clock, M04 at 3 o'clock
    assert ax.get_theta_direction() == -1
    assert ax.get_theta_offset() == pytest.approx(np.pi / 2)
    np.testing.assert_allclose(ax.get_xticks()[3], np.pi / 2)


def test_one_line_per_profile_styled_by_role(workshop):
    ax = radar(workshop)
    lines = {line.get_label(): line for line in _profile_lines(ax)}
    assert sorted(lines) == ["Comité", "Moyenne 2019", "R1", "R2", "R3"]
    assert lines["Comité"].get_linewidth() > 2 * lines["R1"].get_linewidth()  # consensus bold
    assert lines["Moyenne 2019"].get_linestyle() == "--"  # reference dashed
    assert lines["R1"].get_linestyle() == "-"
    # each line goes round the 12 axes and closes on the first
    assert len(lines["R1"].get_xdata()) == 13
    legends = {lg.get_title().get_text(): lg for lg in ax.findobj(matplotlib.legend.Legend)}
    legend_texts = [t.get_text() for t in legends["Profils"].get_texts()]
    assert legend_texts == ["R1", "R2", "R3", "Comité", "Moyenne 2019"]


def _rings(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "ring-label"]


def test_rings_are_the_scale_names():
    profile = pd.Series(np.linspace(0, 3, 12), index=MARKERS, name="P1")
    ax = radar(profile)
    assert _rings(ax) == [
        "absent",
        "faible",
        "affirmé",
        "structurant",
    ]
    assert list(ax.get_yticks()) == [0, 1, 2, 3]
    english = radar(profile, lang="en")
    assert _rings(english) == list(default_scale()["label_en"])
    assert english.get_xticklabels()[4].get_text() == "M05\nResearch"


def test_custom_scale_and_marker_labels():
    scale = pd.DataFrame(
        {"level": [1, 2, 3, 4, 5], "label_fr": list("abcde"), "label_en": list("ABCDE")}
    )
    profile = pd.Series(3.0, index=MARKERS, name="P")
    ax = radar(profile, scale=scale, labels="code")
    assert _rings(ax) == list("abcde")
    assert [t.get_text() for t in ax.get_xticklabels()] == MARKERS
    full = radar(profile, labels="full")
    assert full.get_xticklabels()[0].get_text().startswith("M01\nContextualisation\ndu besoin")


def test_dimensions_are_shaded_and_named():
    ax = radar(pd.Series(2.0, index=MARKERS, name="P"))
    # one shaded sector per marker, coloured by its dimension
    sectors = [p for p in ax.patches if p.get_alpha() == pytest.approx(0.13)]
    assert len(sectors) == 12
    dims = list(default_markers()["dimension"])
    colours = [sector.get_facecolor()[:3] for sector in sectors]
    for i in range(12):
        for j in range(12):
            assert (colours[i] == colours[j]) == (dims[i] == dims[j])
    texts = [
        t.get_text() for legend in ax.findobj(matplotlib.legend.Legend) for t in legend.get_texts()
    ]
    for name in ("Contexte d'émergence", "Processus", "Résultat", "Diffusion et changements"):
        assert name in texts


def test_input_forms_agree(workshop):
    wide = workshop.pivot(index="profile", columns="marker", values="score")
    from_wide = tidy_profiles(wide)
    assert set(from_wide["profile"]) == {"Comité", "Moyenne 2019", "R1", "R2", "R3"}
    assert from_wide["role"].eq("profile").all()
    as_dict = tidy_profiles({"COMITE": wide.loc["Comité"]}, kind="rater")
    assert as_dict["role"].eq("consensus").all()  # the committee's id gets the consensus role


def test_radar_saves_png_and_svg(workshop, tmp_path):
    fig = radar(workshop, title="Projet P1").figure
    for suffix in ("png", "svg"):
        path = tmp_path / f"radar.{suffix}"
        fig.savefig(path, bbox_inches="tight")
        assert path.stat().st_size > 5000
    assert (tmp_path / "radar.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "radar.svg").read_text()


def test_radar_grid_one_panel_per_cluster(tmp_path):
    dataset, _ = planted_dataset(n_types=3, seed=0)
    typology = MarkerTypology(n_clusters=3, random_state=0).fit(dataset)
    titles = {0: "Premier", 1: "Deuxième", 2: "Troisième"}
    fig = radar_grid(
        typology.profiles_, reference=typology.project_profiles_.mean(), titles=titles, ncols=2
    )
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    assert [ax.get_title() for ax in visible] == ["Premier", "Deuxième", "Troisième"]
    for ax in visible:
        assert len(_profile_lines(ax)) == 2  # the cluster and the dashed reference
        assert [t.get_text() for t in ax.get_xticklabels()] == MARKERS
    fig.savefig(tmp_path / "grid.svg")
    tidy = typology.profiles_.reset_index().melt(id_vars="cluster", value_name="score")
    tidy = tidy.rename(columns={"cluster": "panel"})
    assert len(radar_grid(tidy).axes) == 3


def test_radar_errors(workshop):
    with pytest.raises(ParameterError, match=r"needs a polar Axes"):
        radar(workshop, ax=plt.figure().add_subplot())
    with pytest.raises(ParameterError, match=r"Unknown profile role 'juge'"):
        radar(workshop.assign(role="juge"))
    with pytest.raises(ParameterError, match=r"Unknown marker 'M99' in the profiles"):
        radar(pd.Series({"M99": 1.0}, name="x"))
    with pytest.raises(
        ParameterError,
        match=r"The 'kind' parameter of radar must be one of "
        r"\{'profile', 'rater', 'consensus', 'reference'\}. Got 'member'",
    ):
        radar(workshop, kind="member")
    with pytest.raises(ParameterError, match=r"'labels' parameter of radar .* Got 'long'"):
        radar(workshop, labels="long")
    with pytest.raises(ParameterError, match=r"radar expects a DataFrame .* got list"):
        radar([1, 2, 3])
    with pytest.raises(
        ParameterError,
        match=r"'ncols' parameter of radar_grid must be a "
        r"positive integer. Got 0",
    ):
        radar_grid(pd.DataFrame([[1.0] * 12], columns=MARKERS), ncols=0)


def test_ring_names_stay_readable_above_the_profile_lines():
    # issue 10: the ring labels were crossed by the profile lines
    profiles = {f"R{i}": pd.Series((np.arange(12) + i) % 4, index=MARKERS) for i in range(4)}
    ax = radar(profiles, kind="rater")
    top_line = max(line.get_zorder() for line in ax.get_lines())
    rings = [t for t in ax.texts if t.get_gid() == "ring-label"]
    assert len(rings) == 4
    for text in rings:
        assert text.get_zorder() > top_line
        box = text.get_bbox_patch()
        assert box is not None and box.get_facecolor()[:3] == (1.0, 1.0, 1.0)
        assert box.get_alpha() >= 0.9


def test_axes_ordered_by_dimension_on_request():
    profile = pd.Series(np.linspace(0, 3, 12), index=MARKERS, name="P1")
    codes = [t.get_text().split("\n")[0] for t in radar(profile).get_xticklabels()]
    assert codes == MARKERS  # code order by default
    by_dim = [
        t.get_text().split("\n")[0] for t in radar(profile, order="dimension").get_xticklabels()
    ]
    dims = default_markers().set_index("code")["dimension"]
    assert sorted(by_dim) == MARKERS and by_dim[:3] == ["M01", "M02", "M11"]
    # each dimension's markers are side by side
    runs = [d for i, d in enumerate(dims[by_dim]) if i == 0 or d != dims[by_dim].iloc[i - 1]]
    assert len(runs) == dims.nunique()
    # the profile follows its markers: the value drawn on each axis is that marker's
    ax = radar(profile, order="dimension", fill=False)
    line = ax.get_lines()[-1]
    values = dict(zip(by_dim, line.get_ydata()[:12], strict=True))
    assert values == profile.to_dict()
    with pytest.raises(ParameterError, match="order"):
        radar(profile, order="alphabet")
