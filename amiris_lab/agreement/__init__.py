"""The agreement engine: inter-rater reliability coefficients.

Every coefficient takes ``ratings``, a units x raters matrix (rows = projects,
columns = raters, NaN = not scored), as an array-like or a DataFrame, and
options keyword-only. Conventions (which units count, what "ordinal" means,
which interval) are written in each function's docstring.
"""

from __future__ import annotations

from .bootstrap import AlphaBootstrap, bootstrap_alpha
from .chance import (
    AgreementEstimate,
    brennan_prediger,
    conger_kappa,
    fleiss_kappa,
    gwet_ac,
    percent_agreement,
)
from .krippendorff import krippendorff_alpha

__all__ = [
    "AgreementEstimate",
    "AlphaBootstrap",
    "bootstrap_alpha",
    "brennan_prediger",
    "conger_kappa",
    "fleiss_kappa",
    "gwet_ac",
    "krippendorff_alpha",
    "percent_agreement",
]
