"""The agreement table: one tidy row per marker (and group) and statistic.

:data:`STATISTICS` maps each statistic's name to the coefficient of
:mod:`amiris_lab.agreement` it calls and to the band used to read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_
from ._common import (
    check_confidence,
    check_option,
    check_round,
    individual_scores,
    show_progress,
    wide,
)

#: Statistic name -> (coefficient call, interval, band). ``weights`` is the
#: ``weights=`` argument of :func:`agreement_table` (default Gwet's ordinal
#: weights) and ``level`` its ``level=``.
STATISTICS: dict[str, str] = {
    "alpha": "Krippendorff's alpha at `level` (krippendorff_alpha); percentile interval of "
    "bootstrap_alpha (projects resampled, n_boot resamples), se = bootstrap standard deviation; "
    "band: Krippendorff (0.667 / 0.800).",
    "ac1": "Gwet's AC1: gwet_ac(weights='identity'); Gwet's analytic se and interval; "
    "band: Gwet's probabilistic benchmark on the Landis and Koch scale.",
    "ac2": "Gwet's AC2: gwet_ac(weights=`weights`); as ac1.",
    "fleiss": "Fleiss' kappa: fleiss_kappa(weights='identity'); as ac1.",
    "conger": "Conger's kappa: conger_kappa(weights='identity'); as ac1.",
    "bp": "Brennan and Prediger's coefficient: brennan_prediger(weights='identity'); as ac1.",
    "percent_agreement": "Observed agreement: percent_agreement(weights='identity') with Gwet's "
    "se and interval; no band (not corrected for chance).",
    "icc": "ICC1, one-way random effects, single rater (icc, row 'ICC1'): members score "
    "different subsets of projects, so raters are not crossed and the one-way model is the one "
    "that fits. Each project keeps its first k scores in rater order, k = the median number of "
    "scores per project (at least 2); projects with fewer are left out. F-test interval; "
    "se = NaN; band: Koo and Li (2016).",
}

TABLE_COLUMNS = [
    "statistic",
    "value",
    "se",
    "ci_low",
    "ci_high",
    "n_units",
    "n_raters",
    "n_ratings",
    "band",
]
Weights = Literal["identity", "linear", "quadratic", "ordinal"]
ALL = "all"


def _check_by(dataset, by) -> list[str]:
    if isinstance(by, str):
        by = [part.strip() for part in by.split(",") if part.strip()]
    by = list(by)
    allowed = [
        "marker",
        "dimension",
        "college",
        *[c for c in dataset.projects.columns if c not in ("project_id", "dimension")],
    ]
    for key in by:
        if key not in allowed:
            raise ParameterError(
                f"The 'by' parameter of agreement_table accepts 'marker', 'dimension', 'college' "
                f"or a project column ({', '.join(repr(a) for a in allowed[3:])}). "
                f"Got {key!r} instead."
            )
    if len(set(by)) != len(by):
        raise ParameterError(f"The 'by' parameter of agreement_table repeats a column: {by!r}.")
    return by


def _check_statistics(statistics) -> list[str]:
    if isinstance(statistics, str):
        statistics = [part.strip() for part in statistics.split(",") if part.strip()]
    statistics = list(statistics)
    if not statistics:
        raise ParameterError(
            "The 'statistics' parameter of agreement_table is empty: name at least one."
        )
    for name in statistics:
        check_option("agreement_table", "statistics", name, STATISTICS)
    return list(dict.fromkeys(statistics))


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


def _band(statistic: str, value: float, se: float, lang: str) -> str | None:
    from ..agreement import bands

    if statistic == "percent_agreement":
        return None
    if not np.isfinite(value):
        return bands.interpret(np.nan, lang=lang)  # "indéfini" / "undefined"
    if statistic == "alpha":
        return bands.interpret(value, scale="krippendorff", lang=lang)
    if statistic == "icc":
        return bands.interpret(value, scale="koo_li", lang=lang)
    if np.isfinite(se) and se > 0:
        return _gwet_band(bands.gwet_benchmark(value, se, scale="landis_koch", lang=lang))
    return bands.interpret(value, scale="landis_koch", lang=lang)


def _gwet_band(benchmark: pd.DataFrame) -> str:
    """The band Gwet's procedure retains: the first, from the top, whose cumulative
    membership probability reaches 95%."""
    for column in ("selected", "retained", "chosen"):
        if column in benchmark.columns:
            return str(benchmark.loc[benchmark[column].astype(bool)].iloc[0]["band"])
    cumulative = benchmark["cumulative"].to_numpy(dtype=float)
    return str(benchmark["band"].iloc[int(np.argmax(cumulative >= 0.95))])


def _cell(
    ratings: pd.DataFrame, statistic: str, *, level, weights, categories, n_boot, confidence, seed
):
    """(value, se, ci_low, ci_high, n_units, n_raters) of one statistic on one matrix."""
    from .. import agreement

    scored = ~np.isnan(ratings.to_numpy())
    n_raters = int(scored.any(axis=0).sum())
    if statistic == "alpha":
        boot = agreement.bootstrap_alpha(
            ratings,
            level=level,
            n_boot=n_boot,
            confidence=confidence,
            seed=seed,
            categories=categories,
        )
        n_units = int((scored.sum(axis=1) >= 2).sum())
        return boot.value, boot.se, boot.ci_low, boot.ci_high, n_units, n_raters
    if statistic == "icc":
        slots = _slots(ratings)
        if len(slots) < 2:
            return np.nan, np.nan, np.nan, np.nan, len(slots), n_raters
        row = agreement.icc(slots).loc["ICC1"]
        return row["value"], np.nan, row["ci_low"], row["ci_high"], int(row["n_units"]), n_raters
    func, w = {
        "ac1": (agreement.gwet_ac, "identity"),
        "ac2": (agreement.gwet_ac, weights),
        "fleiss": (agreement.fleiss_kappa, "identity"),
        "conger": (agreement.conger_kappa, "identity"),
        "bp": (agreement.brennan_prediger, "identity"),
        "percent_agreement": (agreement.percent_agreement, "identity"),
    }[statistic]
    est = func(ratings, weights=w, categories=categories, confidence=confidence)
    return est.value, est.se, est.ci_low, est.ci_high, int(est.n_units), int(est.n_raters)


def agreement_table(
    dataset,
    *,
    by: Sequence[str] | str = ("marker",),
    statistics: Sequence[str] | str = ("alpha", "ac2", "percent_agreement"),
    round: Literal["individuel", "revise"] = "individuel",
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
    weights: Weights = "ordinal",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | None = None,
    year=None,
    progress: bool | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Agreement between committee members, per marker (and year, college...), with intervals.

    For every group of ``by`` the units x raters matrix of the round's member
    scores is built exactly as :meth:`MarkerDataset.ratings` builds it (the
    consensus pseudo-rater is never a rater) and each statistic of
    :data:`STATISTICS` is computed on it with the dataset's scale as
    ``categories``:

    ======================  ==================================================
    ``alpha``               Krippendorff's alpha at ``level``, bootstrap interval
    ``ac1`` / ``ac2``       Gwet's AC1 (unweighted) / AC2 (``weights``)
    ``fleiss``, ``conger``  Fleiss' / Conger's kappa (unweighted)
    ``bp``                  Brennan and Prediger (unweighted)
    ``percent_agreement``   observed agreement (unweighted)
    ``icc``                 ICC1 (one-way, single rater), see :data:`STATISTICS`
    ======================  ==================================================

    Parameters
    ----------
    dataset : MarkerDataset
    by : sequence of str or comma-separated str, default ("marker",)
        ``"marker"``, ``"dimension"`` (the markers table's dimension),
        ``"college"`` (each college's members among themselves) or any project
        column (``year``, ``department``, ``stage``, ``decision``...). Without
        ``"marker"`` the markers are pooled: every (project, marker) pair is a
        unit and ``marker`` reads ``"all"`` (so ``by="dimension"`` gives one
        row per dimension, ``by="year"`` one overall row per year). Pooled
        coefficients also count the differences between markers' levels as
        signal, so they run higher than the per-marker ones.
    statistics : sequence of str, default ("alpha", "ac2", "percent_agreement")
        Names from :data:`STATISTICS`.
    round : {"individuel", "revise"}, default "individuel"
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"
        Level of Krippendorff's alpha.
    weights : {"ordinal", "identity", "linear", "quadratic"}, default "ordinal"
        Weights of ``ac2`` (Gwet's ordinal weights by default).
    n_boot : int, default 1000
        Bootstrap resamples for alpha's interval.
    confidence : float, default 0.95
    seed : int, optional
        Same seed, same table (each cell gets its own stream from it).
    year : int or list of int, optional
        Keep only projects of these years first.
    progress : bool, optional
        A progress bar; by default only when stderr is a terminal.
    lang : {"fr", "en"}, optional
        Language of the ``band`` column.

    Returns
    -------
    DataFrame
        Columns ``marker, <other by columns>, statistic, value, se, ci_low,
        ci_high, n_units, n_raters, n_ratings, band``; markers in display
        order, dimensions in the markers table's order, other groups sorted, statistics in the order asked. ``n_units`` is
        the number of units the statistic used (pairable units for alpha,
        every unit for Gwet's family, kept units for ICC), ``n_ratings`` the
        scores in the group's matrix. ``band`` is the reading in words
        (Krippendorff's for alpha, Gwet's probabilistic Landis and Koch
        benchmark for the kappa family, Koo and Li for ICC, empty for percent
        agreement).

    Examples
    --------
    >>> from amiris_lab.data.demo import make_demo_dataset
    >>> table = agreement_table(make_demo_dataset(years=(2019,)), n_boot=200, seed=1)
    >>> table.shape
    (36, 10)
    >>> list(table.columns[:3])
    ['marker', 'statistic', 'value']
    """
    check_round("agreement_table", round)
    if round == "consensus":
        raise ParameterError(
            "The 'round' parameter of agreement_table must be a round of member scores "
            "('individuel' or 'revise'): the consensus round has a single rater."
        )
    by = _check_by(dataset, by)
    statistics = _check_statistics(statistics)
    check_option("agreement_table", "level", level, ("nominal", "ordinal", "interval", "ratio"))
    check_option(
        "agreement_table", "weights", weights, ("identity", "linear", "quadratic", "ordinal")
    )
    check_confidence("agreement_table", confidence)
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 1:
        raise ParameterError(
            f"The 'n_boot' parameter of agreement_table must be a positive integer. Got {n_boot!r} instead."
        )
    lang = get_language(lang)
    if year is not None:
        dataset = dataset.filter(year=year)

    scores = individual_scores(dataset, round)
    project_keys = [k for k in by if k not in ("marker", "dimension", "college")]
    if project_keys:
        info = dataset.projects[["project_id", *project_keys]].copy()
        info["project_id"] = info["project_id"].astype(str)
        for key in project_keys:
            info[key] = info[key].astype(object)
        scores = scores.merge(info, on="project_id", how="left")
    if "dimension" in by:
        dims = dict(
            zip(dataset.markers["code"].astype(str), dataset.markers["dimension"], strict=True)
        )
        scores = scores.assign(dimension=scores["marker"].map(dims))
    if "marker" not in by:
        scores = scores.assign(project_id=scores["project_id"] + "|" + scores["marker"], marker=ALL)
    keys = ["marker", *[k for k in by if k != "marker"]]
    order = {code: i for i, code in enumerate(dataset.marker_codes)}

    groups = []
    if not scores.empty:
        for key, part in scores.groupby(keys, sort=False, dropna=False):
            groups.append((tuple(key), part))
    dim_order = {d: f"{i:04d}" for i, d in enumerate(dict.fromkeys(dataset.markers["dimension"]))}

    def sort_key(item):
        key = item[0]
        rest = [
            dim_order.get(v, str(v)) if k == "dimension" else str(v)
            for k, v in zip(keys[1:], key[1:], strict=True)
        ]
        return (order.get(key[0], -1), *rest)

    groups.sort(key=sort_key)

    seeds = np.random.SeedSequence(seed).generate_state(max(len(groups), 1))
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(groups) * len(statistics),
        desc=t_("Accord", lang=lang),
        disable=not show_progress(progress),
        leave=False,
    )
    rows = []
    categories = dataset.levels
    try:
        for (key, part), cell_seed in zip(groups, seeds, strict=False):
            ratings = wide(part)
            n_ratings = int((~np.isnan(ratings.to_numpy())).sum())
            for statistic in statistics:
                value, se, low, high, n_units, n_raters = _cell(
                    ratings,
                    statistic,
                    level=level,
                    weights=weights,
                    categories=categories,
                    n_boot=int(n_boot),
                    confidence=float(confidence),
                    seed=int(cell_seed),
                )
                value, se, low, high = (float(v) for v in (value, se, low, high))
                row = dict(zip(keys, key, strict=True))
                row.update(
                    statistic=statistic,
                    value=value,
                    se=se,
                    ci_low=low,
                    ci_high=high,
                    n_units=n_units,
                    n_raters=n_raters,
                    n_ratings=n_ratings,
                    band=_band(statistic, value, se, lang),
                )
                rows.append(row)
                bar.update()
    finally:
        bar.close()
    table = pd.DataFrame(rows, columns=[*keys, *TABLE_COLUMNS])
    for column in ("n_units", "n_raters", "n_ratings"):
        table[column] = table[column].astype(int)
    return table


def readable_agreement_table(
    table: pd.DataFrame, *, digits: int = 3, lang: str | None = None
) -> pd.DataFrame:
    """The agreement table with headers, statistic names and numbers for people to read.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`agreement_table`.
    digits : int, default 3
    lang : {"fr", "en"}, optional

    Returns
    -------
    DataFrame
        Same rows; values rounded, the interval as one ``[low ; high]`` text
        column, headers and statistic names in the language in force.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"marker": ["M01"], "statistic": ["alpha"], "value": [0.71234],
    ...     "se": [0.05], "ci_low": [0.6], "ci_high": [0.8], "n_units": [40], "n_raters": [6],
    ...     "n_ratings": [200], "band": ["provisoire"]})
    >>> readable_agreement_table(t, lang="en").iloc[0, :4].tolist()
    ['M01', "Krippendorff's α", '0.712', '[0.600; 0.800]']
    """
    lang = get_language(lang)
    names = {
        "alpha": N_("α de Krippendorff"),
        "ac1": N_("AC1 de Gwet"),
        "ac2": N_("AC2 de Gwet"),
        "fleiss": N_("κ de Fleiss"),
        "conger": N_("κ de Conger"),
        "bp": N_("Brennan-Prediger"),
        "percent_agreement": N_("Accord observé"),
        "icc": N_("CCI(1)"),
    }
    headers = {
        "marker": N_("Marqueur"),
        "year": N_("Année"),
        "college": N_("Collège"),
        "statistic": N_("Statistique"),
        "value": N_("Valeur"),
        "ci": N_("IC"),
        "n_units": N_("Projets"),
        "n_raters": N_("Membres"),
        "n_ratings": N_("Notes"),
        "band": N_("Lecture"),
    }
    sep = " ; " if lang == "fr" else "; "

    def number(v) -> str:
        if pd.isna(v):
            return "–"
        text = f"{float(v):.{digits}f}"
        return text.replace(".", ",") if lang == "fr" else text

    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        if column in ("se", "ci_low", "ci_high"):
            continue
        if column == "statistic":
            out[column] = [t_(names.get(s, s), lang=lang) for s in table[column]]
        elif column == "value":
            out[column] = [number(v) for v in table[column]]
            out["ci"] = [
                "" if pd.isna(lo) else f"[{number(lo)}{sep}{number(hi)}]"
                for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ]
        elif column == "band":
            out[column] = table[column].fillna("").astype(str)
        else:
            out[column] = table[column]
    out.columns = [t_(headers[c], lang=lang) if c in headers else c for c in out.columns]
    return out.reset_index(drop=True)
