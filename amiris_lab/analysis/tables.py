"""The agreement table: one tidy row per marker (and group) and statistic.

Each statistic is one record of
:data:`~amiris_lab.analysis.table_statistics.STATISTIC_RECORDS` (its name, how it
is computed with a coefficient of the one registry
:mod:`amiris_lab.agreement.registry`, its interval, its band and its labels):
:data:`STATISTICS`, the computation, the ``band`` column and
:func:`readable_agreement_table` all read these records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._param_validation import CONFIDENCE, N_BOOT, check_option, validate_params
from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_
from ._common import LEVEL, ROUND, individual_scores, show_progress, wide
from .reading import format_interval, format_number, reliability_legend, reliability_reading
from .table_statistics import STATISTIC_RECORDS, STATISTICS, Options, band_of

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
        check_option(name, STATISTICS, name="statistics", func="agreement_table")
    return list(dict.fromkeys(statistics))


@validate_params(
    {
        "round": ROUND,
        "level": LEVEL,
        "weights": ("identity", "linear", "quadratic", "ordinal"),
        "confidence": CONFIDENCE,
        "n_boot": N_BOOT,
    }
)
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
    if round == "consensus":
        raise ParameterError(
            "The 'round' parameter of agreement_table must be a round of member scores "
            "('individuel' or 'revise'): the consensus round has a single rater."
        )
    by = _check_by(dataset, by)
    statistics = _check_statistics(statistics)
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
    options = Options(level, weights, dataset.levels, int(n_boot), float(confidence), 0)
    try:
        for (key, part), cell_seed in zip(groups, seeds, strict=False):
            ratings = wide(part)
            n_ratings = int((~np.isnan(ratings.to_numpy())).sum())
            for statistic in statistics:
                value, se, low, high, n_units, n_raters = STATISTIC_RECORDS[statistic].compute(
                    ratings, options._replace(seed=int(cell_seed))
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
                    band=band_of(statistic, value, se, lang),
                )
                rows.append(row)
                bar.update()
    finally:
        bar.close()
    table = pd.DataFrame(rows, columns=[*keys, *TABLE_COLUMNS])
    for column in ("n_units", "n_raters", "n_ratings"):
        table[column] = table[column].astype(int)
    table.attrs.update(confidence=float(confidence), level=level, n_boot=int(n_boot))
    return table


def _percent(table: pd.DataFrame, lang: str) -> str:
    """The table's confidence level as a percentage, « 95 »."""
    confidence = float(table.attrs.get("confidence", 0.95))
    return format_number(100 * confidence, digits=0, thresholds=(), lang=lang)


def _ci_header(table: pd.DataFrame, lang: str) -> str:
    pct = _percent(table, lang)
    return t_("IC\u00a0{pct}\u00a0%", lang=lang, pct=pct)


_COUNTS = ("n_units", "n_raters")


def _constant(table: pd.DataFrame, column: str) -> bool:
    return len(table) > 1 and table[column].nunique(dropna=False) == 1


def readable_agreement_table(
    table: pd.DataFrame, *, digits: int = 3, lang: str | None = None
) -> pd.DataFrame:
    """The agreement table with headers, statistic names and numbers for people to read.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`agreement_table`.
    digits : int, default 3
        Decimals shown, one or more added where rounding would move a value
        across a threshold of its scale (0.6655 shows « 0,666 », never « 0,67 »
        beside « insuffisant »).
    lang : {"fr", "en"}, optional

    Returns
    -------
    DataFrame
        Same rows: the ``by`` columns, « Statistique » (only when the table
        holds several statistics: a constant column is said once, in
        :func:`agreement_table_legend`), « Valeur », « IC 95 % » (one
        ``[low ; high]`` text, non-breaking spaces in French), the counts
        (« Projets » and « Membres » only when they differ between rows: the
        same for every row, they are said in the legend),
        « Lecture » (the verdict: for alpha the one reading of
        :func:`~amiris_lab.analysis.reliability_reading`, for the others their
        published band) and, when alpha is in the table, « Certitude (d'après
        l'IC) » (where the whole interval lies with respect to the thresholds).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"marker": ["M01"], "statistic": ["alpha"], "value": [0.6655],
    ...     "se": [0.05], "ci_low": [0.6], "ci_high": [0.8], "n_units": [40], "n_raters": [6],
    ...     "n_ratings": [200], "band": ["insuffisant"]})
    >>> row = readable_agreement_table(t, digits=2, lang="en").iloc[0]
    >>> row[["Marker", "Value", "95% CI", "Reading"]].tolist()
    ['M01', '0.666', '[0.60; 0.80]', 'insufficient']
    >>> row["Certainty (from the CI)"]
    'interval straddles 0.667'
    """
    lang = get_language(lang)
    headers = {
        "marker": N_("Marqueur"),
        "year": N_("Année"),
        "college": N_("Collège"),
        "statistic": N_("Statistique"),
        "value": N_("Valeur"),
        "n_units": N_("Projets"),
        "n_raters": N_("Membres"),
        "n_ratings": N_("Notes"),
        "band": N_("Lecture"),
        "certainty": N_("Certitude (d'après l'IC)"),
    }
    ci_header = _ci_header(table, lang)
    table = table.reset_index(drop=True)  # rows are matched by position below
    statistics = table["statistic"].astype(str) if "statistic" in table else pd.Series(dtype=str)
    records = [STATISTIC_RECORDS.get(name) for name in statistics]
    alpha = table[statistics == "alpha"] if len(table) else table
    reading = reliability_reading(alpha, digits=digits, lang=lang) if len(alpha) else alpha

    def shown(v, record) -> str:
        return format_number(
            v, digits=digits, thresholds=record.thresholds if record else (), lang=lang
        )

    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        if column in ("se", "ci_low", "ci_high"):
            continue
        if column == "statistic":
            if statistics.nunique() > 1:
                out[column] = [
                    t_(r.label, lang=lang) if r else name
                    for r, name in zip(records, statistics, strict=True)
                ]
        elif column == "value":
            out[column] = [shown(v, r) for v, r in zip(table["value"], records, strict=True)]
            out["ci"] = [
                format_interval(
                    lo, hi, digits=digits, thresholds=r.thresholds if r else (), lang=lang
                )
                for lo, hi, r in zip(table["ci_low"], table["ci_high"], records, strict=True)
            ]
        elif column == "band":
            band = table[column].astype(object).where(table[column].notna(), "")
            undefined = t_("non calculable", lang=lang)
            band = band.where(table["value"].notna() | (band == ""), undefined)
            if len(reading):
                band.loc[reading.index] = reading["verdict_label"]
            out[column] = band.astype(str)
            if len(reading):
                out["certainty"] = ""
                out.loc[reading.index, "certainty"] = reading["certainty_label"]
        elif column in _COUNTS and _constant(table, column):
            continue  # said once, in agreement_table_legend
        else:
            out[column] = table[column]
    out.columns = [
        ci_header if c == "ci" else t_(headers[c], lang=lang) if c in headers else c
        for c in out.columns
    ]
    return out


def agreement_table_legend(table: pd.DataFrame, *, lang: str | None = None) -> str:
    """The legend of :func:`readable_agreement_table`: what is shown and how to read it.

    Says the statistic when the table holds only one (its column is then
    dropped), explains « IC » at its first use, and gives the reading of
    :func:`~amiris_lab.analysis.reliability_legend` when alpha is shown.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"marker": ["M01"], "statistic": ["alpha"], "value": [0.7],
    ...                   "ci_low": [0.6], "ci_high": [0.8]})
    >>> legend = agreement_table_legend(t, lang="fr")
    >>> legend.split(". ")[0]
    'Statistique : α de Krippendorff'
    >>> "IC\u00a095\u00a0% : intervalle de confiance à 95\u00a0%" in legend
    True
    """
    lang = get_language(lang)
    names = list(dict.fromkeys(table["statistic"].astype(str))) if "statistic" in table else []
    records = [STATISTIC_RECORDS[n] for n in names if n in STATISTIC_RECORDS]
    confidence = float(table.attrs.get("confidence", 0.95))
    parts = []
    if len(records) == 1:
        parts.append(t_("Statistique : {name}.", lang=lang, name=t_(records[0].label, lang=lang)))
    if all(c in table for c in _COUNTS) and all(_constant(table, c) for c in _COUNTS):
        parts.append(
            t_(
                "Chaque ligne : {n_units} projets, {n_raters} membres.",
                n_units=int(table["n_units"].iloc[0]),
                n_raters=int(table["n_raters"].iloc[0]),
                lang=lang,
            )
        )
    alpha = STATISTIC_RECORDS["alpha"]
    if alpha in records:
        parts.append(reliability_legend(confidence=confidence, interval=alpha.interval, lang=lang))
    others = [r for r in records if r is not alpha]
    if others:
        if alpha not in records:
            parts.append(
                t_(
                    "IC\u00a0{pct}\u00a0% : intervalle de confiance à {pct}\u00a0%, la plage où se "
                    "trouve le plus vraisemblablement la vraie valeur.",
                    lang=lang,
                    pct=_percent(table, lang),
                )
            )
        sep = " ; " if lang == "fr" else "; "
        how = sep.join(
            t_(
                "{name} : {interval}",
                lang=lang,
                name=t_(r.label, lang=lang),
                interval=t_(r.interval, lang=lang),
            )
            for r in others
        )
        parts.append(t_("Intervalles : {how}.", lang=lang, how=how))
        parts.append(
            t_(
                "Lecture des autres statistiques : bandes de Landis et Koch selon la procédure "
                "probabiliste de Gwet (famille kappa et AC), de Koo et Li (CCI) ; l'accord observé "
                "n'est pas corrigé du hasard et n'a pas de lecture.",
                lang=lang,
            )
        )
    return " ".join(parts)
