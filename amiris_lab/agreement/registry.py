"""Registry of every agreement coefficient, for property tests and generic callers.

``COEFFICIENTS`` maps a name to a callable ``f(ratings) -> float-like`` with the
coefficient's defaults. ``NOMINAL`` names the coefficients that treat scores as
unordered labels (their value is invariant under relabelling the categories).
``NOT_COEFFICIENTS`` lists the public names of the package that are helpers or
result types, not coefficients (the meta-test checks every other public name is
registered).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._input import as_matrix
from .bootstrap import bootstrap_alpha
from .chance import (
    brennan_prediger,
    conger_kappa,
    fleiss_kappa,
    gwet_ac,
    percent_agreement,
)
from .cohen import cohen_kappa, pairwise_kappa
from .icc import icc
from .kendall import kendall_w
from .krippendorff import krippendorff_alpha


def _first_two(ratings):
    matrix = as_matrix(ratings, func="cohen_kappa")
    return matrix[:, 0], matrix[:, 1]


def _mean_pairwise(ratings) -> float:
    table = pairwise_kappa(ratings).to_numpy()
    off = table[~np.eye(table.shape[0], dtype=bool)]
    return float(np.nanmean(off)) if np.isfinite(off).any() else float("nan")


COEFFICIENTS: dict[str, Callable] = {
    "krippendorff_alpha": krippendorff_alpha,
    "krippendorff_alpha_nominal": lambda r: krippendorff_alpha(r, level="nominal"),
    "krippendorff_alpha_interval": lambda r: krippendorff_alpha(r, level="interval"),
    "krippendorff_alpha_ratio": lambda r: krippendorff_alpha(r, level="ratio"),
    "bootstrap_alpha": lambda r: bootstrap_alpha(r, n_boot=200, seed=0),
    "percent_agreement": percent_agreement,
    "fleiss_kappa": fleiss_kappa,
    "conger_kappa": conger_kappa,
    "gwet_ac": gwet_ac,
    "gwet_ac2_quadratic": lambda r: gwet_ac(r, weights="quadratic"),
    "brennan_prediger": brennan_prediger,
    "cohen_kappa": lambda r: cohen_kappa(*_first_two(r)),
    "pairwise_kappa": _mean_pairwise,
    "icc": lambda r: float(icc(r).loc["ICC2", "value"]),
    "kendall_w": kendall_w,
}

NOMINAL = frozenset(
    {
        "krippendorff_alpha_nominal",
        "percent_agreement",
        "fleiss_kappa",
        "conger_kappa",
        "gwet_ac",
        "brennan_prediger",
        "cohen_kappa",
        "pairwise_kappa",
    }
)

# coefficients of exactly two raters (the registry entry uses the first two columns)
TWO_RATERS = frozenset({"cohen_kappa"})

NOT_COEFFICIENTS = frozenset(
    {
        "AgreementEstimate",
        "AlphaBootstrap",
        "KendallW",
        "FleissNullTest",
        "fleiss_null_test",  # a test of H0, its value is fleiss_kappa's
        "COEFFICIENTS",
        "interpret",
        "gwet_benchmark",
    }
)

__all__ = ["COEFFICIENTS", "NOMINAL", "NOT_COEFFICIENTS", "TWO_RATERS"]
