"""The pictures: radars, agreement forest, heatmaps, distributions, typology maps, Rasch maps.

Every function takes the tidy output of the statistics, accepts ``ax=None``
and returns the Axes (the Figure for multi-panel pictures); labels are French
by default (``lang="en"`` for English) and colours colour-blind-safe
(Okabe-Ito, cividis, BrBG, vlag); decisions and colleges take their colour from
:mod:`.palette`, the one place that defines it.
"""

from __future__ import annotations

from ._style import OKABE_ITO
from .agreement import agreement_forest, kappa_heatmap, rater_severity_plot
from .clusters import cluster_map, cluster_profile_heatmap, group_label
from .gtheory import dstudy_curves, variance_shares
from .palette import (
    COLLEGE_COLOURS,
    DECISION_COLOURS,
    DECISION_ORDER,
    category_colours,
    colours_for,
)
from .projects import category_label, decision_bars, decision_counts, natural_order
from .radar import radar, tidy_profiles
from .radar_grid import radar_grid
from .rasch import category_curves_plot, severity_plot, wright_map
from .scores import consensus_movement_plot, score_distribution
from .structure import marker_correlation_heatmap
from .trends import TREND_INDICATORS, trend_panels

__all__ = [
    "COLLEGE_COLOURS",
    "DECISION_COLOURS",
    "DECISION_ORDER",
    "OKABE_ITO",
    "category_colours",
    "category_label",
    "colours_for",
    "decision_bars",
    "decision_counts",
    "natural_order",
    "agreement_forest",
    "category_curves_plot",
    "cluster_map",
    "cluster_profile_heatmap",
    "consensus_movement_plot",
    "dstudy_curves",
    "kappa_heatmap",
    "marker_correlation_heatmap",
    "radar",
    "radar_grid",
    "rater_severity_plot",
    "score_distribution",
    "severity_plot",
    "tidy_profiles",
    "trend_panels",
    "TREND_INDICATORS",
    "group_label",
    "variance_shares",
    "wright_map",
]
