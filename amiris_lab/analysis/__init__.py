"""The tables researchers read: agreement per marker, rater diagnostics, consensus, marker structure.

Every function takes a :class:`~amiris_lab.data.dataset.MarkerDataset` first and
returns a tidy DataFrame with documented, stable columns. The coefficients
themselves live in :mod:`amiris_lab.agreement`; this package decides which units,
raters and groups they are computed on, and how the results are laid out.

Public names are loaded lazily, so importing one table does not import them all.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "STATISTICS": "amiris_lab.analysis.tables",
    "STATISTIC_RECORDS": "amiris_lab.analysis.table_statistics",
    "agreement_table": "amiris_lab.analysis.tables",
    "readable_agreement_table": "amiris_lab.analysis.tables",
    "agreement_table_legend": "amiris_lab.analysis.tables",
    "reliability_reading": "amiris_lab.analysis.reading",
    "reliability_legend": "amiris_lab.analysis.reading",
    "rater_severity": "amiris_lab.analysis.raters",
    "rater_influence": "amiris_lab.analysis.raters",
    "rater_consensus_gap": "amiris_lab.analysis.rater_tests",
    "flag_raters": "amiris_lab.analysis.rater_tests",
    "adjust_pvalues": "amiris_lab.analysis.rater_tests",
    "consensus_movement": "amiris_lab.analysis.consensus",
    "consensus_kappa": "amiris_lab.analysis.consensus",
    "round_comparison": "amiris_lab.analysis.consensus",
    "CronbachAlpha": "amiris_lab.analysis.structure",
    "cronbach_alpha": "amiris_lab.analysis.structure",
    "marker_consistency": "amiris_lab.analysis.structure",
    "marker_correlations": "amiris_lab.analysis.structure",
    "marker_components": "amiris_lab.analysis.structure",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
