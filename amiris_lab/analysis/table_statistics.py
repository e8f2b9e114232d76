"""The statistics of the agreement table, one record each.

A :class:`Statistic` holds everything the code knows about one statistic of
:func:`~amiris_lab.analysis.agreement_table`: its name, its labels, its interval,
how it is computed (with a coefficient of the one registry,
:mod:`amiris_lab.agreement.registry`) and how its value is read (its band).
Adding a statistic is adding one record to :data:`STATISTIC_RECORDS`.

Examples
--------
>>> STATISTIC_RECORDS["alpha"].label
'α de Krippendorff'
>>> from amiris_lab.i18n import t_
>>> t_(STATISTIC_RECORDS["alpha"].label, lang="en")
"Krippendorff's α"
>>> band_of("alpha", 0.81, 0.05, "en"), band_of("percent_agreement", 0.9, 0.02, "en")
('reliable', None)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..agreement import bands
from ..agreement.registry import coefficient
from ..i18n import N_


def _slots(ratings: pd.DataFrame) -> pd.DataFrame:
    """Units x k matrix for the one-way ICC: each unit's first k scores in rater order."""
    values = ratings.to_numpy(dtype=float)
    counts = (~np.isnan(values)).sum(axis=1)
    rated = counts[counts >= 2]
    if rated.size == 0:
        return pd.DataFrame(np.empty((0, 2)))
    k = max(2, int(np.median(rated)))
    keep = values[counts >= k]
    # stable sort puts the scored cells first, in rater order
    order = np.argsort(np.isnan(keep), axis=1, kind="stable")
    return pd.DataFrame(np.take_along_axis(keep, order, axis=1)[:, :k])


class Cell(NamedTuple):
    """What a statistic gives on one units x raters matrix."""

    value: float
    se: float
    ci_low: float
    ci_high: float
    n_units: int
    n_raters: int


class Options(NamedTuple):
    """The options of :func:`agreement_table` a statistic may use."""

    level: str
    weights: str
    categories: object
    n_boot: int
    confidence: float
    seed: int


@dataclass(frozen=True)
class Statistic:
    """One statistic of the agreement table: everything the code knows about it.

    Attributes
    ----------
    name : str
        The name used in ``statistics=`` and in the ``statistic`` column.
    label : str
        Name shown to readers: a French msgid of the message catalogue
        (show it with ``t_(record.label)``).
    interval : str
        Name of its interval (what ``ci_low, ci_high`` are), a French msgid.
    description : str
        What is computed, in English (the text of :data:`STATISTICS`).
    compute : callable
        ``compute(ratings, options) -> Cell``; the coefficient comes from the
        registry of :mod:`amiris_lab.agreement.registry`.
    band : callable or None
        ``band(value, se, lang) -> str``: the published reading of a defined
        value; None for a statistic without one.
    scale : str or None
        The published scale of :data:`amiris_lab.agreement.bands.BANDS` its
        band uses; its thresholds decide how many decimals a reader needs.
    """

    name: str
    label: str
    interval: str
    description: str
    compute: Callable[[pd.DataFrame, Options], Cell]
    band: Callable[[float, float, str], str] | None
    scale: str | None = None

    @property
    def thresholds(self) -> tuple[float, ...]:
        """The finite thresholds of its scale, from low to high (empty without a scale)."""
        if self.scale is None:
            return ()
        return tuple(sorted(float(b[0]) for b in bands.BANDS[self.scale] if np.isfinite(b[0])))


def _n_raters(ratings: pd.DataFrame) -> int:
    return int((~np.isnan(ratings.to_numpy())).any(axis=0).sum())


def _alpha(ratings: pd.DataFrame, o: Options) -> Cell:
    boot = coefficient("bootstrap_alpha").function(
        ratings,
        level=o.level,
        n_boot=o.n_boot,
        confidence=o.confidence,
        seed=o.seed,
        categories=o.categories,
    )
    n_units = int(((~np.isnan(ratings.to_numpy())).sum(axis=1) >= 2).sum())
    return Cell(boot.value, boot.se, boot.ci_low, boot.ci_high, n_units, _n_raters(ratings))


def _icc1(ratings: pd.DataFrame, o: Options) -> Cell:
    slots = _slots(ratings)
    nan = float("nan")
    if len(slots) < 2:
        return Cell(nan, nan, nan, nan, len(slots), _n_raters(ratings))
    row = coefficient("icc").function(slots, confidence=o.confidence).loc["ICC1"]
    return Cell(
        row["value"], nan, row["ci_low"], row["ci_high"], int(row["n_units"]), _n_raters(ratings)
    )


def _gwet_family(name: str, weights: str | None = None) -> Callable[[pd.DataFrame, Options], Cell]:
    """Compute a coefficient of the Gwet family; ``weights=None`` takes the table's ``weights``."""

    def compute(ratings: pd.DataFrame, o: Options) -> Cell:
        est = coefficient(name).function(
            ratings,
            weights=o.weights if weights is None else weights,
            categories=o.categories,
            confidence=o.confidence,
        )
        return Cell(est.value, est.se, est.ci_low, est.ci_high, int(est.n_units), int(est.n_raters))

    return compute


def _point_band(scale: str) -> Callable[[float, float, str], str]:
    """The band of the point value on a published scale."""
    return lambda value, se, lang: bands.interpret(value, scale=scale, lang=lang)


def _gwet_band(value: float, se: float, lang: str) -> str:
    """Gwet's probabilistic Landis and Koch band: the first, from the top, whose cumulative
    membership probability reaches 95% (the point band when there is no standard error)."""
    if not (np.isfinite(se) and se > 0):
        return bands.interpret(value, scale="landis_koch", lang=lang)
    return str(bands.gwet_benchmark(value, se, scale="landis_koch", lang=lang).attrs["chosen"])


_GWET_INTERVAL = N_("t de Gwet (linéarisation)")
_RECORDS = [
    Statistic(
        "alpha",
        N_("α de Krippendorff"),
        N_("bootstrap des projets, percentiles"),
        "Krippendorff's alpha at `level` (krippendorff_alpha); percentile interval of "
        "bootstrap_alpha (projects resampled, n_boot resamples), se = bootstrap standard "
        "deviation; band: Krippendorff (0.667 / 0.800).",
        _alpha,
        _point_band("krippendorff"),
        "krippendorff",
    ),
    Statistic(
        "ac1",
        N_("AC1 de Gwet"),
        _GWET_INTERVAL,
        "Gwet's AC1: gwet_ac(weights='identity'); Gwet's analytic se and interval; "
        "band: Gwet's probabilistic benchmark on the Landis and Koch scale.",
        _gwet_family("gwet_ac", "identity"),
        _gwet_band,
        "landis_koch",
    ),
    Statistic(
        "ac2",
        N_("AC2 de Gwet"),
        _GWET_INTERVAL,
        "Gwet's AC2: gwet_ac(weights=`weights`); as ac1.",
        _gwet_family("gwet_ac"),
        _gwet_band,
        "landis_koch",
    ),
    Statistic(
        "fleiss",
        N_("κ de Fleiss"),
        _GWET_INTERVAL,
        "Fleiss' kappa: fleiss_kappa(weights='identity'); as ac1.",
        _gwet_family("fleiss_kappa", "identity"),
        _gwet_band,
        "landis_koch",
    ),
    Statistic(
        "conger",
        N_("κ de Conger"),
        _GWET_INTERVAL,
        "Conger's kappa: conger_kappa(weights='identity'); as ac1.",
        _gwet_family("conger_kappa", "identity"),
        _gwet_band,
        "landis_koch",
    ),
    Statistic(
        "bp",
        N_("Brennan-Prediger"),
        _GWET_INTERVAL,
        "Brennan and Prediger's coefficient: brennan_prediger(weights='identity'); as ac1.",
        _gwet_family("brennan_prediger", "identity"),
        _gwet_band,
        "landis_koch",
    ),
    Statistic(
        "percent_agreement",
        N_("Accord observé"),
        _GWET_INTERVAL,
        "Observed agreement: percent_agreement(weights='identity') with Gwet's "
        "se and interval; no band (not corrected for chance).",
        _gwet_family("percent_agreement", "identity"),
        None,
    ),
    Statistic(
        "icc",
        N_("CCI(1)"),
        N_("test F"),
        "ICC1, one-way random effects, single rater (icc, row 'ICC1'): members score "
        "different subsets of projects, so raters are not crossed and the one-way model is the "
        "one that fits. Each project keeps its first k scores in rater order, k = the median "
        "number of scores per project (at least 2); projects with fewer are left out. F-test "
        "interval; se = NaN; band: Koo and Li (2016).",
        _icc1,
        _point_band("koo_li"),
        "koo_li",
    ),
]

#: Name -> :class:`Statistic`: one record per statistic drives the computation,
#: the band and the labels of the agreement table.
STATISTIC_RECORDS: dict[str, Statistic] = {record.name: record for record in _RECORDS}

#: Statistic name -> what is computed (coefficient, interval, band). ``weights``
#: is the ``weights=`` argument of :func:`agreement_table` (default Gwet's
#: ordinal weights) and ``level`` its ``level=``.
STATISTICS: dict[str, str] = {name: r.description for name, r in STATISTIC_RECORDS.items()}


def band_of(statistic: str, value: float, se: float, lang: str) -> str | None:
    """The reading in words of one value of ``statistic`` (None when it has no band)."""
    record = STATISTIC_RECORDS[statistic]
    if record.band is None:
        return None
    if not np.isfinite(value):
        return bands.interpret(np.nan, lang=lang)  # "indéfini" / "undefined"
    return record.band(value, se, lang)
