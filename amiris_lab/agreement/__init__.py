"""The agreement engine: inter-rater reliability coefficients.

Every coefficient takes ``ratings``, a units x raters matrix (rows = projects,
columns = raters, NaN = not scored), as an array-like or a DataFrame (for
instance ``MarkerDataset.ratings("M01")``), and options keyword-only.
Conventions (which units count, what "ordinal" means, which interval) are
written in each function's docstring.

Examples
--------
>>> from amiris_lab.agreement import krippendorff_alpha
>>> data = [[0, 0, 1], [2, 2, 2], [3, 3, 2], [1, 1, 1]]
>>> round(krippendorff_alpha(data, level="ordinal"), 3)
0.875

On the bundled demo data, marker M01, individual round, with the full 0-3 scale:

>>> from amiris_lab.data.demo import make_demo_dataset
>>> from amiris_lab.agreement import bootstrap_alpha, interpret
>>> ds = make_demo_dataset()
>>> boot = bootstrap_alpha(ds.ratings("M01"), categories=ds.levels, seed=0)
>>> round(boot.value, 2), interpret(boot.value, scale="krippendorff", lang="en")
(0.34, 'insufficient')
"""

from __future__ import annotations

from .bands import gwet_benchmark, interpret
from .bootstrap import AlphaBootstrap, bootstrap_alpha
from .chance import (
    AgreementEstimate,
    FleissNullTest,
    brennan_prediger,
    conger_kappa,
    fleiss_kappa,
    fleiss_null_test,
    gwet_ac,
    percent_agreement,
)
from .cohen import cohen_kappa, pairwise_kappa
from .icc import icc
from .kendall import KendallW, kendall_w
from .krippendorff import krippendorff_alpha
from .registry import COEFFICIENTS

__all__ = [
    "COEFFICIENTS",
    "AgreementEstimate",
    "AlphaBootstrap",
    "FleissNullTest",
    "KendallW",
    "bootstrap_alpha",
    "brennan_prediger",
    "cohen_kappa",
    "conger_kappa",
    "fleiss_kappa",
    "fleiss_null_test",
    "gwet_ac",
    "gwet_benchmark",
    "icc",
    "interpret",
    "kendall_w",
    "krippendorff_alpha",
    "pairwise_kappa",
    "percent_agreement",
]
