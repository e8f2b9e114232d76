"""Projects by decision: natural order, legend = table order, whole-number ticks (issue 10)."""

from __future__ import annotations

import matplotlib
import pandas as pd

matplotlib.use("Agg")

from amiris_lab.definitions import vocabulary_label
from amiris_lab.plotting import category_label, decision_bars, decision_counts

PROJECTS = pd.DataFrame(
    {
        "department": ["80", "02", "62", "59", "60", "02"],
        "stage": [
            "essaimage",
            "experimentation",
            "emergence",
            "essaimage",
            "emergence",
            "emergence",
        ],
        "sector": [
            "mobilité",
            "économie circulaire",
            "sante",
            "services_a_la_personne",
            "mobilité",
            "x",
        ],
        "year": [2019, 2018, 2019, 2019, 2018, 2019],
        "decision": ["non_labellise", "ajourne", "labellise", "labellise", "ajourne", "labellise"],
    }
)


def test_departments_read_02_to_80_top_to_bottom():
    ax = decision_bars(PROJECTS, by="department", lang="fr")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["02 Aisne", "59 Nord", "60 Oise", "62 Pas-de-Calais", "80 Somme"]
    # top to bottom: the first row is drawn highest
    positions = [t.get_position()[1] for t in ax.get_yticklabels()]
    top = ax.get_ylim()[1]
    assert abs(positions[0] - top) < abs(positions[-1] - top)


def test_stages_in_their_natural_order_and_legend_as_table():
    table = decision_counts(PROJECTS, by="stage", lang="fr")
    assert list(table.index) == ["Émergence", "Expérimentation", "Essaimage"]
    assert list(table.columns) == ["Labellisé", "Ajourné", "Non labellisé"]
    ax = decision_bars(PROJECTS, by="stage", lang="fr")
    assert ax.get_legend_handles_labels()[1] == list(table.columns)


def test_count_ticks_are_whole_projects():
    for by in ("department", "stage", "year"):
        ax = decision_bars(PROJECTS, by=by, lang="fr")
        axis = ax.yaxis if by == "year" else ax.xaxis
        ticks = [t for t in axis.get_majorticklocs() if 0 <= t <= max(axis.get_view_interval())]
        assert ticks and all(float(t).is_integer() for t in ticks), (by, ticks)
        assert min(axis.get_view_interval()) == 0


def test_users_spelling_is_kept():
    assert category_label("sector", "mobilité") == "mobilité"
    assert category_label("sector", "économie circulaire") == "économie circulaire"
    # the format's own codes get the format's label, with its accents
    assert category_label("sector", "services_a_la_personne") == vocabulary_label(
        "sector", "services_a_la_personne", lang="fr"
    )
    assert "Sante" not in decision_counts(PROJECTS, by="sector", lang="fr").index
    assert category_label("stage", "experimentation") == "Expérimentation"
    table = decision_counts(PROJECTS, by="sector", total=True, lang="fr")
    assert "économie circulaire" in table.index and table.loc["Total", "Total"] == len(PROJECTS)
