"""Project typologies, markers that behave alike, raters who score alike.

Modules: :mod:`.profiles` (which scores, how scaled), :mod:`.typology`
(:class:`MarkerTypology`), :mod:`.stability` (bootstrap over projects and
raters), :mod:`.summary` (sizes, distinguishing markers, names, cross-tables),
:mod:`.markers` (marker dendrogram), :mod:`.raters` (rater clusters),
:mod:`.maps` (2-D map of projects).
"""

from __future__ import annotations

from ._common import short_marker_names
from .maps import project_map
from .markers import MarkerDendrogram, correlation_linkage, marker_dendrogram
from .profiles import ProfileScaler, project_profiles
from .raters import RaterClusters, rater_clusters
from .stability import TypologyStability, typology_stability
from .summary import Crosstab, cluster_crosstab, cluster_differences, cluster_summary
from .typology import MarkerTypology

__all__ = [
    "Crosstab",
    "MarkerDendrogram",
    "MarkerTypology",
    "ProfileScaler",
    "RaterClusters",
    "TypologyStability",
    "cluster_crosstab",
    "cluster_differences",
    "cluster_summary",
    "correlation_linkage",
    "marker_dendrogram",
    "project_map",
    "project_profiles",
    "rater_clusters",
    "short_marker_names",
    "typology_stability",
]
