"""Unit-level bootstrap of Krippendorff's alpha, vectorised.

Each pairable unit's contribution to the coincidence matrix is computed once
(units x C x C). A resample is a vector of counts (how many times each unit was
drawn), so the coincidence matrices of all resamples are one matrix product
``counts (n_boot x units) @ contributions (units x C*C)``. Observed and expected
disagreement are recomputed for every resample (for the ordinal level the
distance itself is recomputed from each resample's marginal frequencies).
The jackknife for the BCa interval uses "total minus unit" in the same way.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Integral, Real

import numpy as np
from scipy.special import ndtr, ndtri

from .._param_validation import CONFIDENCE, N_BOOT, validate_params
from ..exceptions import ParameterError, UndefinedStatisticWarning
from .krippendorff import (
    DISTANCES,
    LEVELS,
    Level,
    _pairable_counts,
    _undefined_reason,
    _unit_coincidences,
)

_CHUNK_CELLS = 4_000_000  # resamples x units drawn at once (32 MB of counts at most)
_BLOCK = 128  # resamples counted together


@dataclass(frozen=True)
class AlphaBootstrap:
    """Krippendorff's alpha with its bootstrap distribution.

    Attributes
    ----------
    value : float
        Alpha on the data.
    ci_low, ci_high : float
        Percentile interval at ``confidence``.
    bca_low, bca_high : float
        Bias-corrected and accelerated (BCa) interval, acceleration from the
        jackknife over units.
    se : float
        Standard deviation of the non-degenerate resampled alphas.
    p_below : dict
        Threshold -> share of non-degenerate resamples with alpha below it.
    n_boot : int
        Number of resamples drawn.
    n_degenerate : int
        Resamples where alpha is undefined (a single category, or fewer than two
        pairable values); they are left out of the intervals.
    level : str
        Level of measurement.
    confidence : float
        Confidence level of the intervals.
    samples : ndarray
        The ``n_boot`` resampled alphas (NaN for degenerate resamples).
    """

    value: float
    ci_low: float
    ci_high: float
    bca_low: float
    bca_high: float
    se: float
    p_below: dict
    n_boot: int
    n_degenerate: int
    level: str
    confidence: float
    samples: np.ndarray = field(repr=False)

    def __float__(self) -> float:
        return float(self.value)


def _resample_counts(rng: np.random.Generator, n_boot: int, n_units: int) -> np.ndarray:
    """n_boot x n_units float matrix: how many times each unit is drawn in each resample.

    Drawn and counted in blocks of 128 resamples, which stay in the CPU cache
    (twice as fast as one ``bincount`` over all draws).
    """
    small = np.int16 if n_units < 2**15 else np.int64
    out = np.empty((n_boot, n_units))
    offsets = (np.arange(_BLOCK) * n_units)[:, None]
    for start in range(0, n_boot, _BLOCK):
        rows = min(_BLOCK, n_boot - start)
        draws = rng.integers(0, n_units, size=(rows, n_units), dtype=small).astype(np.intp)
        draws += offsets[:rows]
        counts = np.bincount(draws.ravel(), minlength=rows * n_units)
        out[start : start + rows] = counts.reshape(rows, n_units)
    return out


@lru_cache(maxsize=2)
def _seeded_counts(seed: int, n_boot: int, n_units: int) -> np.ndarray:
    """The resample counts for an integer seed, drawn once and reused (read-only).

    The draws depend only on (seed, n_boot, n_units), so markers bootstrapped with
    the same seed and the same number of units share them (as in a project-level
    bootstrap of the whole table) without drawing them again.
    """
    counts = _resample_counts(np.random.default_rng(seed), n_boot, n_units)
    counts.setflags(write=False)
    return counts


def _resamples(seed, n_boot: int, n_units: int):
    """Yield (start, stop, counts) blocks of resample counts; one block unless memory asks more."""
    if n_boot * n_units <= _CHUNK_CELLS:
        if isinstance(seed, Integral) and not isinstance(seed, bool):
            yield 0, n_boot, _seeded_counts(int(seed), n_boot, n_units)
        else:
            yield 0, n_boot, _resample_counts(np.random.default_rng(seed), n_boot, n_units)
        return
    rng = np.random.default_rng(seed)
    step = max(1, _CHUNK_CELLS // max(n_units, 1))
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        yield start, stop, _resample_counts(rng, stop - start, n_units)


def _stacked_alphas(o: np.ndarray, categories: np.ndarray, level: str) -> np.ndarray:
    """Alpha of each coincidence matrix in a stack (B, C, C); NaN where undefined."""
    n_c = o.sum(axis=2)  # marginal frequencies of each matrix
    n = n_c.sum(axis=1)
    if level == "ordinal":
        delta2 = DISTANCES["ordinal"](categories, n_c)  # (B, C, C): ranks move with n_c
    else:
        delta2 = DISTANCES[level](categories, None)[None, :, :]
    observed = (o * delta2).sum(axis=(1, 2))
    expected = (n_c[:, :, None] * n_c[:, None, :] * delta2).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (n - 1.0) * observed / expected
    alpha[(n < 2) | ~(expected > 0)] = np.nan
    return alpha


def _weighted_alphas(weights: np.ndarray, contributions: np.ndarray, categories, level: str):
    """Alpha for each row of unit weights (e.g. resample counts).

    ``contributions`` is units x (C*C), each pairable unit's share of ``o_ck``;
    one matrix product gives every row's coincidence matrix.
    """
    n_cat = categories.size
    return _stacked_alphas((weights @ contributions).reshape(-1, n_cat, n_cat), categories, level)


def _jackknife(contributions: np.ndarray, categories, level: str) -> np.ndarray:
    """Alpha with each unit left out: the totals minus that unit's contribution."""
    n_cat = categories.size
    o = contributions.sum(axis=0)[None, :] - contributions
    return _stacked_alphas(o.reshape(-1, n_cat, n_cat), categories, level)


def _check_bootstrap_options(alpha_min, seed) -> tuple[float, ...]:
    if not (
        seed is None
        or isinstance(seed, np.random.Generator)
        or (isinstance(seed, Integral) and not isinstance(seed, bool) and seed >= 0)
    ):
        raise ParameterError(
            f"The 'seed' parameter of bootstrap_alpha must be None, a non-negative integer or a "
            f"numpy Generator. Got {seed!r} instead."
        )
    thresholds = (alpha_min,) if isinstance(alpha_min, Real) else tuple(alpha_min)
    for t in thresholds:
        if isinstance(t, bool) or not isinstance(t, Real):
            raise ParameterError(
                f"The 'alpha_min' parameter of bootstrap_alpha must be a number or a tuple of "
                f"numbers (e.g. (0.667, 0.8)). Got {alpha_min!r} instead."
            )
    return tuple(float(t) for t in thresholds)


def _bca_interval(samples, value, jack, confidence) -> tuple[float, float]:
    """BCa percentiles (Efron 1987): bias from the bootstrap, acceleration from the jackknife."""
    if samples.size == 0 or np.isnan(value):
        return float("nan"), float("nan")
    share = ((samples < value).sum() + (samples <= value).sum()) / (2.0 * samples.size)
    z0 = ndtri(share)
    jack = jack[~np.isnan(jack)]
    spread = jack.mean() - jack if jack.size else np.zeros(1)
    denom = 6.0 * (spread**2).sum() ** 1.5
    accel = (spread**3).sum() / denom if denom > 0 else 0.0
    tail = (1.0 - confidence) / 2.0
    bounds = []
    for z in (ndtri(tail), ndtri(1.0 - tail)):
        bounds.append(ndtr(z0 + (z0 + z) / (1.0 - accel * (z0 + z))))
    if not np.all(np.isfinite(bounds)):
        return float("nan"), float("nan")
    low, high = np.quantile(samples, bounds)
    return float(low), float(high)


@validate_params({"level": LEVELS, "n_boot": N_BOOT, "confidence": CONFIDENCE})
def bootstrap_alpha(
    ratings,
    *,
    level: Level = "ordinal",
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed=None,
    alpha_min=(0.667, 0.8),
    categories=None,
) -> AlphaBootstrap:
    """Bootstrap confidence intervals for Krippendorff's alpha, resampling units.

    Parameters
    ----------
    ratings : array-like or DataFrame, shape (units, raters)
        Rows are units (projects), columns are raters; NaN = not scored.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"
        Level of measurement (see :func:`krippendorff_alpha`).
    n_boot : int, default 2000
        Number of resamples.
    confidence : float, default 0.95
        Confidence level of both intervals.
    seed : int or numpy Generator, optional
        Seed for reproducible resamples.
    alpha_min : float or tuple of float, default (0.667, 0.8)
        Thresholds for ``p_below`` (Krippendorff's "tentative" and "reliable" limits).
    categories : list of numbers, optional
        The full scale.

    Returns
    -------
    AlphaBootstrap
        Value, percentile and BCa intervals, SE, probabilities below each
        threshold, count of degenerate resamples and the resampled values.

    Notes
    -----
    The pairable units (rated by at least two raters; the others carry no
    pair) are drawn with replacement; in each resample the coincidence matrix,
    the marginal frequencies, the expected disagreement and, for the ordinal
    level, the rank distances are all recomputed. Resamples where alpha is
    undefined are counted in ``n_degenerate`` and left out. Percentile bounds
    use linear interpolation (``numpy.quantile``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> truth = rng.integers(0, 4, size=(60, 1))
    >>> data = np.clip(truth + rng.integers(-1, 2, size=(60, 5)), 0, 3)
    >>> boot = bootstrap_alpha(data, n_boot=500, seed=1)
    >>> bool(boot.ci_low < boot.value < boot.ci_high), boot.n_degenerate
    (True, 0)
    """
    thresholds = _check_bootstrap_options(alpha_min, seed)
    cats, counts = _pairable_counts(ratings, categories=categories, func="bootstrap_alpha")
    n_units, n_cat = counts.shape
    contributions = _unit_coincidences(counts).reshape(n_units, n_cat * n_cat)

    if n_units and n_cat:
        value = _weighted_alphas(np.ones((1, n_units)), contributions, cats, level)[0]
    else:  # nothing pairable
        value = float("nan")
    if np.isnan(value):
        warnings.warn(
            f"Krippendorff's alpha is undefined: {_undefined_reason(counts)}; NaN returned.",
            UndefinedStatisticWarning,
            stacklevel=3,
        )
        nan = float("nan")
        return AlphaBootstrap(
            nan, nan, nan, nan, nan, nan, {t: nan for t in thresholds}, int(n_boot), int(n_boot),
            level, float(confidence), np.full(int(n_boot), np.nan),
        )  # fmt: skip

    samples = np.empty(n_boot)
    for start, stop, weights in _resamples(seed, n_boot, n_units):  # one product per block
        samples[start:stop] = _weighted_alphas(weights, contributions, cats, level)
    valid = samples[~np.isnan(samples)]
    n_degenerate = int(n_boot - valid.size)

    jack = _jackknife(contributions, cats, level)

    tail = (1.0 - confidence) / 2.0
    if valid.size:
        ci_low, ci_high = (float(q) for q in np.quantile(valid, [tail, 1.0 - tail]))
        se = float(valid.std(ddof=1)) if valid.size > 1 else float("nan")
        p_below = {t: float((valid < t).mean()) for t in thresholds}
    else:
        ci_low = ci_high = se = float("nan")
        p_below = {t: float("nan") for t in thresholds}
    bca_low, bca_high = _bca_interval(valid, value, jack, confidence)
    return AlphaBootstrap(
        value=float(value),
        ci_low=ci_low,
        ci_high=ci_high,
        bca_low=bca_low,
        bca_high=bca_high,
        se=se,
        p_below=p_below,
        n_boot=int(n_boot),
        n_degenerate=n_degenerate,
        level=level,
        confidence=float(confidence),
        samples=samples,
    )
