"""Projects counted by decision: stacked bars in natural order, decision colours."""

from __future__ import annotations

import unicodedata

import pandas as pd

from ..definitions import VOCABULARIES, vocabulary_label
from ..i18n import get_language, t_
from ..numbers import tick_formatter
from ._style import despine, new_axes, require_columns
from .palette import DECISION_ORDER, colours_for


def category_label(kind: str, value, *, lang: str | None = None) -> str:
    """How a reader sees a category: the format's label, else the user's own spelling.

    A code of the format's vocabularies gets its label (« 62 Pas-de-Calais »,
    « Émergence », « Santé »); a value the user typed keeps its spelling
    (accents, case); values of other columns (years...) are shown as they are.

    Examples
    --------
    >>> category_label("stage", "emergence"), category_label("sector", "économie circulaire")
    ('Émergence', 'économie circulaire')
    """
    text = str(value)
    try:
        return vocabulary_label(kind, text, lang=lang)
    except KeyError:  # not a vocabulary of the format (a year, a user's column)
        return text


def _sort_key(value) -> tuple[str, str]:
    """Alphabetical as in a French dictionary: « économie » among the e (labels keep accents)."""
    text = str(value).casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare, text


def natural_order(kind: str, values) -> list:
    """Values in the order a reader expects: the vocabulary's order (departments
    02 → 80, stages émergence → expérimentation → essaimage), numbers ascending,
    other text alphabetically.

    Examples
    --------
    >>> natural_order("stage", ["essaimage", "emergence", "experimentation"])
    ['emergence', 'experimentation', 'essaimage']
    >>> natural_order("decision", ["Non labellisé", "Ajourné", "Labellisé"])
    ['Labellisé', 'Ajourné', 'Non labellisé']
    >>> natural_order("department", ["80", "02", "62"])
    ['02', '62', '80']
    >>> natural_order("sector", ["mobilité", "économie circulaire", "culture"])
    ['culture', 'économie circulaire', 'mobilité']
    """
    values = list(dict.fromkeys(values))
    codes = DECISION_ORDER if kind == "decision" else tuple(VOCABULARIES.get(kind, ()))
    # a code and its labels (« labellise », « Labellisé », « Labelled ») share a rank
    rank = {}
    for i, code in enumerate(codes):
        for name in (code, *VOCABULARIES[kind][code]):
            rank.setdefault(name, i)
    known = sorted((v for v in values if v in rank), key=lambda v: rank[v])
    rest = [v for v in values if v not in known]
    try:
        rest = sorted(rest, key=float)
    except (TypeError, ValueError):
        rest = sorted(rest, key=_sort_key)
    return known + rest


def decision_counts(
    projects: pd.DataFrame, *, by: str, total: bool = False, lang: str | None = None
) -> pd.DataFrame:
    """Number of projects per value of ``by`` and decision, labelled and in natural order.

    Parameters
    ----------
    projects : DataFrame
        ``dataset.projects`` (columns ``decision`` and ``by``).
    by : str
        A column of ``projects`` (``department``, ``stage``, ``year``...).
    total : bool, default False
        Add a « Total » row and column.
    lang : {"fr", "en"}, optional

    Returns
    -------
    DataFrame
        One row per value of ``by`` (natural order, readable labels), one
        column per decision (labellisé, ajourné, non labellisé), integers.

    Examples
    --------
    >>> p = pd.DataFrame({"stage": ["essaimage", "emergence", "emergence"],
    ...                   "decision": ["ajourne", "labellise", "non_labellise"]})
    >>> decision_counts(p, by="stage")
               Labellisé  Ajourné  Non labellisé
    Émergence          1        0              1
    Essaimage          0        1              0
    """
    require_columns(projects, [by, "decision"], func="decision_counts")
    rows = projects[by].astype(str) if by != "year" else projects[by]
    table = pd.crosstab(rows, projects["decision"].astype(str))
    table = table.reindex(
        index=natural_order(by, table.index),
        columns=natural_order("decision", table.columns),
        fill_value=0,
    )
    table.index = [category_label(by, v, lang=lang) for v in table.index]
    if by not in VOCABULARIES and by != "year":  # open vocabulary: alphabetical by label
        table = table.iloc[sorted(range(len(table)), key=lambda i: _sort_key(table.index[i]))]
    table.columns = [category_label("decision", v, lang=lang) for v in table.columns]
    if total:
        name = t_("Total", lang=lang)
        table[name] = table.sum(axis=1)
        table.loc[name] = table.sum(axis=0)
    table.index.name = None
    table.columns.name = None
    return table


def decision_bars(
    projects: pd.DataFrame,
    *,
    by: str,
    title: str | None = None,
    legend: bool = True,
    ax=None,
    lang: str | None = None,
):
    """Stacked bars of projects per value of ``by``, one colour per decision.

    Rows read top to bottom in natural order (years left to right); the
    decisions are stacked and listed in the legend in the same order as the
    columns of :func:`decision_counts`; the count axis starts at 0 with integer
    ticks only.

    Parameters
    ----------
    projects : DataFrame
        ``dataset.projects``.
    by : str
        Column to count by; ``"year"`` gives vertical bars.
    title : str, optional
    legend : bool, default True
        Legend of decisions under the bars (never over them).
    ax : Axes, optional
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> p = pd.DataFrame({"department": ["80", "02", "02"],
    ...                   "decision": ["ajourne", "labellise", "non_labellise"]})
    >>> ax = decision_bars(p, by="department")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['02 Aisne', '80 Somme']
    """
    from matplotlib.ticker import MaxNLocator

    lang = get_language(lang)
    table = decision_counts(projects, by=by, lang=lang)
    vertical = by == "year"
    ax = new_axes(ax, figsize=(6, 0.4 * len(table) + 1.6), lang=lang)
    colours = colours_for("decision", table.columns)
    table.plot(
        kind="bar" if vertical else "barh",
        stacked=True,
        ax=ax,
        color=colours,
        legend=False,
        width=0.7,
        rot=0,
    )
    count_axis = ax.yaxis if vertical else ax.xaxis
    count_axis.set_major_locator(MaxNLocator(integer=True))
    count_axis.set_major_formatter(tick_formatter(digits=0, lang=lang))
    label = t_("projets", lang=lang)
    if vertical:
        ax.set_ylabel(label)
        ax.set_xlabel("")
        ax.set_ylim(bottom=0)
    else:
        ax.set_xlabel(label)
        ax.set_ylabel("")
        ax.set_xlim(left=0)
        ax.invert_yaxis()  # first row on top
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14 if vertical else -0.18),
            ncol=len(table.columns),
            frameon=False,
            fontsize=9,
        )
    despine(ax)
    return ax
