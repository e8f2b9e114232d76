"""The pictures: radars, agreement forest, heatmaps, distributions, typology maps, Rasch maps.

Every function takes the tidy output of the statistics, accepts ``ax=None``
and returns the Axes (the Figure for multi-panel pictures); labels are French
by default (``lang="en"`` for English) and colours colour-blind-safe
(Okabe-Ito, cividis, BrBG, vlag).
"""

from __future__ import annotations

from ._style import OKABE_ITO
from .agreement import agreement_forest, kappa_heatmap, rater_severity_plot
from .clusters import cluster_map, cluster_profile_heatmap
from .gtheory import dstudy_curves, variance_shares
from .radar import radar, radar_grid, tidy_profiles
from .rasch import category_curves_plot, severity_plot, wright_map
from .scores import consensus_movement_plot, score_distribution
from .structure import marker_correlation_heatmap

__all__ = [
    "OKABE_ITO",
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
    "variance_shares",
    "wright_map",
]
