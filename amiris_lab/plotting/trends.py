"""Key figures over the years: one small panel per indicator, honest axes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ..exceptions import ParameterError
from ..i18n import N_, get_language, t_
from ..numbers import tick_formatter
from ._style import despine, require_columns, scale_frame, wrap

#: How each indicator of the key figures is drawn: kind of axis, title and axis name
#: (French messages of the catalogue).
TREND_INDICATORS = {
    "applications": ("count", N_("Candidatures"), N_("projets")),
    "labelled_share": (
        "share",
        N_("Part de projets labellisés"),
        N_("part des projets"),
    ),
    "mean_consensus": (
        "mean",
        N_("Note moyenne de consensus"),
        N_("note moyenne"),
    ),
    "mean_individual": (
        "mean",
        N_("Note individuelle moyenne"),
        N_("note moyenne"),
    ),
    "raters": ("count", N_("Membres du comité"), N_("membres")),
    "not_scored_share": (
        "share",
        N_("Part de notes vides"),
        N_("part des notes"),
    ),
}


def trend_panels(
    key_figures: pd.DataFrame,
    *,
    indicators: Sequence[str] = ("applications", "labelled_share", "mean_consensus"),
    scale: pd.DataFrame | None = None,
    colour: str = "#0072B2",
    lang: str | None = None,
):
    """One panel per indicator across the years, on axes that do not exaggerate.

    Counts start at 0 with whole-number ticks only; shares are drawn from 0 to
    100 % as percentages; mean scores span the whole scale (0 to 3 for the Godin
    scale), so that a change of 0,07 level looks like what it is. Years are
    whole-number ticks; numbers follow the reader's language.

    Parameters
    ----------
    key_figures : DataFrame
        Key figures of several years concatenated (columns ``year, indicator,
        marker, value``, see :func:`amiris_lab.reports.key_figures`); only
        rows with an empty ``marker`` are drawn.
    indicators : sequence of str
        Among ``applications``, ``labelled_share``, ``mean_consensus``,
        ``mean_individual``, ``raters``, ``not_scored_share``.
    scale : DataFrame, optional
        The scale (default: the Godin 0-3 scale) for the range of mean scores.
    colour : str, default blue
    lang : {"fr", "en"}, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> kf = pd.DataFrame({"year": [2018, 2019] * 2, "marker": "",
    ...     "indicator": ["applications"] * 2 + ["mean_consensus"] * 2,
    ...     "value": [12.0, 12.0, 1.51, 1.58]})
    >>> fig = trend_panels(kf, indicators=("applications", "mean_consensus"), lang="fr")
    >>> [tuple(float(v) for v in ax.get_ylim()) for ax in fig.axes]
    [(0.0, 14.0), (0.0, 3.0)]
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, MaxNLocator

    lang = get_language(lang)
    require_columns(key_figures, ["year", "indicator", "marker", "value"], func="trend_panels")
    unknown = [i for i in indicators if i not in TREND_INDICATORS]
    if unknown:
        raise ParameterError(
            f"The 'indicators' parameter of trend_panels must be among "
            f"{', '.join(TREND_INDICATORS)}. Got {unknown[0]!r} instead."
        )
    overall = key_figures[key_figures["marker"].fillna("") == ""]
    table = overall.pivot_table(index="year", columns="indicator", values="value")
    levels = [float(v) for v in scale_frame(scale)["level"]]
    fig, axes = plt.subplots(
        1, len(indicators), figsize=(2.45 * len(indicators), 2.5), squeeze=False
    )
    for ax, indicator in zip(axes.flat, indicators, strict=True):
        kind, title, unit = TREND_INDICATORS[indicator]
        values = table[indicator] if indicator in table else pd.Series(dtype=float)
        years = [int(y) for y in values.index]
        ax.plot(years, values.to_numpy(float), marker="o", color=colour, linewidth=1.8)
        ax.set_title(wrap(t_(title, lang=lang), 24), fontsize=10)
        ax.set_ylabel(t_(unit, lang=lang), fontsize=9.5)
        ax.tick_params(labelsize=9)
        ax.xaxis.set_major_locator(FixedLocator(years))
        ax.xaxis.set_major_formatter(lambda v, _pos: str(int(round(v))))
        if kind == "count":
            top = float(values.max()) if len(values) else 1.0
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))
            ax.set_ylim(0, max(1, math.ceil(top * 1.15)))
            ax.yaxis.set_major_formatter(tick_formatter(digits=0, lang=lang))
        elif kind == "share":
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
            ax.yaxis.set_major_formatter(tick_formatter(percent=True, lang=lang))
        else:
            ax.set_ylim(min(levels), max(levels))
            ax.yaxis.set_major_locator(FixedLocator(levels))
            ax.yaxis.set_major_formatter(tick_formatter(lang=lang))
        if len(years) == 1:
            ax.set_xlim(years[0] - 1, years[0] + 1)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        despine(ax)
    fig.tight_layout()
    return fig
