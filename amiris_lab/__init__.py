"""amiris_lab: a research workbench for the Institut Godin markers of social innovation.

The public API is loaded lazily, so ``import amiris_lab`` stays fast (the workshop
participant page imports it without pandas' heavy friends).

Examples
--------
>>> import amiris_lab
>>> amiris_lab.__version__
'0.1.0'
"""

from __future__ import annotations

from ._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    # definitions and errors
    "AmirisError": "amiris_lab.exceptions",
    "SchemaError": "amiris_lab.exceptions",
    "ParameterError": "amiris_lab.exceptions",
    "EstimationError": "amiris_lab.exceptions",
    "Problem": "amiris_lab.exceptions",
    "default_markers": "amiris_lab.definitions",
    "default_scale": "amiris_lab.definitions",
    "set_language": "amiris_lab.i18n",
    # data
    "MarkerDataset": "amiris_lab.data.dataset",
    "load_dataset": "amiris_lab.data.io",
    "validate_dataset": "amiris_lab.data.validation",
    "write_dataset": "amiris_lab.data.io",
    "read_raw_tables": "amiris_lab.data.readers",
    "summary_table": "amiris_lab.data.summary",
    "make_demo_dataset": "amiris_lab.data.demo",
    "scan_personal_data": "amiris_lab.data.privacy.detection",
    "anonymise": "amiris_lab.data.privacy.pipeline",
    "k_anonymity": "amiris_lab.data.privacy.kanonymity",
    "generalise": "amiris_lab.data.privacy.kanonymity",
    # analyses
    "agreement_table": "amiris_lab.analysis.tables",
    "rater_severity": "amiris_lab.analysis.raters",
    "rater_influence": "amiris_lab.analysis.raters",
    "rater_consensus_gap": "amiris_lab.analysis.rater_tests",
    "flag_raters": "amiris_lab.analysis.rater_tests",
    "reliability_reading": "amiris_lab.analysis.reading",
    "readable_agreement_table": "amiris_lab.analysis.tables",
    "agreement_table_legend": "amiris_lab.analysis.tables",
    "consensus_movement": "amiris_lab.analysis.consensus",
    "consensus_kappa": "amiris_lab.analysis.consensus",
    "round_comparison": "amiris_lab.analysis.consensus",
    "marker_consistency": "amiris_lab.analysis.structure",
    "marker_correlations": "amiris_lab.analysis.structure",
    "marker_components": "amiris_lab.analysis.structure",
    "krippendorff_alpha": "amiris_lab.agreement",
    "bootstrap_alpha": "amiris_lab.agreement",
    "gwet_ac": "amiris_lab.agreement",
    "fleiss_kappa": "amiris_lab.agreement",
    "cohen_kappa": "amiris_lab.agreement",
    "icc": "amiris_lab.agreement",
    "kendall_w": "amiris_lab.agreement",
    "MarkerTypology": "amiris_lab.clustering",
    "gstudy": "amiris_lab.gtheory",
    "dstudy": "amiris_lab.gtheory",
    "min_raters": "amiris_lab.gtheory",
    "FacetsModel": "amiris_lab.rasch",
    "fair_score_changes": "amiris_lab.rasch",
    "flagged_members": "amiris_lab.rasch",
    # reports
    "run_report": "amiris_lab.reports",
    "run_reports": "amiris_lab.reports",
    # workshops
    "WorkshopStore": "amiris_lab.workshop.store",
    "load_case": "amiris_lab.workshop.case",
    "export_workshop": "amiris_lab.workshop.export",
    "typology_stability": "amiris_lab.clustering",
    "cluster_summary": "amiris_lab.clustering",
    "cluster_crosstab": "amiris_lab.clustering",
    "marker_dendrogram": "amiris_lab.clustering",
    "rater_clusters": "amiris_lab.clustering",
    "project_map": "amiris_lab.clustering",
    # pictures
    "radar": "amiris_lab.plotting",
    "radar_grid": "amiris_lab.plotting",
    "agreement_forest": "amiris_lab.plotting",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, extra=("__version__",))
