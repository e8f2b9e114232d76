"""From individual scores to the committee's consensus, and from one round to the next.

The committee scores each project twice (or three times): every member alone
(``individuel``), sometimes again after discussion (``revise``), then together
(``consensus``, pseudo-rater ``COMITE``). These tables say how far the consensus
sits from the members, in which direction it goes, how well each member
anticipates it, and whether discussion raises agreement.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from .._param_validation import CONFIDENCE, N_BOOT, check_param, validate_params
from ..definitions import CONSENSUS_RATER
from ..exceptions import ParameterError
from ._common import LEVEL, MEMBER_ROUND, ROUND, individual_scores, round_scores, wide

MOVEMENT_COLUMNS = [
    "marker",
    "n_projects",
    "n_scores",
    "mean_individual",
    "mean_consensus",
    "mean_shift",
    "mean_abs_gap",
    "n_median",
    "share_median",
    "n_severe",
    "n_lenient",
    "n_outside",
    "n_majority",
    "share_majority",
]


def _paired_with_consensus(dataset, from_round: str) -> pd.DataFrame:
    """Individual scores with the committee's consensus score of the same project and marker."""
    individual = individual_scores(dataset, from_round)
    consensus = round_scores(dataset, "consensus")
    consensus = consensus[consensus["rater_id"] == CONSENSUS_RATER]
    consensus = consensus[["project_id", "marker", "score"]].rename(columns={"score": "consensus"})
    return individual.merge(consensus, on=["project_id", "marker"], how="inner")


def _cells(paired: pd.DataFrame) -> pd.DataFrame:
    """One row per (project, marker): the members' score summary and the consensus."""
    g = paired.groupby(["marker", "project_id"], sort=False)
    cells = g.agg(
        n=("score", "size"),
        lo=("score", "min"),
        hi=("score", "max"),
        mean=("score", "mean"),
        consensus=("consensus", "first"),
        abs_gap=("gap_abs", "sum"),
    )
    cells["med_lo"] = g["score"].quantile(0.5, interpolation="lower")
    cells["med_hi"] = g["score"].quantile(0.5, interpolation="higher")
    counts = paired.groupby(["marker", "project_id", "score"], sort=False).size()
    top = counts.groupby(level=[0, 1]).max()
    n_top = (counts == counts.groupby(level=[0, 1]).transform("max")).groupby(level=[0, 1]).sum()
    modal = counts[counts == counts.groupby(level=[0, 1]).transform("max")].reset_index()
    modal = modal.drop_duplicates(["marker", "project_id"]).set_index(["marker", "project_id"])
    cells["mode"] = modal["score"].reindex(cells.index)
    cells["strict_mode"] = (n_top.reindex(cells.index) == 1) & (top.reindex(cells.index) >= 1)
    return cells


@validate_params({"from_round": MEMBER_ROUND})
def consensus_movement(
    dataset, *, from_round: Literal["individuel", "revise"] = "individuel"
) -> pd.DataFrame:
    """Per marker: how far the members' scores sit from the consensus, and where it goes.

    Only projects with a consensus score and at least one member's score on the
    marker count. For each such project the members' scores give a minimum, a
    maximum, a median and, when one score is strictly the most frequent, a
    majority score. The consensus ``c`` is then:

    - *at the median* when it lies between the lower and the upper middle score
      (both equal the median for an odd count: 1, 2, 2 -> 2; for 1, 2 both 1
      and 2 count);
    - *toward the severe members* when below the lower middle score;
    - *toward the lenient members* when above the upper middle score;
    - *outside* when below the minimum or above the maximum (a move no member
      proposed; counted also as severe or lenient);
    - *the majority's* when it equals the strict modal score.

    Parameters
    ----------
    dataset : MarkerDataset
    from_round : {"individuel", "revise"}, default "individuel"

    Returns
    -------
    DataFrame
        One row per marker in display order: ``marker, n_projects, n_scores,
        mean_individual`` (mean of the members' scores), ``mean_consensus``,
        ``mean_shift`` (mean over projects of consensus minus the members'
        mean: positive = the committee scores higher than its members),
        ``mean_abs_gap`` (mean over the members' scores of ``|score - c|``),
        ``n_median, share_median, n_severe, n_lenient, n_outside, n_majority,
        share_majority`` (shares over ``n_projects``).

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = consensus_movement(make_demo_dataset(years=(2019,)))
    >>> bool((table["n_median"] + table["n_severe"] + table["n_lenient"]
    ...       == table["n_projects"]).all())
    True
    """
    paired = _paired_with_consensus(dataset, from_round)
    if paired.empty:
        return pd.DataFrame(columns=MOVEMENT_COLUMNS)
    paired = paired.assign(gap_abs=(paired["score"] - paired["consensus"]).abs())
    cells = _cells(paired)
    c = cells["consensus"]
    cells = cells.assign(
        at_median=(c >= cells["med_lo"]) & (c <= cells["med_hi"]),
        severe=c < cells["med_lo"],
        lenient=c > cells["med_hi"],
        outside=(c < cells["lo"]) | (c > cells["hi"]),
        majority=cells["strict_mode"] & (c == cells["mode"]),
        shift=c - cells["mean"],
    )
    g = cells.groupby(level="marker", sort=False)
    out = pd.DataFrame(
        {
            "n_projects": g.size(),
            "n_scores": g["n"].sum(),
            "mean_consensus": g["consensus"].mean(),
            "mean_shift": g["shift"].mean(),
            "abs_gap_sum": g["abs_gap"].sum(),
            "n_median": g["at_median"].sum(),
            "n_severe": g["severe"].sum(),
            "n_lenient": g["lenient"].sum(),
            "n_outside": g["outside"].sum(),
            "n_majority": g["majority"].sum(),
        }
    )
    out["mean_individual"] = paired.groupby("marker", sort=False)["score"].mean()
    out["mean_abs_gap"] = out.pop("abs_gap_sum") / out["n_scores"]
    out["share_median"] = out["n_median"] / out["n_projects"]
    out["share_majority"] = out["n_majority"] / out["n_projects"]
    order = [m for m in dataset.marker_codes if m in out.index]
    out = out.reindex(order).rename_axis("marker").reset_index()
    for column in (
        "n_projects",
        "n_scores",
        "n_median",
        "n_severe",
        "n_lenient",
        "n_outside",
        "n_majority",
    ):
        out[column] = out[column].astype(int)
    return out[MOVEMENT_COLUMNS]


KAPPA_COLUMNS = ["rater_id", "college", "kappa", "se", "ci_low", "ci_high", "n_scores"]


@validate_params({"weights": ("linear", "quadratic", None), "from_round": MEMBER_ROUND})
def consensus_kappa(
    dataset,
    *,
    weights: Literal["linear", "quadratic"] | None = "quadratic",
    from_round: Literal["individuel", "revise"] = "individuel",
    per_marker: bool = False,
) -> pd.DataFrame:
    """Each member's weighted kappa with the committee's consensus.

    The pairs are (member's score, consensus score) over every project and
    marker both scored (markers pooled, or one kappa per marker with
    ``per_marker=True``). Kappa is :func:`amiris_lab.agreement.cohen_kappa` with
    the dataset's scale as categories, so a level nobody used still counts in
    the weights. A high kappa means the member's individual view anticipates
    the committee's.

    Parameters
    ----------
    dataset : MarkerDataset
    weights : {"quadratic", "linear", None}, default "quadratic"
    from_round : {"individuel", "revise"}, default "individuel"
    per_marker : bool, default False

    Returns
    -------
    DataFrame
        ``rater_id, college, kappa, se, ci_low, ci_high, n_scores`` (with a
        leading ``marker`` column when ``per_marker``), raters by identifier.

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = consensus_kappa(make_demo_dataset(years=(2019,)))
    >>> bool(table["kappa"].between(-1, 1).all())
    True
    """
    from ..agreement import cohen_kappa

    paired = _paired_with_consensus(dataset, from_round)
    keys = ["marker", "rater_id"] if per_marker else ["rater_id"]
    columns = ["marker", *KAPPA_COLUMNS] if per_marker else KAPPA_COLUMNS
    rows = []
    order = {code: i for i, code in enumerate(dataset.marker_codes)}
    for key, part in sorted(
        paired.groupby(keys, sort=False),
        key=lambda kv: (order.get(kv[0][0], -1), kv[0][-1]) if per_marker else kv[0],
    ):
        key = key if isinstance(key, tuple) else (key,)
        est = cohen_kappa(
            part["score"].to_numpy(),
            part["consensus"].to_numpy(),
            weights=weights,
            categories=dataset.levels,
        )
        row = dict(zip(keys, key, strict=True))
        row.update(
            college=part["college"].iloc[0],
            kappa=float(est.value),
            se=float(est.se),
            ci_low=float(est.ci_low),
            ci_high=float(est.ci_high),
            n_scores=len(part),
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


ROUND_COLUMNS = [
    "marker",
    "round",
    "value",
    "ci_low",
    "ci_high",
    "n_units",
    "n_raters",
    "change",
    "change_low",
    "change_high",
]


@validate_params({"level": LEVEL, "n_boot": N_BOOT, "confidence": CONFIDENCE})
def round_comparison(
    dataset,
    *,
    rounds: tuple[str, str] = ("individuel", "revise"),
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | None = None,
) -> pd.DataFrame:
    """Does agreement rise after discussion? Krippendorff's alpha per marker and round.

    Alpha (with its bootstrap percentile interval,
    :func:`amiris_lab.agreement.bootstrap_alpha`) is computed per marker in each
    round on the *same* projects: those scored by at least two members in both
    rounds. ``change`` is the round's alpha minus the first round's (0 for the
    first). Its interval (``change_low, change_high``, on the second round's row)
    is a paired percentile bootstrap: both rounds are bootstrapped with the same
    seed on the same projects in the same order, so each resample draws the same
    projects in both rounds, and the interval is taken over the resampled
    differences. An interval above 0 says discussion raised agreement.

    Parameters
    ----------
    dataset : MarkerDataset
    rounds : pair of round names, default ("individuel", "revise")
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"
    n_boot : int, default 1000
    confidence : float, default 0.95
    seed : int, optional

    Returns
    -------
    DataFrame
        ``marker, round, value, ci_low, ci_high, n_units, n_raters, change,
        change_low, change_high``, markers in display order, rounds in the
        given order.

    Raises
    ------
    ParameterError
        When a round has no individual score (e.g. no ``revise`` round was held).

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = round_comparison(make_demo_dataset(years=(2019,)), n_boot=50, seed=1)
    >>> list(table["round"].unique())
    ['individuel', 'revise']
    """
    rounds = tuple(rounds)
    if len(rounds) != 2:
        raise ParameterError(
            f"The 'rounds' parameter of round_comparison must hold two round names. Got {rounds!r} instead."
        )
    for r in rounds:
        check_param(r, ROUND, name="rounds", func="round_comparison")
    from ..agreement import bootstrap_alpha

    tables = {r: individual_scores(dataset, r) for r in rounds}
    for r, table in tables.items():
        if table.empty:
            raise ParameterError(
                f"The dataset has no individual score in round {r!r}: nothing to compare. "
                f"Its rounds are {', '.join(sorted(set(dataset.scores['round'].astype(str))))}."
            )
    rng = np.random.default_rng(seed)
    tail = (1 - confidence) / 2
    rows = []
    for marker in dataset.marker_codes:
        parts = {r: t[t["marker"] == marker] for r, t in tables.items()}
        pairable = [
            set(ids[ids >= 2].index)
            for ids in (parts[r].groupby("project_id").size() for r in rounds)
        ]
        common = pairable[0] & pairable[1]
        if not common:
            continue
        marker_seed = int(rng.integers(2**32))
        boots = []
        for r in rounds:
            ratings = wide(parts[r][parts[r]["project_id"].isin(common)])
            boot = bootstrap_alpha(
                ratings,
                level=level,
                n_boot=n_boot,
                confidence=confidence,
                seed=marker_seed,
                categories=dataset.levels,
            )
            boots.append(boot)
            rows.append(
                {
                    "marker": marker,
                    "round": r,
                    "value": float(boot.value),
                    "ci_low": float(boot.ci_low),
                    "ci_high": float(boot.ci_high),
                    "n_units": len(common),
                    "n_raters": int(ratings.notna().any().sum()),
                    "change": float(boot.value) - float(boots[0].value),
                    "change_low": np.nan,
                    "change_high": np.nan,
                }
            )
        # same projects, same seed: resample b draws the same projects in both rounds
        diff = boots[1].samples - boots[0].samples
        diff = diff[np.isfinite(diff)]
        if diff.size:
            rows[-1]["change_low"], rows[-1]["change_high"] = (
                float(v) for v in np.quantile(diff, [tail, 1 - tail])
            )
    return pd.DataFrame(rows, columns=ROUND_COLUMNS)
