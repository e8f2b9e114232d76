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


def _distance_to_reference(profiles: pd.DataFrame, reference: Mapping[str, object]) -> pd.DataFrame:
    """|level - reference| per participant and marker (NaN where either is missing)."""
    ref = pd.Series(
        {
            m: float(v)  # type: ignore[arg-type]
            for m, v in reference.items()
            if v not in (None, NOT_EVALUATED) and m in profiles.columns
        },
        dtype=float,
    )
    return (profiles[ref.index] - ref).abs()


def reference_moves(
    first: pd.DataFrame, second: pd.DataFrame, reference: Mapping[str, object]
) -> pd.DataFrame:
    """Who moved toward the reference between round 1 and round 2.

    For each participant with a card in both rounds, the mean absolute distance to the
    reference over the markers that have a reference level and a level in both rounds
    (``gap_1``, ``gap_2``), the ``change`` (``gap_2 - gap_1``) and its ``direction``:
    ``"toward"`` (closer), ``"away"`` or ``"same"``.

    Columns ``participant_id, n_markers, gap_1, gap_2, change, direction``.

    Examples
    --------
    >>> a = pd.DataFrame({"M01": [0.0, 3.0], "M02": [1.0, 2.0]}, index=["P01", "P02"])
    >>> b = pd.DataFrame({"M01": [2.0, 3.0], "M02": [1.0, 3.0]}, index=["P01", "P02"])
    >>> reference_moves(a, b, {"M01": 3, "M02": 1})[["participant_id", "change", "direction"]]
      participant_id  change direction
    0            P01    -1.0    toward
    1            P02     0.5      away
    """
    columns = ["participant_id", "n_markers", "gap_1", "gap_2", "change", "direction"]
    both = first.index.intersection(second.index)
    d1 = _distance_to_reference(first.loc[both], reference)
    d2 = _distance_to_reference(second.loc[both], reference)
    paired = d1.notna() & d2.notna()
    n = paired.sum(axis=1)
    gap_1 = d1.where(paired).sum(axis=1) / n.where(n > 0)
    gap_2 = d2.where(paired).sum(axis=1) / n.where(n > 0)
    change = gap_2 - gap_1
    direction = np.select([change < 0, change > 0], ["toward", "away"], default="same")
    out = pd.DataFrame(
        {
            "participant_id": list(both),
            "n_markers": n.to_numpy(int),
            "gap_1": gap_1.to_numpy(float),
            "gap_2": gap_2.to_numpy(float),
            "change": change.to_numpy(float),
            "direction": direction,
        },
        columns=columns,
    )
    out = out[out["n_markers"] > 0]
    return out.sort_values("participant_id", kind="mergesort").reset_index(drop=True)


def session_overview(
    cases: Sequence,
    cards: Sequence,
    statuses: Mapping[int, Mapping[str, str]],
    *,
    n_boot: int = 300,
) -> pd.DataFrame:
    """Agreement and distance to the reference per case and revealed round.

    Parameters
    ----------
    cases : sequence of CaseProject
        The workshop's cases, case 1 first.
    cards : sequence of Card
        Cards of every case (``Card.case_no`` says which).
    statuses : mapping
        ``{case_no: {round: status}}``; only revealed participants' rounds are shown.
    n_boot : int, default 300
        Bootstrap resamples of the agreement interval.

    Returns
    -------
    DataFrame
        One row per case and revealed round: ``case_no, project_id, title, round,
        n_cards, alpha, ci_low, ci_high, percent_agreement, mean_abs_gap`` (mean over
        participants and markers of the distance to the reference; NaN without one),
        and for round 2 ``n_toward, n_away`` (participants who moved toward or away from
        the reference since round 1; see :func:`reference_moves`).
    """
    columns = [
        "case_no",
        "project_id",
        "title",
        "round",
        "n_cards",
        "alpha",
        "ci_low",
        "ci_high",
        "percent_agreement",
        "mean_abs_gap",
        "n_toward",
        "n_away",
    ]
    rows = []
    for case_no, case in enumerate(cases, start=1):
        mine = [c for c in cards if c.case_no == case_no]
        profiles = {}
        for round_name in ("individuel", "revise"):
            if statuses.get(case_no, {}).get(round_name) != "revealed":
                continue
            p = round_profiles(mine, case.marker_codes, round_name=round_name)
            if p.empty:
                continue
            profiles[round_name] = p
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UndefinedStatisticWarning)
                agree = round_agreement(p, n_boot=n_boot)
            gap = (
                float(np.nanmean(_distance_to_reference(p, case.reference).to_numpy()))
                if case.reference
                else float("nan")
            )
            toward = away = np.nan
            if round_name == "revise" and "individuel" in profiles and case.reference:
                moves = reference_moves(profiles["individuel"], p, case.reference)
                toward = int((moves["direction"] == "toward").sum())
                away = int((moves["direction"] == "away").sum())
            rows.append(
                {
                    "case_no": case_no,
                    "project_id": case.project_id,
                    "title": case.title,
                    "round": round_name,
                    "n_cards": len(p),
                    "alpha": agree["alpha"],
                    "ci_low": agree["ci_low"],
                    "ci_high": agree["ci_high"],
                    "percent_agreement": agree["percent_agreement"],
                    "mean_abs_gap": gap,
                    "n_toward": toward,
                    "n_away": away,
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    for col in ("n_toward", "n_away"):
        out[col] = pd.array(out[col], dtype="Int64")
    return out
