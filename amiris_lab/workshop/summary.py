"""What the trainer dashboard computes once a round is revealed (no drawing here).

A workshop scores one case project, so agreement is measured across the 12 markers:
**markers are the units and participants the raters** (Krippendorff's alpha, ordinal,
with a bootstrap interval over markers, and percent agreement). This answers "does the
group read this project the same way?", not the committee's per-marker reliability
across many projects.

The statistics are those of :mod:`amiris_lab.agreement` (``bootstrap_alpha`` and
``percent_agreement``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..agreement import bootstrap_alpha, percent_agreement
from ..exceptions import UndefinedStatisticWarning
from ..i18n import t_
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


def round_agreement(profiles: pd.DataFrame, *, n_boot: int = 500, seed: int = 0) -> dict:
    """Agreement of a round: markers as units, participants as raters.

    Returns
    -------
    dict
        ``alpha, ci_low, ci_high`` (ordinal Krippendorff's alpha with a 95 % bootstrap
        interval over markers), ``percent_agreement``, ``n_units``, ``n_raters``.
        A statistic that is undefined (fewer than two participants, a single level
        used) is NaN, with an :class:`~amiris_lab.exceptions.UndefinedStatisticWarning`.

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
    }
    if ratings.shape[1] < 2:
        warnings.warn(
            t_("L'accord demande les fiches d'au moins deux participants."),
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return result
    boot = bootstrap_alpha(ratings, level="ordinal", n_boot=n_boot, seed=seed)
    result["alpha"] = float(boot.value)
    result["ci_low"], result["ci_high"] = float(boot.ci_low), float(boot.ci_high)
    result["percent_agreement"] = float(percent_agreement(ratings).value)
    return result


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
