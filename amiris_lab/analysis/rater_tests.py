"""Which members score apart from the committee's consensus: a test adjusted for multiplicity.

For every member, the difference between each of their scores and the
consensus score (rater ``COMITE``) of the same project and marker is averaged;
its standard error is clustered by project (one member's differences on a
project's twelve markers share that project's consensus and are not
independent) and a Student t test on ``n_projects - 1`` degrees of freedom asks
whether the mean difference is 0. With fifteen members, fifteen tests at 5 %
would single out about one member in two runs by chance alone, so the p-values
are adjusted for multiple comparisons: Holm (1979) by default, which keeps the
probability of flagging *any* member wrongly at 5 % (family-wise error rate,
whatever the dependence between the tests), or Benjamini and Hochberg (1995),
which keeps the expected share of wrong flags among the flagged at 5 % (false
discovery rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._param_validation import CONFIDENCE, PROBABILITY, Interval, check_option, validate_params
from ..definitions import CONSENSUS_RATER
from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_
from ._common import MEMBER_ROUND, individual_scores, round_scores
from .raters import _clustered_mean
from .reading import format_interval, format_number

ADJUSTMENTS = ("holm", "fdr_bh")
_MARGIN = Interval(Real, 0, None, closed="left", description="a number of levels, 0 or more")
GAP_COLUMNS = [
    "rater_id",
    "college",
    "gap",
    "se",
    "ci_low",
    "ci_high",
    "t",
    "df",
    "p_value",
    "p_adjusted",
    "n_scores",
    "n_projects",
]


def adjust_pvalues(p_values, *, method: Literal["holm", "fdr_bh"] = "holm") -> np.ndarray:
    """P-values adjusted for multiple comparisons (Holm step-down or Benjamini-Hochberg step-up).

    Parameters
    ----------
    p_values : array-like of float
        NaN entries are left out of the family and stay NaN.
    method : {"holm", "fdr_bh"}, default "holm"
        ``"holm"``: ``p_(i) * (m - i + 1)``, made non-decreasing, capped at 1
        (controls the family-wise error rate); ``"fdr_bh"``: ``p_(i) * m / i``,
        made non-increasing from the largest, capped at 1 (controls the false
        discovery rate). Same values as ``statsmodels.stats.multitest.multipletests``
        (checked in the tests).

    Returns
    -------
    ndarray
        Adjusted p-values, in the order given.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005]).round(3).tolist()
    [0.03, 0.06, 0.06, 0.02]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], method="fdr_bh").round(3).tolist()
    [0.02, 0.04, 0.04, 0.02]
    """
    check_option(method, ADJUSTMENTS, name="method", func="adjust_pvalues")
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    keep = ~np.isnan(p)
    values = p[keep]
    m = values.size
    if m == 0:
        return out
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    i = np.arange(1, m + 1)
    if method == "holm":
        adjusted = np.maximum.accumulate(ranked * (m - i + 1))
    else:
        adjusted = np.minimum.accumulate((ranked * m / i)[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[keep] = result
    return out


def _gap_table(paired: pd.DataFrame, *, confidence: float, adjust: str, margin: float):
    """Per member: mean ``gap``, clustered SE, t interval, (minimum-effect) test, adjustment.

    ``paired`` has one row per member score: ``rater_id, college, project_id, gap``.
    """
    out = _clustered_mean(paired, ["rater_id"], confidence).rename(columns={"severity": "gap"})
    colleges = dict(zip(paired["rater_id"], paired["college"], strict=False))
    out["college"] = out["rater_id"].map(colleges)
    out["df"] = (out["n_projects"] - 1).astype(float).where(out["n_projects"] > 1)
    gap, se = out["gap"].to_numpy(dtype=float), out["se"].to_numpy(dtype=float)
    df = out["df"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["t"] = gap / se
        far = (np.abs(gap) - margin) / se
        near = (-np.abs(gap) - margin) / se
    p = np.full(len(out), np.nan)
    ok = np.isfinite(df)
    p[ok] = stats.t.sf(far[ok], df[ok]) + stats.t.cdf(near[ok], df[ok])
    p[ok & (se == 0) & (np.abs(gap) <= margin)] = 1.0  # no spread, within the margin
    out["p_value"] = np.minimum(p, 1.0)
    out["p_adjusted"] = adjust_pvalues(out["p_value"], method=adjust)
    out["n_scores"] = out["n_scores"].astype(int)
    out["n_projects"] = out["n_projects"].astype(int)
    return out[GAP_COLUMNS]


@validate_params(
    {"round": MEMBER_ROUND, "confidence": CONFIDENCE, "adjust": ADJUSTMENTS, "margin": _MARGIN}
)
def rater_consensus_gap(
    dataset,
    *,
    round: Literal["individuel", "revise"] = "individuel",
    confidence: float = 0.95,
    adjust: Literal["holm", "fdr_bh"] = "holm",
    margin: float = 0.0,
    year=None,
) -> pd.DataFrame:
    """Each member's mean difference to the consensus, its interval and an adjusted p-value.

    For every score ``x`` of member ``r`` on project ``p`` and marker ``m``
    with a consensus score ``c`` (rater ``COMITE``) on the same cell, the
    difference is ``x - c``; ``gap`` is its mean over the member's scores.
    Positive = the member scores above the committee's final score.

    The standard error is clustered by project, ``se^2 = P/(P-1) * sum_p
    (sum_{i in p} (d_i - gap))^2 / n^2`` (as :func:`rater_severity`), the
    interval is Student's t on ``P - 1`` degrees of freedom, ``t = gap / se``
    and ``p_value`` its two-sided p-value. ``p_adjusted`` adjusts the p-values
    of all the members of the table together (:func:`adjust_pvalues`).

    With ``margin > 0`` the null hypothesis is "the member is within ``margin``
    of the consensus" (``|mean difference| <= margin``), tested at its boundary:
    ``p = F((-|gap| - margin) / se) + 1 - F((|gap| - margin) / se)`` with F the
    t distribution (a minimum-effect test; ``margin=0`` is the usual two-sided
    test). Use it to flag only differences that matter, e.g. ``margin=0.25``
    (a quarter of a scale level: one score in four a level apart).

    Parameters
    ----------
    dataset : MarkerDataset
    round : {"individuel", "revise"}, default "individuel"
        The members' round compared with the consensus.
    confidence : float, default 0.95
        Level of the (per member, unadjusted) interval.
    adjust : {"holm", "fdr_bh"}, default "holm"
        Holm: family-wise error rate; "fdr_bh": Benjamini-Hochberg false
        discovery rate.
    margin : float, default 0.0
        Smallest difference, in scale levels, that counts (see above).
    year : int or list of int, optional
        Keep only projects of these years.

    Returns
    -------
    DataFrame
        ``rater_id, college, gap, se, ci_low, ci_high, t, df, p_value,
        p_adjusted, n_scores, n_projects``, one row per member with at least
        one score paired with a consensus score, by ``rater_id``;
        ``attrs`` hold ``adjust``, ``confidence`` and ``round``. With a single
        project the standard error, interval and p-values are NaN.

    Examples
    --------
    >>> from amiris_lab import make_demo_dataset
    >>> table = rater_consensus_gap(make_demo_dataset(years=(2019,)))
    >>> list(table.columns[:4]), len(table)
    (['rater_id', 'college', 'gap', 'se'], 15)
    >>> bool((table["p_adjusted"] >= table["p_value"]).all())
    True
    """
    if year is not None:
        dataset = dataset.filter(year=year)
    members = individual_scores(dataset, round)
    consensus = round_scores(dataset, "consensus")
    consensus = consensus[consensus["rater_id"] == CONSENSUS_RATER]
    paired = members.merge(
        consensus[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}),
        on=["project_id", "marker"],
        how="inner",
    )
    if paired.empty:
        out = pd.DataFrame(columns=GAP_COLUMNS)
    else:
        out = _gap_table(
            paired.assign(gap=paired["score"] - paired["consensus"]),
            confidence=float(confidence),
            adjust=adjust,
            margin=float(margin),
        )
    out.attrs.update(adjust=adjust, confidence=float(confidence), round=round, margin=margin)
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class FlaggedRaters:
    """The members flagged by :func:`flag_raters` and the sentence that says so.

    Attributes
    ----------
    flagged : DataFrame
        Rows of the gap table whose adjusted p-value is below ``alpha``, the
        largest gaps first.
    text : str
        One paragraph for a report: the result, then the test used.
    """

    flagged: pd.DataFrame
    text: str

    @property
    def rater_ids(self) -> list[str]:
        return self.flagged["rater_id"].astype(str).tolist()


_METHOD_WORDS = {
    "holm": N_(
        "méthode de Holm, qui borne à {alpha} le risque de désigner à tort ne serait-ce qu'un "
        "membre"
    ),
    "fdr_bh": N_(
        "méthode de Benjamini et Hochberg, qui borne à {alpha} la part attendue de membres "
        "désignés à tort"
    ),
}
# (no margin, with a margin) x (none, one, several members flagged)
_RESULT = {
    (False, 0): N_("Aucun des {total} membres ne s'écarte du consensus au-delà du hasard."),
    (False, 1): N_("1 membre sur {total} s'écarte du consensus : {names}."),
    (False, 2): N_("{n} membres sur {total} s'écartent du consensus : {names}."),
    (True, 0): N_(
        "Aucun des {total} membres ne s'écarte du consensus de plus de {margin}\u00a0niveau "
        "au-delà du hasard."
    ),
    (True, 1): N_(
        "1 membre sur {total} s'écarte du consensus de plus de {margin}\u00a0niveau : {names}."
    ),
    (True, 2): N_(
        "{n} membres sur {total} s'écartent du consensus de plus de {margin}\u00a0niveau : {names}."
    ),
}


@validate_params({"alpha": PROBABILITY})
def flag_raters(
    table: pd.DataFrame, *, alpha: float = 0.05, lang: str | None = None
) -> FlaggedRaters:
    """The members whose scores differ from the consensus beyond chance, and a sentence saying so.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`rater_consensus_gap`.
    alpha : float, default 0.05
        Level of the adjusted test: a member is flagged when ``p_adjusted < alpha``.
    lang : {"fr", "en"}, optional

    Returns
    -------
    FlaggedRaters
        ``flagged`` (rows of ``table``) and ``text``: how many members are
        flagged, each with the direction, size and interval of their gap, then
        which test was used and what its adjustment guarantees.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"rater_id": ["R01", "R02", "R03"], "college": "expert",
    ...     "gap": [-0.31, 0.05, 0.02], "ci_low": [-0.45, -0.05, -0.1],
    ...     "ci_high": [-0.17, 0.15, 0.14], "p_adjusted": [0.001, 0.9, 1.0]})
    >>> result = flag_raters(t, lang="en")
    >>> result.rater_ids
    ['R01']
    >>> print(result.text.split(". ")[0])
    1 member of 3 scores apart from the consensus: R01 (0.31 level below, 95% CI [-0.45; -0.17])
    """
    lang = get_language(lang)
    missing = {"rater_id", "gap", "p_adjusted"} - set(table.columns)
    if missing:
        raise ParameterError(
            f"flag_raters needs the output of rater_consensus_gap; columns {sorted(missing)} "
            "are missing."
        )
    adjust = table.attrs.get("adjust", "holm")
    confidence = float(table.attrs.get("confidence", 0.95))
    flagged = table[table["p_adjusted"] < alpha]
    flagged = flagged.reindex(flagged["gap"].abs().sort_values(ascending=False).index)
    n, total = len(flagged), int(table["p_adjusted"].notna().sum())
    pct = format_number(100 * confidence, digits=0, thresholds=(), lang=lang)

    def one(row) -> str:
        size = format_number(abs(row["gap"]), digits=2, thresholds=(), lang=lang)
        interval = format_interval(row["ci_low"], row["ci_high"], thresholds=(), lang=lang)
        if row["gap"] > 0:
            text = N_("{rater} ({size}\u00a0niveau au-dessus, IC\u00a0{pct}\u00a0% {interval})")
        else:
            text = N_("{rater} ({size}\u00a0niveau en dessous, IC\u00a0{pct}\u00a0% {interval})")
        return t_(text, lang=lang, rater=row["rater_id"], size=size, pct=pct, interval=interval)

    margin = float(table.attrs.get("margin", 0.0))
    shown_margin = format_number(margin, digits=2, thresholds=(), lang=lang)
    names = (" ; " if lang == "fr" else "; ").join(one(r) for _, r in flagged.iterrows())
    result = t_(
        _RESULT[(margin > 0, min(n, 2))],
        lang=lang,
        n=n,
        total=total,
        names=names,
        margin=shown_margin,
    )
    null = (
        t_("un écart d'au plus {margin}\u00a0niveau", lang=lang, margin=shown_margin)
        if margin > 0
        else "0"
    )
    level = t_(
        "{level}\u00a0%",
        lang=lang,
        level=format_number(100 * alpha, digits=0, thresholds=(), lang=lang),
    )
    test = t_(
        "Test utilisé : pour chaque membre, l'écart moyen entre ses notes et la note de "
        "consensus des mêmes projets et marqueurs, testé contre {null} par un test t de Student "
        "dont l'erreur type tient compte des notes d'un même projet ; les p-valeurs des "
        "{total} membres sont ajustées par la {how}.",
        lang=lang,
        null=null,
        total=total,
        how=t_(_METHOD_WORDS[adjust], lang=lang, alpha=level),
    )
    return FlaggedRaters(flagged.reset_index(drop=True), f"{result} {test}")
