"""What the trainer dashboard computes once a round is revealed (no drawing here).

A workshop scores one case project, so agreement is measured across the 12 markers:
**markers are the units and participants the raters** (Krippendorff's alpha, ordinal,
with a bootstrap interval over markers, and percent agreement). This answers "does the
group read this project the same way?", not the committee's per-marker reliability
across many projects.

Uses :mod:`amiris_lab.agreement` when it is installed; otherwise the reference
``krippendorff`` package (a test dependency) and a plain percent agreement.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..exceptions import UndefinedStatisticWarning
from .model import NOT_EVALUATED


def round_profiles(cards: Sequence, markers: Sequence[str], *, round_name: str) -> pd.DataFrame:
    """Participants x markers levels of one round (float; NaN = not evaluated).

    Examples
    --------
    >>> from amiris_lab.workshop.model import Card
    >>> cards = [Card("P01", "individuel", {"M01": 1, "M02": "ne"}, True)]
    >>> round_profiles(cards, ["M01", "M02"], round_name="individuel")
    marker          M01  M02
    participant_id
    P01             1.0  NaN
    """
    rows = {
        c.participant_id: [
            np.nan if c.answers.get(m) in (None, NOT_EVALUATED) else float(c.answers[m])
            for m in markers
        ]
        for c in cards
        if c.round == round_name and c.submitted
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(markers), dtype=float)
    frame.index.name = "participant_id"
    frame.columns.name = "marker"
    return frame.sort_index()


def marker_spread(profiles: pd.DataFrame) -> pd.DataFrame:
    """Per marker: ``n, median, q1, q3, iqr, low, high, range``, most disagreement first.

    Sorted by interquartile range, then range, then marker code.

    Examples
    --------
    >>> p = pd.DataFrame({"M01": [0.0, 3.0, 3.0], "M02": [2.0, 2.0, 2.0]})
    >>> marker_spread(p)["marker"].tolist()
    ['M01', 'M02']
    """
    out = pd.DataFrame(
        {
            "marker": list(profiles.columns),
            "n": profiles.notna().sum().to_numpy(),
            "median": profiles.median().to_numpy(),
            "q1": profiles.quantile(0.25).to_numpy(),
            "q3": profiles.quantile(0.75).to_numpy(),
            "low": profiles.min().to_numpy(),
            "high": profiles.max().to_numpy(),
        }
    )
    out["iqr"] = out["q3"] - out["q1"]
    out["range"] = out["high"] - out["low"]
    out = out.sort_values(
        ["iqr", "range", "marker"], ascending=[False, False, True], kind="mergesort"
    )
    return out.reset_index(drop=True)[
        ["marker", "n", "median", "q1", "q3", "iqr", "low", "high", "range"]
    ]


def _percent_agreement(ratings: np.ndarray) -> float:
    """Share of agreeing pairs of raters within each unit, averaged over units with 2+ values."""
    shares = []
    for row in ratings:
        values = row[~np.isnan(row)]
        n = len(values)
        if n < 2:
            continue
        _, counts = np.unique(values, return_counts=True)
        shares.append(float((counts * (counts - 1)).sum() / (n * (n - 1))))
    return float(np.mean(shares)) if shares else float("nan")


def round_agreement(profiles: pd.DataFrame, *, n_boot: int = 500, seed: int = 0) -> dict:
    """Agreement of a round: markers as units, participants as raters.

    Returns
    -------
    dict
        ``alpha, ci_low, ci_high`` (ordinal Krippendorff's alpha with a 95 % bootstrap
        interval over markers), ``percent_agreement``, ``n_units``, ``n_raters``,
        ``engine`` (which implementation computed alpha).

    Examples
    --------
    >>> p = pd.DataFrame({"M01": [0.0, 0.0], "M02": [3.0, 3.0], "M03": [1.0, 1.0]})
    >>> round(round_agreement(p, n_boot=20)["alpha"], 3)
    1.0
    """
    ratings = profiles.T  # units (markers) x raters (participants)
    result = {
        "alpha": float("nan"),
        "ci_low": float("nan"),
        "ci_high": float("nan"),
        "percent_agreement": float("nan"),
        "n_units": int(ratings.shape[0]),
        "n_raters": int(ratings.shape[1]),
        "engine": "",
    }
    if ratings.shape[1] < 2:
        warnings.warn(
            "Agreement needs at least two participants' cards.",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return result
    engine = _engine()
    if engine is not None:

        def alpha_of(matrix: np.ndarray) -> float:
            frame = pd.DataFrame(matrix, columns=ratings.columns)
            return float(engine.krippendorff_alpha(frame, level="ordinal"))

        result["alpha"] = float(engine.krippendorff_alpha(ratings, level="ordinal"))
        result["engine"] = "amiris_lab.agreement"
        if hasattr(engine, "bootstrap_alpha"):
            try:
                boot = engine.bootstrap_alpha(ratings, level="ordinal", n_boot=n_boot, seed=seed)
                result["ci_low"], result["ci_high"] = _interval_of(boot)
            except (TypeError, ValueError, KeyError, AttributeError):  # other signature: ours below
                pass
        if hasattr(engine, "percent_agreement"):
            result["percent_agreement"] = float(engine.percent_agreement(ratings))
        else:
            result["percent_agreement"] = _percent_agreement(ratings.to_numpy(float))
    else:
        result["percent_agreement"] = _percent_agreement(ratings.to_numpy(float))
        try:
            import krippendorff
        except ImportError:  # neither engine: alpha stays NaN, shown as "–"
            return result

        def alpha_of(matrix: np.ndarray) -> float:
            if np.unique(matrix[~np.isnan(matrix)]).size < 2:
                return float("nan")
            return float(
                krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="ordinal")
            )

        result["alpha"] = alpha_of(ratings.to_numpy(float))
        result["engine"] = "krippendorff"
    if np.isnan(result["ci_low"]) and not np.isnan(result["alpha"]):
        result["ci_low"], result["ci_high"] = _bootstrap_units(
            ratings, alpha_of, n_boot=n_boot, seed=seed
        )
    return result


def _engine():
    """The project's agreement module if it provides ``krippendorff_alpha``, else None."""
    try:
        from .. import agreement
        from ..agreement import krippendorff_alpha  # noqa: F401
    except ImportError:
        return None
    return agreement


def _interval_of(boot) -> tuple[float, float]:
    if isinstance(boot, Mapping):
        return float(boot["ci_low"]), float(boot["ci_high"])
    if hasattr(boot, "ci_low"):
        return float(boot.ci_low), float(boot.ci_high)
    if isinstance(boot, pd.DataFrame):
        return float(boot["ci_low"].iloc[0]), float(boot["ci_high"].iloc[0])
    values = np.asarray(boot, dtype=float)
    if values.shape == (2,):
        return float(values[0]), float(values[1])
    return tuple(np.nanpercentile(values, [2.5, 97.5]).astype(float))  # type: ignore[return-value]


def _bootstrap_units(
    ratings: pd.DataFrame, alpha_of, *, n_boot: int, seed: int
) -> tuple[float, float]:
    """Percentile interval of alpha resampling units (markers) with replacement."""
    data = ratings.to_numpy(float)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_boot):
        sample = data[rng.integers(0, data.shape[0], data.shape[0])]
        if np.unique(sample[~np.isnan(sample)]).size < 2:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedStatisticWarning)
            values.append(alpha_of(sample))
    if len(values) < 10:
        return float("nan"), float("nan")
    low, high = np.nanpercentile(values, [2.5, 97.5])
    return float(low), float(high)


def round_comparison(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Round 1 vs round 2 per marker: medians, IQRs, and how many participants moved.

    Columns ``marker, median_1, median_2, iqr_1, iqr_2, n_changed, n_both``.

    Examples
    --------
    >>> a = pd.DataFrame({"M01": [0.0, 3.0]}, index=["P01", "P02"])
    >>> b = pd.DataFrame({"M01": [2.0, 3.0]}, index=["P01", "P02"])
    >>> round_comparison(a, b)[["marker", "n_changed", "iqr_1", "iqr_2"]].to_dict("records")
    [{'marker': 'M01', 'n_changed': 1, 'iqr_1': 1.5, 'iqr_2': 0.5}]
    """
    markers = [m for m in first.columns if m in second.columns]
    both = first.index.intersection(second.index)
    rows = []
    for m in markers:
        a, b = first.loc[both, m], second.loc[both, m]
        paired = a.notna() & b.notna()
        rows.append(
            {
                "marker": m,
                "median_1": float(first[m].median()),
                "median_2": float(second[m].median()),
                "iqr_1": float(first[m].quantile(0.75) - first[m].quantile(0.25)),
                "iqr_2": float(second[m].quantile(0.75) - second[m].quantile(0.25)),
                "n_changed": int((a[paired] != b[paired]).sum()),
                "n_both": int(paired.sum()),
            }
        )
    return pd.DataFrame(
        rows, columns=["marker", "median_1", "median_2", "iqr_1", "iqr_2", "n_changed", "n_both"]
    )


def reference_gap(profiles: pd.DataFrame, reference: Mapping[str, object]) -> pd.DataFrame:
    """Gap of the group to the reference scores, per marker.

    Columns ``marker, reference, median, gap`` (median - reference) and
    ``mean_abs_gap`` (participants' mean absolute distance to the reference).

    Examples
    --------
    >>> p = pd.DataFrame({"M01": [1.0, 3.0]})
    >>> reference_gap(p, {"M01": 3}).to_dict("records")
    [{'marker': 'M01', 'reference': 3.0, 'median': 2.0, 'gap': -1.0, 'mean_abs_gap': 1.0}]
    """
    rows = []
    for m in profiles.columns:
        ref = reference.get(m)
        if ref in (None, NOT_EVALUATED):
            continue
        ref = float(ref)  # type: ignore[arg-type]
        col = profiles[m]
        median = float(col.median())
        rows.append(
            {
                "marker": m,
                "reference": ref,
                "median": median,
                "gap": median - ref,
                "mean_abs_gap": float((col - ref).abs().mean()),
            }
        )
    return pd.DataFrame(rows, columns=["marker", "reference", "median", "gap", "mean_abs_gap"])
