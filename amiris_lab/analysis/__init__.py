"""The tables researchers read: agreement per marker, rater diagnostics, consensus, marker structure.

Every function takes a :class:`~amiris_lab.dataset.MarkerDataset` first and
returns a tidy DataFrame with documented, stable columns. The coefficients
themselves live in :mod:`amiris_lab.agreement`; this package decides which units,
raters and groups they are computed on, and how the results are laid out.

Public names are loaded lazily, so importing one table does not import them all.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "STATISTICS": "tables",
    "agreement_table": "tables",
    "readable_agreement_table": "tables",
    "rater_severity": "raters",
    "rater_influence": "raters",
    "consensus_movement": "consensus",
    "consensus_kappa": "consensus",
    "round_comparison": "consensus",
    "CronbachAlpha": "structure",
    "cronbach_alpha": "structure",
    "marker_consistency": "structure",
    "marker_correlations": "structure",
    "marker_components": "structure",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'amiris_lab.analysis' has no attribute {name!r}") from None
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
