"""The one registry of agreement coefficients: one record per coefficient.

Each :class:`Coefficient` names a public function of :mod:`amiris_lab.agreement`
and says how to call it with its defaults on a units x raters matrix
(``call(ratings) -> float-like``), whether it treats scores as unordered labels
(``nominal``: invariant under relabelling the categories) and whether it takes
exactly two raters. The analysis tables find their coefficients here
(:func:`coefficient`), and the property tests run over every record.

``COEFFICIENTS``, ``NOMINAL`` and ``TWO_RATERS`` are views of :data:`REGISTRY`.
``NOT_COEFFICIENTS`` lists the public names of the package that are helpers or
result types, not coefficients (a meta-test checks every other public name is
registered).

Examples
--------
>>> coefficient("gwet_ac").function.__name__
'gwet_ac'
>>> round(float(COEFFICIENTS["fleiss_kappa"]([[1, 1], [2, 2], [1, 2]])), 3)
0.333
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._param_validation import check_option
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


@dataclass(frozen=True)
class Coefficient:
    """One registered coefficient.

    Attributes
    ----------
    name : str
        Registry key (a public function's name, or a variant such as
        ``"gwet_ac2_quadratic"``).
    function : callable
        The public function of :mod:`amiris_lab.agreement` that computes it.
    call : callable
        ``call(ratings)`` with this entry's options; returns a float or an
        object convertible with ``float()``.
    nominal : bool
        Scores are unordered labels (relabelling the categories keeps the value).
    two_raters : bool
        Defined for exactly two raters (``call`` uses the first two columns).
    """

    name: str
    function: Callable
    call: Callable
    nominal: bool = False
    two_raters: bool = False


def _first_two(ratings):
    matrix = as_matrix(ratings, func="cohen_kappa")
    return matrix[:, 0], matrix[:, 1]


def _mean_pairwise(ratings) -> float:
    table = pairwise_kappa(ratings).to_numpy()
    off = table[~np.eye(table.shape[0], dtype=bool)]
    return float(np.nanmean(off)) if np.isfinite(off).any() else float("nan")


_RECORDS = [
    Coefficient("krippendorff_alpha", krippendorff_alpha, krippendorff_alpha),
    Coefficient(
        "krippendorff_alpha_nominal",
        krippendorff_alpha,
        lambda r: krippendorff_alpha(r, level="nominal"),
        nominal=True,
    ),
    Coefficient(
        "krippendorff_alpha_interval",
        krippendorff_alpha,
        lambda r: krippendorff_alpha(r, level="interval"),
    ),
    Coefficient(
        "krippendorff_alpha_ratio",
        krippendorff_alpha,
        lambda r: krippendorff_alpha(r, level="ratio"),
    ),
    Coefficient(
        "bootstrap_alpha", bootstrap_alpha, lambda r: bootstrap_alpha(r, n_boot=200, seed=0)
    ),
    Coefficient("percent_agreement", percent_agreement, percent_agreement, nominal=True),
    Coefficient("fleiss_kappa", fleiss_kappa, fleiss_kappa, nominal=True),
    Coefficient("conger_kappa", conger_kappa, conger_kappa, nominal=True),
    Coefficient("gwet_ac", gwet_ac, gwet_ac, nominal=True),
    Coefficient("gwet_ac2_quadratic", gwet_ac, lambda r: gwet_ac(r, weights="quadratic")),
    Coefficient("brennan_prediger", brennan_prediger, brennan_prediger, nominal=True),
    Coefficient(
        "cohen_kappa",
        cohen_kappa,
        lambda r: cohen_kappa(*_first_two(r)),
        nominal=True,
        two_raters=True,
    ),
    Coefficient("pairwise_kappa", pairwise_kappa, _mean_pairwise, nominal=True),
    Coefficient("icc", icc, lambda r: float(icc(r).loc["ICC2", "value"])),
    Coefficient("kendall_w", kendall_w, kendall_w),
]

#: Name -> :class:`Coefficient`, the one registry.
REGISTRY: dict[str, Coefficient] = {record.name: record for record in _RECORDS}

#: Name -> ``call(ratings)`` with the coefficient's defaults.
COEFFICIENTS: dict[str, Callable] = {name: record.call for name, record in REGISTRY.items()}

#: Coefficients that treat scores as unordered labels.
NOMINAL = frozenset(name for name, record in REGISTRY.items() if record.nominal)

#: Coefficients of exactly two raters (the entry uses the first two columns).
TWO_RATERS = frozenset(name for name, record in REGISTRY.items() if record.two_raters)

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


def coefficient(name: str) -> Coefficient:
    """The registered record of ``name``; a :class:`ParameterError` names the choices."""
    check_option(name, REGISTRY, name="name", func="coefficient")
    return REGISTRY[name]


__all__ = [
    "COEFFICIENTS",
    "NOMINAL",
    "NOT_COEFFICIENTS",
    "REGISTRY",
    "TWO_RATERS",
    "Coefficient",
    "coefficient",
]
